/*
 * entry_draft.h - an interactive entry that did not finish, kept on disk.
 *
 * When `-i` is interrupted (end of input or Ctrl-C before the other limb
 * has all its sites), the values typed so far are written to the draft file
 * (0600, in a 0700 folder): $LIMBVOL_DRAFT, else
 * $XDG_STATE_HOME/limbvol/entry-draft, else
 * ~/.local/state/limbvol/entry-draft.  `--resume` goes on from there; on a
 * terminal the next `-i` offers it.  A draft the user declined (or left
 * while input was piped) is never overwritten: another entry interrupted
 * meanwhile moves it behind (PATH.1, up to PATH.9) and, once that newer one
 * is done, it is the draft again.  An entry with nothing typed keeps none.  The draft holds circumferences and the
 * layout of the sites, no patient code; it is removed once an entry that
 * used it is complete.
 */
#ifndef ENTRY_DRAFT_H
#define ENTRY_DRAFT_H

#include <stddef.h>
#include <stdio.h>

struct entry;

/* The draft's path into buf; -1 when none can be formed (no HOME). */
int entry_draft_path(char *buf, size_t size);

/* Save e's layout and values; 0 or -1 (with a message in *why). */
int entry_draft_save(const struct entry *e, const char **why);

/*
 * Load the draft into e (layout and values replace e's): 1 loaded, 0 no
 * draft, -1 unreadable (a message in *why).
 */
int entry_draft_load(struct entry *e, const char **why);

/* On a terminal: offer a kept draft (asked on prompts, answered on in); 1 taken. */
int entry_draft_offer(FILE *in, FILE *prompts);

/* Load the draft into e for --resume or an accepted offer; an exit code. */
int entry_draft_take(struct entry *e, const char *cmd);

/* Remove the draft (after an entry that used it is complete). */
void entry_draft_remove(void);

#endif
