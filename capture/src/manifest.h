/*
 * manifest.h - the manifest of a photo set (manifest.txt in the set's folder).
 *
 * key=value lines; blank lines and lines starting with '#' are ignored;
 * blanks around keys and values are trimmed; each key at most once; an
 * unknown key is refused (a typo must not silently change a measurement).
 *
 *   patient=P001            pseudonymous code (optional, at most 64 chars)
 *   limb=left-arm           left-arm, right-arm, left-leg, right-leg (optional)
 *   date=2026-03-02         YYYY-MM-DD[THH:MM[:SS]] (optional)
 *   phase=pre               baseline, pre, post, other (optional)
 *   front=front.jpg         the front photo, relative to the set's folder
 *   side=side.jpg           the side photo (optional: one-photo mode)
 *   marker=0:80             marker id and side in mm (default 0:80)
 *   dict=4x4_50             marker dictionary (optional)
 *   from=0                  volume range in cm from the landmark (optional)
 *   to=40
 *   step=4                  virtual tape sites every step cm (default 4)
 *   origin_offset=0         landmark relative to the marker's centre (cm)
 *   camera=../camera.yml    a camera file, relative to the set's folder
 *   proximal=up             where the limb's proximal end is in the photos,
 *                           up, down, left or right: needed when the limb
 *                           crosses the frame at both ends (optional)
 *
 * Every error is located (manifest path, line, column).
 */
#ifndef CAPTURE_MANIFEST_H
#define CAPTURE_MANIFEST_H

#define MANIFEST_NAME "manifest.txt"
#define MANIFEST_MAX_BYTES 65536
#define MANIFEST_MAX_VALUE 512

typedef struct manifest {
	char patient[65], limb[16], date[32], phase[16];
	char front[MANIFEST_MAX_VALUE], side[MANIFEST_MAX_VALUE];
	char camera[MANIFEST_MAX_VALUE], dict[32];
	int marker_id;
	double marker_mm;
	double from_cm, to_cm; /* NaN when absent */
	double step_cm;
	double origin_offset_cm;
	int proximal; /* PHOTO_PROXIMAL_X, 0 when absent */
} manifest;

/* Read and check dir/manifest.txt. */
int manifest_read(manifest *m, const char *dir);

/* Write dir/manifest.txt (temp file, synced, renamed; refused when a
 * manifest.txt.tmp exists) so that manifest_read() reads back the same
 * fields; NaN ranges and empty strings are left out.  LV_EINVAL for a value
 * the format cannot hold (a line break, a blank at either end). */
int manifest_write(const manifest *m, const char *dir);

#endif
