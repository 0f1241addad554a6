#!/bin/bash
# `limbvol photo`, `limbvol batch` and `limbvol capture` run the capture programs through the
# dispatcher, which lists them with their one-line summaries.
LIMBVOL=$1
here=$(dirname "$0")
. "$here/../lib.sh"
run "$LIMBVOL" photo --summary
expect_status 0 "limbvol photo --summary"
expect_out "front and a side photo" "limbvol photo --summary"
run "$LIMBVOL" batch --summary
expect_status 0 "limbvol batch --summary"
expect_out "photo sets" "limbvol batch --summary"
run "$LIMBVOL" capture --summary
expect_status 0 "limbvol capture --summary"
expect_out "live capture" "limbvol capture --summary"
run "$LIMBVOL" help
expect_out "capture" "limbvol help lists capture"
run "$LIMBVOL" batch --help
expect_out "manifest.txt" "limbvol batch --help documents the manifest"
finish
