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

#include "opt.h"

typedef int (*command_fn)(int argc, char **argv);

/* A built-in command: what runs it, and its table (name, summary for
 * `limbvol help` and --summary, options). */
struct command {
	command_fn run;
	const struct cli_cmd *cmd;
};

/* The table, ended by a NULL run. */
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

extern const struct cli_cmd tape_cmd;
extern const struct cli_cmd mask_cmd;
extern const struct cli_cmd record_cmd;
extern const struct cli_cmd patients_cmd;
extern const struct cli_cmd history_cmd;
extern const struct cli_cmd trend_cmd;
extern const struct cli_cmd alerts_cmd;
extern const struct cli_cmd garment_cmd;
extern const struct cli_cmd report_cmd;
extern const struct cli_cmd export_cmd;
extern const struct cli_cmd import_cmd;
extern const struct cli_cmd migrate_cmd;
extern const struct cli_cmd show_cmd;
extern const struct cli_cmd edit_cmd;
extern const struct cli_cmd delete_cmd;
extern const struct cli_cmd undelete_cmd;
extern const struct cli_cmd purge_cmd;
extern const struct cli_cmd weights_cmd;

#endif
