/*
 * commands.h - the commands built into `limbvol` (core's own).
 *
 * Each command lives in its own cmd_<name>.c with its options, help and
 * examples, and is listed once in commands.c.  Commands that are not built
 * in run as the program limbvol-<name> found next to `limbvol` (capture/
 * ships limbvol-photo and limbvol-batch, calib/ ships limbvol-calib).
 */
#ifndef COMMANDS_H
#define COMMANDS_H

typedef int (*command_fn)(int argc, char **argv);

struct command {
	const char *name;
	command_fn run;
	const char *summary;
};

/* The table, ended by a NULL name. */
extern const struct command commands[];

int cmd_tape(int argc, char **argv);
int cmd_mask(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_patients(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_trend(int argc, char **argv);
int cmd_alerts(int argc, char **argv);
int cmd_garment(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_delete(int argc, char **argv);
int cmd_edit(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_undelete(int argc, char **argv);
int cmd_purge(int argc, char **argv);
int cmd_weights(int argc, char **argv);

#endif
