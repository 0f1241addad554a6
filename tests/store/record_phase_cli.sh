#!/bin/sh
# limbvol record --phase with a tape CSV file (issue 8): --phase is the phase
# of rows that state none (no phase column, or an empty field), the file's
# own phase is kept when it agrees, and a file that says another phase is
# refused at its phase field (file:line:column, exit 65) with nothing stored.
# The phases and columns expected are the ones this script writes; what was
# stored is read back with 'limbvol history', not from record's own print.
#   record_phase_cli.sh LIMBVOL SOURCE_DIR
LV=$1
SRC=$2
. "$SRC/tests/lib.sh"
. "$SRC/tests/store/common.sh"

# phase and session kind of P's measurements in DB, one "phase kind" a line
# (history --format csv: column 7 phase, 5 session_kind)
phases() { "$LV" history "$2" --db "$1" --format csv | awk -F, 'NR > 1 { print $7, $5 }'; }

# column (from 1) where FIELD begins in LINE: the expected location
column_of() { awk -v l="$1" -v f="$2" 'BEGIN { print index(l, f) }'; }

# ---- no phase column: --phase is every measurement's phase ----
printf 'patient,limb,date,site_cm,circumference_cm\n' >"$T/none.csv"
printf 'P1,left-arm,2026-03-02,0,20\nP1,left-arm,2026-03-02,4,21\n' >>"$T/none.csv"
printf 'P1,right-arm,2026-03-02,0,19\nP1,right-arm,2026-03-02,4,20\n' >>"$T/none.csv"
expect 0 "" -- "$LV" record --db "$T/a.db" --phase pre "$T/none.csv"
got=$(phases "$T/a.db" P1 | sort -u)
# pre -> a drainage session (limbvol-record(1))
[ "$got" = "pre drainage" ] && ok || fail "no phase column, --phase pre: stored '$got'"

# ... and without --phase the default stays other (a follow-up session)
expect 0 "" -- "$LV" record --db "$T/b.db" "$T/none.csv"
got=$(phases "$T/b.db" P1 | sort -u)
[ "$got" = "other follow-up" ] && ok || fail "no phase column, no --phase: stored '$got'"

# ---- a phase column with empty fields: those rows take --phase ----
printf 'patient,limb,date,phase,site_cm,circumference_cm\n' >"$T/empty.csv"
printf 'P2,left-leg,2026-03-03,,0,30\nP2,left-leg,2026-03-03,,4,31\n' >>"$T/empty.csv"
expect 0 "" -- "$LV" record --db "$T/c.db" --phase post "$T/empty.csv"
got=$(phases "$T/c.db" P2)
[ "$got" = "post drainage" ] && ok || fail "empty phase fields, --phase post: stored '$got'"

# ---- the file's phase agrees with --phase: stored as it says ----
printf 'patient,limb,date,phase,site_cm,circumference_cm\n' >"$T/pre.csv"
printf 'P3,left-arm,2026-03-04,baseline,0,20\nP3,left-arm,2026-03-04,baseline,4,21\n' >>"$T/pre.csv"
expect 0 "" -- "$LV" record --db "$T/d.db" --phase baseline "$T/pre.csv"
got=$(phases "$T/d.db" P3)
[ "$got" = "baseline baseline" ] && ok || fail "same phase as --phase: stored '$got'"

# ---- the file says another phase: refused where it says so ----
# the second measurement (line 4) says post, --phase says pre
printf 'patient,limb,date,phase,site_cm,circumference_cm\n' >"$T/conflict.csv"
printf 'P4,left-arm,2026-03-05,pre,0,20\nP4,left-arm,2026-03-05,pre,4,21\n' >>"$T/conflict.csv"
line4='P4,right-arm,2026-03-05,post,0,19'
printf '%s\nP4,right-arm,2026-03-05,post,4,20\n' "$line4" >>"$T/conflict.csv"
col=$(column_of "$line4" ",post,")
col=$((col + 1))
run "$LV" record --db "$T/e.db" --phase pre "$T/conflict.csv"
expect_status 65 "a phase column that contradicts --phase"
expect_err "$T/conflict.csv:4:$col:" "the conflict is located at the phase field"
expect_err "post" "the message names the file's phase"
expect_err "--phase pre" "the message names the option"
expect_empty_out "a refused record"
# one transaction: the first measurement, which agreed, is not stored either
n=$(count "$T/e.db" P4)
[ -z "$n" ] || [ "$n" = 0 ] && ok || fail "a refused file stored $n measurements"

finish
