/*
 * photo_report.h - a photo measurement printed on stdout in the tape
 * formats (report.h), as `limbvol photo` and `limbvol capture` print it.
 */
#ifndef CAPTURE_PHOTO_REPORT_H
#define CAPTURE_PHOTO_REPORT_H

#include "photo.h"
#include "report.h"

/* Print the result with its note, CSV in csv_style (csvout.h); returns an
 * exit code (cli.h). */
int photo_report_stdout(const char *cmd, const photo_result *r, enum cli_format fmt,
			lv_csv_style csv_style);

#endif
