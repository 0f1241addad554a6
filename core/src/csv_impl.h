/*
 * csv_impl.h - the CSV tokenizer on a stream another reader opened, and the
 * readers built on it (import sniffs a file's format, then reads it once).
 */
#ifndef CORE_CSV_IMPL_H
#define CORE_CSV_IMPL_H

#include "instream.h"
#include "limbvol/csv.h"

/* The buffer size a stream needs for a tokenizer with these limits. */
size_t csv_buffer_size(const lv_csv_limits *limits);
/* Take over *in (its buffer at least csv_buffer_size; closed by lv_csv_free, also on failure). */
int csv_open_stream(lv_csv **out, instream *in, const lv_csv_limits *limits);

/* Readers built on a tokenizer another reader opened (import sniffs the format first). */
struct lv_tape_reader;
extern const lv_csv_limits tape_csv_limits;
/* Take over csv (freed with the reader, also on failure) and read the tape header. */
int tape_reader_open_csv(struct lv_tape_reader **out, lv_csv *csv);

#endif
