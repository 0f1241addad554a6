/* limbvol-calib: one file per subcommand, this header between them. */
#ifndef CALIB_CLI_H
#define CALIB_CLI_H

#include <stdio.h>

#include "cli.h"
#include "opt.h"

int calib_board(int argc, char **argv);
int calib_marker(int argc, char **argv);
int calib_camera(int argc, char **argv);
int calib_check(int argc, char **argv);
int calib_undistort(int argc, char **argv);
int calib_show(int argc, char **argv);

/* --paper a4|letter: a CLI_CALL (opt.h) setting an int lv_paper. */
int calib_set_paper(struct cli_parser *p, void *base, const char *text);

/* --format text|json of the calib subcommands: 0 text, 1 json. */
extern const struct cli_choice calib_formats[];

/* The text summary of a camera file (path: the name to show). */
struct lv_camera;
void calib_print_camera(FILE *f, const struct lv_camera *cam, const char *path);
/* Its intrinsics as JSON members, each preceded by ", ". */
void calib_print_intrinsics_json(FILE *f, const struct lv_camera *cam);

/* Print a number locale-independently with `decimals` decimals. */
void calib_num(FILE *f, double v, int decimals);

#endif
