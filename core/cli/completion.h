/*
 * completion.h - the bash completion of every limbvol command, generated
 * from the commands' own option tables (`limbvol --completion bash`).
 */
#ifndef COMPLETION_H
#define COMPLETION_H

#include <stddef.h>
#include <stdio.h>

/*
 * Write the completion script for the commands named: each one's table is
 * read from `SELF NAME --completion-table` (and `SELF NAME SUB ...` for each
 * subcommand it lists), so the programs of capture/ and calib/ answer for
 * themselves.  Returns an exit code.
 */
int completion_bash(FILE *f, const char *self, const char *const *names, size_t n);

#endif
