/*
 * instream.h - one buffered input read exactly once, shared by the readers
 * built on it (the CSV tokenizer, the JSON export reader, the tape reader).
 *
 * A reader that must tell a format from the first bytes (import: JSON, the
 * CSV export or a tape CSV file) peeks into the buffer instead of opening the
 * file a second time, so a FIFO or a pipe from process substitution works
 * and loses nothing.  The buffer never grows: a reader that needs a whole
 * record in it asks for at most instream's capacity.
 */
#ifndef CORE_INSTREAM_H
#define CORE_INSTREAM_H

#include <stddef.h>

typedef struct instream {
	int fd, own_fd; /* fd -1: reading from memory */
	const char *mem; /* the rest of an in-memory input */
	size_t mem_left;
	char name[256]; /* for error locations: the path, or "<stdin>" */
	char *buf; /* cap + 1 bytes: a reader may write a NUL at buf[len] */
	size_t cap, len, pos; /* buf[pos..len) is unread */
	int eof;
} instream;

/* Open path ("-" for standard input) with a buffer of cap bytes. */
int instream_open(instream *in, const char *path, size_t cap);
/* Read an already open fd (not closed by instream_close) named name. */
int instream_open_fd(instream *in, int fd, const char *name, size_t cap);
/* Read size bytes at data (not copied: they must outlive the stream). */
int instream_open_mem(instream *in, const char *data, size_t size, const char *name, size_t cap);
void instream_close(instream *in);

/*
 * Move the unread bytes to the start of the buffer and read more: > 0 when
 * bytes were added, 0 at the end of the input (in->eof set) or when the
 * buffer is full, a negative status (LV_EIO, located) on a read error.
 */
int instream_fill(instream *in);

/* Make at least n unread bytes available (fewer at the end of the input). */
int instream_peek(instream *in, size_t n);

#endif
