/* limbvol-calib: one file per subcommand, this header between them. */
#ifndef CALIB_CLI_H
#define CALIB_CLI_H

#include <stdio.h>

#include "cli.h"

int calib_board(int argc, char **argv);
int calib_marker(int argc, char **argv);
int calib_camera(int argc, char **argv);
int calib_check(int argc, char **argv);
int calib_undistort(int argc, char **argv);
int calib_show(int argc, char **argv);

/*
 * If argv[*i] is option `name` ("--name VALUE" or "--name=VALUE"), set
 * *value, advance *i past it and return 1; 0 when it is another argument;
 * -1 (after a usage message) when the value is missing.
 */
int calib_opt(const char *cmd, int argc, char **argv, int *i, const char *name, const char **value);

/* "a4" or "letter" into an lv_paper; -1 after a usage message. */
int calib_paper(const char *cmd, const char *text, int *paper);

/* The text summary of a camera file (path: the name to show). */
struct lv_camera;
void calib_print_camera(FILE *f, const struct lv_camera *cam, const char *path);
/* Its intrinsics as JSON members, each preceded by ", ". */
void calib_print_intrinsics_json(FILE *f, const struct lv_camera *cam);

/* Print a number locale-independently with `decimals` decimals. */
void calib_num(FILE *f, double v, int decimals);

#endif
