/* A photo set written into a temporary folder and renamed (capture_set.h). */
#include "capture_set.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "limbvol/error.h"
#include "options.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#endif
#define MAX_NAMES 16
#define MAX_SUFFIX 999

struct capture_set {
	char dir[4096], tmp[4096];
	char names[MAX_NAMES][64]; /* files written, removed on abort */
	int n_names;
	int committed;
};

static int sync_path(const char *path, int directory)
{
	int fd = open(path, (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
	int ok;
	if (fd < 0)
		return -1;
	ok = fsync(fd) == 0;
	close(fd);
	return ok ? 0 : -1;
}

int capture_set_begin(capture_set **out, const char *dir)
{
	capture_set *s;
	int rc;

	*out = NULL;
	if ((rc = photo_mkdir(dir)) < 0)
		return rc;
	if (!(s = calloc(1, sizeof *s)))
		return lv_error_set(LV_ENOMEM, "out of memory");
	if (snprintf(s->dir, sizeof s->dir, "%s", dir) >= (int)sizeof s->dir - 80) {
		free(s);
		return lv_error_set(LV_EINVAL, "--out: path too long");
	}
	snprintf(s->tmp, sizeof s->tmp, "%s/.capture-XXXXXX", dir);
	if (!mkdtemp(s->tmp)) {
		rc = lv_error_set(LV_EEXISTS, "cannot create a folder in %s: %s", dir,
				  strerror(errno));
		free(s);
		return rc;
	}
	*out = s;
	return LV_OK;
}

const char *capture_set_tmpdir(const capture_set *s)
{
	return s->tmp;
}

static int remember(capture_set *s, const char *name, char *path, size_t size)
{
	if (s->n_names >= MAX_NAMES || strlen(name) >= sizeof s->names[0] || strchr(name, '/'))
		return lv_error_set(LV_EINVAL, "photo set: bad file name %s", name);
	for (int i = 0; i < s->n_names; i++)
		if (!strcmp(s->names[i], name))
			goto have;
	snprintf(s->names[s->n_names++], sizeof s->names[0], "%s", name);
have:
	snprintf(path, size, "%s/%s", s->tmp, name);
	return LV_OK;
}

int capture_set_add_image(capture_set *s, const char *name, const cvs_image *img)
{
	char path[4200];
	int rc;

	if ((rc = remember(s, name, path, sizeof path)) < 0)
		return rc;
	if ((rc = cvs_image_write(img, path)) < 0)
		return rc;
	/* patient photos: readable by their owner only, like the folder */
	if (chmod(path, 0600) != 0 || sync_path(path, 0) < 0)
		return lv_error_set(LV_EIO, "cannot write %s: %s", path, strerror(errno));
	return LV_OK;
}

int capture_set_add_copy(capture_set *s, const char *name, const char *from)
{
	char path[4200], buf[65536];
	FILE *in, *out;
	size_t n;
	int ok = 1, rc;

	if ((rc = remember(s, name, path, sizeof path)) < 0)
		return rc;
	if (!(in = fopen(from, "rb")))
		return lv_error_set(errno == ENOENT ? LV_ENOTFOUND : LV_EIO, "cannot read %s: %s",
				    from, strerror(errno));
	if (!(out = fopen(path, "wbx")) || fchmod(fileno(out), 0600) != 0) {
		if (out)
			fclose(out);
		rc = lv_error_set(LV_EEXISTS, "cannot create %s: %s", path, strerror(errno));
		fclose(in);
		return rc;
	}
	while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
		ok = fwrite(buf, 1, n, out) == n;
	ok = ok && !ferror(in);
	fclose(in);
	ok = fflush(out) == 0 && ok;
	ok = fsync(fileno(out)) == 0 && ok;
	ok = fclose(out) == 0 && ok;
	if (!ok)
		return lv_error_set(LV_EIO, "cannot copy %s into the photo set", from);
	return LV_OK;
}

static int rename_noreplace(const char *from, const char *to)
{
	return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE);
}

int capture_set_commit(capture_set *s, const manifest *m, const char *name, char *final_path,
		       size_t size)
{
	char path[4200];
	int rc;

	if ((rc = manifest_write(m, s->tmp)) < 0)
		return rc;
	snprintf(path, sizeof path, "%s/%s", s->tmp, MANIFEST_NAME);
	if (sync_path(path, 0) < 0 || sync_path(s->tmp, 1) < 0)
		return lv_error_set(LV_EIO, "cannot write %s: %s", path, strerror(errno));
	for (int k = 1; k <= MAX_SUFFIX; k++) {
		int n = k == 1 ? snprintf(path, sizeof path, "%s/%s", s->dir, name)
			       : snprintf(path, sizeof path, "%s/%s-%d", s->dir, name, k);
		if (n < 0 || (size_t)n >= size)
			return lv_error_set(LV_EINVAL, "photo set path too long");
		if (rename_noreplace(s->tmp, path) == 0) {
			s->committed = 1;
			snprintf(final_path, size, "%s", path);
			(void)sync_path(s->dir, 1);
			return LV_OK;
		}
		if (errno != EEXIST && errno != ENOTEMPTY)
			return lv_error_set(errno == ENOSYS || errno == EINVAL ? LV_EIO
									       : LV_EEXISTS,
					    "cannot rename the photo set to %s: %s", path,
					    strerror(errno));
	}
	return lv_error_set(LV_EEXISTS, "%s/%s and %d more sets of that name exist", s->dir, name,
			    MAX_SUFFIX - 1);
}

void capture_set_abort(capture_set *s)
{
	char path[4400];

	if (!s)
		return;
	if (!s->committed) {
		for (int i = 0; i < s->n_names; i++) {
			snprintf(path, sizeof path, "%s/%s", s->tmp, s->names[i]);
			unlink(path);
		}
		/* temporaries of cvs_image_write and of the manifest, if a
		 * write was cut short */
		DIR *d = opendir(s->tmp);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			if (e->d_name[0] == '.' && (!e->d_name[1] || !strcmp(e->d_name, "..")))
				continue;
			snprintf(path, sizeof path, "%s/%s", s->tmp, e->d_name);
			unlink(path);
		}
		if (d)
			closedir(d);
		rmdir(s->tmp);
	}
	free(s);
}
