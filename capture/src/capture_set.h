/*
 * capture_set.h - a photo set written whole or not at all.
 *
 * The set is built in a hidden temporary folder inside DIR
 * (DIR/.capture-XXXXXX, 0700: patient photos; `limbvol batch` skips
 * hidden folders), every file synced, and renamed to its name at the end
 * without replacing anything (renameat2 RENAME_NOREPLACE): an existing set
 * of that name is never overwritten, the next free name NAME-2, NAME-3 ...
 * is taken instead.  Until capture_set_commit() the set can be dropped
 * (capture_set_abort(): the temporary folder and what it holds are removed),
 * which every exit path of limbvol capture does, Ctrl-C included.
 */
#ifndef CAPTURE_SET_H
#define CAPTURE_SET_H

#include <stddef.h>

#include "cvs.h"
#include "manifest.h"

typedef struct capture_set capture_set;

/* Make the temporary folder in dir (created 0700 when missing). */
int capture_set_begin(capture_set **out, const char *dir);

/* The temporary folder's path (for files written into it). */
const char *capture_set_tmpdir(const capture_set *s);

/* Write an image into the set as `name` (PNG, lossless), synced. */
int capture_set_add_image(capture_set *s, const char *name, const cvs_image *img);

/* Copy a file (a camera file) into the set as `name`, synced. */
int capture_set_add_copy(capture_set *s, const char *name, const char *from);

/* Write the manifest, then rename the folder to dir/name (or name-2 ...);
 * *final_path receives the set's path. */
int capture_set_commit(capture_set *s, const manifest *m, const char *name, char *final_path,
		       size_t size);

/* Remove the temporary folder unless committed, and free. */
void capture_set_abort(capture_set *s);

#endif
