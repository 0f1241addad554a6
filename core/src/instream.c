/* One buffered input read once (instream.h). */
#include "mem.h"
#include "instream.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "limbvol/error.h"

/* Reads stop at this many bytes so that a reader sees data early from a pipe. */
#define CHUNK 65536

static int setup(instream *in, const char *name, size_t cap)
{
	in->cap = cap < 16 ? 16 : cap;
	in->len = in->pos = 0;
	in->eof = 0;
	snprintf(in->name, sizeof in->name, "%s", name);
	if (!(in->buf = mem_malloc(in->cap + 1))) /* + a terminator after the last byte */
		return lv_error_set(LV_ENOMEM, "out of memory");
	return LV_OK;
}

int instream_open_fd(instream *in, int fd, const char *name, size_t cap)
{
	memset(in, 0, sizeof *in);
	in->fd = fd;
	return setup(in, name, cap);
}

int instream_open_mem(instream *in, const char *data, size_t size, const char *name, size_t cap)
{
	memset(in, 0, sizeof *in);
	in->fd = -1;
	in->mem = data;
	in->mem_left = size;
	return setup(in, name, cap);
}

int instream_open(instream *in, const char *path, size_t cap)
{
	struct stat st;
	int fd, e;

	memset(in, 0, sizeof *in);
	in->fd = -1;
	if (!strcmp(path, "-"))
		return instream_open_fd(in, 0, "<stdin>", cap);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		lv_error_set(e == ENOENT ? LV_ENOTFOUND : LV_EIO, "cannot open: %s", strerror(e));
		return lv_error_locate(path, 0, 0);
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		lv_error_set(LV_EIO, "cannot read: a folder, not a file");
		return lv_error_locate(path, 0, 0);
	}
	if ((e = instream_open_fd(in, fd, path, cap)) < 0) {
		close(fd);
		return e;
	}
	in->own_fd = 1;
	return LV_OK;
}

void instream_close(instream *in)
{
	if (in->own_fd)
		close(in->fd);
	in->own_fd = 0;
	mem_free(in->buf);
	in->buf = NULL;
}

int instream_fill(instream *in)
{
	size_t room, before;

	if (in->pos) {
		memmove(in->buf, in->buf + in->pos, in->len - in->pos);
		in->len -= in->pos;
		in->pos = 0;
	}
	before = in->len;
	while (!in->eof && in->len < in->cap) {
		room = in->cap - in->len;
		if (room > CHUNK)
			room = CHUNK;
		if (in->fd < 0) {
			if (room > in->mem_left)
				room = in->mem_left;
			if (room)
				memcpy(in->buf + in->len, in->mem, room);
			in->mem += room;
			in->mem_left -= room;
			in->len += room;
			if (!in->mem_left)
				in->eof = 1;
		} else {
			ssize_t got = read(in->fd, in->buf + in->len, room);
			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0) {
				lv_error_set(LV_EIO, "cannot read: %s", strerror(errno));
				return lv_error_locate(in->name, 0, 0);
			}
			if (got == 0)
				in->eof = 1;
			in->len += (size_t)got;
		}
		if (in->len - before >= CHUNK)
			break;
	}
	return in->len > before;
}

int instream_peek(instream *in, size_t n)
{
	int st;
	if (n > in->cap)
		n = in->cap;
	while (in->len - in->pos < n && !in->eof)
		if ((st = instream_fill(in)) < 0)
			return st;
	return LV_OK;
}
