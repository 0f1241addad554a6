// cv_calib_scan.hpp - the bounded look at a camera file's bytes before
// OpenCV's FileStorage parses them (cv_calib_file.cpp).
//
// FileStorage recurses once per level of nesting and crashes (SIGSEGV) on a
// file nested a few hundred thousand levels deep; it names no line for
// anything it finds wrong after parsing.  So the file is scanned first, in
// one pass over at most CVS_CALIB_MAX_FILE_BYTES: NUL bytes are refused, the
// nesting depth is measured as the format counts it (YAML: indentation,
// "- " items and flow brackets; JSON: brackets; XML: elements) and refused
// past CVS_CALIB_MAX_DEPTH, and the line of each top-level key is noted so
// that every later error names file:line.  The YAML estimate errs on the
// deep side: a bracket inside quotes still opens a level.
#ifndef CV_CALIB_SCAN_HPP
#define CV_CALIB_SCAN_HPP

#include <cstddef>
#include <string>
#include <vector>

enum calib_format { CALIB_YAML, CALIB_JSON, CALIB_XML };

struct calib_scan {
	calib_format format = CALIB_YAML;
	long lines = 0; // lines in the file
	std::vector<std::pair<std::string, long>> keys; // top-level keys, their lines

	// The line of the first top-level key named key, or 0.
	long line_of(const char *key) const;
};

// Scan buf[len] (the file named path): LV_OK, or LV_EDATA located at the
// offending line (a NUL byte, nesting deeper than CVS_CALIB_MAX_DEPTH).
int calib_scan_bytes(const char *path, const char *buf, size_t len, calib_scan *out);

#endif
