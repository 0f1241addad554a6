// The bounded pre-scan of camera files (cv_calib_scan.hpp).
#include "cv_calib_scan.hpp"

#include <cstring>

#include "cvs_calib.h"
#include "limbvol/error.h"

namespace
{

int too_deep(const char *path, long line)
{
	lv_error_set(LV_EDATA,
		     "not a camera file: nested deeper than %d levels (a camera file needs 3)",
		     CVS_CALIB_MAX_DEPTH);
	return lv_error_locate(path, line, 0);
}

std::string trimmed(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0]) {
		s++;
		n -= 2;
	}
	return std::string(s, n);
}

int scan_json(const char *path, const char *p, const char *end, calib_scan *out)
{
	long line = 1;
	int depth = 0;

	for (; p < end; p++) {
		if (*p == '\n') {
			line++;
		} else if (*p == '"') {
			const char *s = ++p;
			long at = line;
			for (; p < end && *p != '"'; p++) {
				if (*p == '\\' && p + 1 < end)
					p++;
				if (*p == '\n')
					line++;
			}
			if (p >= end)
				break;
			if (depth == 1) {
				const char *q = p + 1;
				while (q < end &&
				       (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
					q++;
				if (q < end && *q == ':')
					out->keys.emplace_back(std::string(s, (size_t)(p - s)), at);
			}
		} else if (*p == '{' || *p == '[') {
			if (++depth > CVS_CALIB_MAX_DEPTH)
				return too_deep(path, line);
		} else if ((*p == '}' || *p == ']') && depth > 0) {
			depth--;
		}
	}
	out->lines = line;
	return LV_OK;
}

int scan_xml(const char *path, const char *p, const char *end, calib_scan *out)
{
	long line = 1;
	int depth = 0;

	for (; p < end; p++) {
		if (*p == '\n') {
			line++;
			continue;
		}
		if (*p != '<')
			continue;
		const char *close = nullptr;
		if (end - p >= 4 && !std::memcmp(p, "<!--", 4))
			close = "-->";
		else if (end - p >= 2 && p[1] == '?')
			close = "?>";
		if (close) { // a comment or a declaration: no level
			const char *q = p;
			size_t n = std::strlen(close);
			for (; q + n <= end && std::memcmp(q, close, n); q++)
				if (*q == '\n')
					line++;
			p = q + n - 1;
			continue;
		}
		bool closing = p + 1 < end && p[1] == '/';
		const char *name = p + (closing ? 2 : 1), *q = name;
		long at = line;
		while (q < end && *q != '>' && *q != ' ' && *q != '\t' && *q != '\n' && *q != '/')
			q++;
		std::string tag(name, (size_t)(q - name));
		char quote = 0;
		for (; q < end && (quote || *q != '>'); q++) {
			if (*q == '\n')
				line++;
			else if (quote && *q == quote)
				quote = 0;
			else if (!quote && (*q == '"' || *q == '\''))
				quote = *q;
		}
		bool empty = q > p && q < end && q[-1] == '/';
		p = q < end ? q : end - 1;
		if (closing) {
			if (depth > 0)
				depth--;
		} else if (!empty && name[0] != '!') {
			if (++depth > CVS_CALIB_MAX_DEPTH)
				return too_deep(path, at);
			if (depth == 2)
				out->keys.emplace_back(tag, at);
		}
	}
	out->lines = line;
	return LV_OK;
}

// YAML: block levels by indentation, "- " items, flow brackets; quotes and
// comments followed so that a closing bracket in them closes nothing.
int scan_yaml(const char *path, const char *p, const char *end, calib_scan *out)
{
	std::vector<long> indents;
	long line = 0;
	int flow = 0, docs = 0;
	char quote = 0;

	while (p < end) {
		const char *eol =
			static_cast<const char *>(std::memchr(p, '\n', (size_t)(end - p)));
		if (!eol)
			eol = end;
		line++;
		const char *c = p;
		int items = 0;
		if (!flow && !quote) {
			while (c < eol && *c == ' ')
				c++;
			long indent = (long)(c - p);
			bool blank = c == eol || *c == '#' || *c == '\r';
			bool marker = indent == 0 &&
				(*c == '%' ||
				 (eol - c >= 3 &&
				  (!std::memcmp(c, "---", 3) || !std::memcmp(c, "...", 3))));
			if (marker) {
				// One document, its directives first, each marker alone on
				// its line: OpenCV 4.6's YAML parser loops for ever on a
				// second document glued to a marker ("---L:.\n---%").
				const char *after = c + (*c == '%' ? 1 : 3);
				while (after < eol && (*after == ' ' || *after == '\r'))
					after++;
				bool alone = *c == '%' || after == eol || *after == '#';
				bool again = *c == '-' ? docs++ > 0 : *c == '%' && docs > 0;
				if (!alone || again) {
					lv_error_set(LV_EDATA,
						     "not a camera file: expected one YAML document "
						     "(%%YAML, then --- alone on its line)");
					return lv_error_locate(path, line, 1);
				}
			}
			if (!blank && !marker) {
				while (!indents.empty() && indents.back() > indent)
					indents.pop_back();
				if (indents.empty() || indents.back() < indent)
					indents.push_back(indent);
				for (; c + 1 <= eol && *c == '-' && (c + 1 == eol || c[1] == ' ');
				     items++) {
					c++;
					while (c < eol && *c == ' ')
						c++;
				}
				if (indent == 0 && items == 0) {
					const char *colon = c;
					while (colon < eol && *colon != ':' && *colon != '#')
						colon++;
					if (colon < eol && *colon == ':')
						out->keys.emplace_back(trimmed(c,
									       (size_t)(colon - c)),
								       line);
				}
			}
		}
		int block = (int)indents.size() + items;
		if (block > CVS_CALIB_MAX_DEPTH)
			return too_deep(path, line);
		for (; c < eol; c++) {
			if (quote) {
				if (*c == '\\' && quote == '"' && c + 1 < eol)
					c++;
				else if (*c == quote)
					quote = 0;
				else if (*c == '[' || *c == '{') // err on the deep side
					flow++;
			} else if (*c == '"' || *c == '\'') {
				quote = *c;
			} else if (*c == '#' && (c == p || c[-1] == ' ' || c[-1] == '\t')) {
				break;
			} else if (*c == '[' || *c == '{') {
				flow++;
			} else if ((*c == ']' || *c == '}') && flow > 0) {
				flow--;
			}
			if (block + flow > CVS_CALIB_MAX_DEPTH)
				return too_deep(path, line);
		}
		p = eol < end ? eol + 1 : end;
	}
	out->lines = line;
	return LV_OK;
}

} // namespace

long calib_scan::line_of(const char *key) const
{
	for (const auto &k : keys)
		if (k.first == key)
			return k.second;
	return 0;
}

int calib_scan_bytes(const char *path, const char *buf, size_t len, calib_scan *out)
{
	// A camera file is ASCII text (what OpenCV writes): a NUL, a control
	// byte or a byte above 127 is refused here, because OpenCV 4.6's parser
	// reads out of bounds on some of them (found by fuzz_camera, valgrind).
	const char *nul = nullptr;
	size_t bom = len >= 3 && !std::memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
	for (size_t i = bom; i < len && !nul; i++) {
		unsigned char b = (unsigned char)buf[i];
		if ((b < 32 && b != '\t' && b != '\n' && b != '\r') || b > 126)
			nul = buf + i;
	}
	const char *p = buf, *end = buf + len;

	if (nul) {
		long line = 1;
		const char *bol = buf;
		for (const char *q = buf; q < nul; q++)
			if (*q == '\n') {
				line++;
				bol = q + 1;
			}
		lv_error_set(LV_EDATA,
			     "not a camera file: byte 0x%02x (a camera file is ASCII text)",
			     (unsigned char)*nul);
		return lv_error_locate(path, line, (long)(nul - bol) + 1);
	}
	if (len >= 3 && !std::memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	if (p < end && *p == '<') {
		out->format = CALIB_XML;
		return scan_xml(path, p, end, out);
	}
	if (p < end && *p == '{') {
		out->format = CALIB_JSON;
		return scan_json(path, p, end, out);
	}
	out->format = CALIB_YAML;
	return scan_yaml(path, p, end, out);
}
