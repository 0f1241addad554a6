#!/bin/sh
# limbvol record --patient / --date with a tape CSV file: they fill in a
# missing column or an empty field; a patient or date the file states that
# contradicts them is refused at the measurement's first line and the
# field's column (file:line:column, exit 65) naming both values, with
# nothing stored (a therapist who typed
# --patient P-7 must not get a P-3 row unnoticed).  Dates agree when
# neither contradicts the other (--date a day, the file that day at a time);
# the more precise is stored.  The codes and dates expected are the ones
# this script writes, the columns counted by hand in its rows; what was
# stored is read back with 'limbvol history'.
#   record_columns_cli.sh LIMBVOL SOURCE_DIR
LV=$1
SRC=$2
. "$SRC/tests/lib.sh"
. "$SRC/tests/store/common.sh"

H='patient,limb,date,phase,site_cm,circumference_cm'
# stored DB P: "date limb" of P's measurements (history csv: columns 3, 6)
stored() { "$LV" history "$2" --db "$1" --format csv 2>/dev/null | awk -F, 'NR > 1 { print $3, $6 }'; }
# patients DB: the store's patient codes, one a line
patients() { "$LV" patients --db "$1" --format csv 2>/dev/null | awk -F, 'NR > 1 { print $1 }'; }

printf '%s\nP-3,left-arm,2026-03-02T09:00,pre,0,20\nP-3,left-arm,2026-03-02T09:00,pre,4,21\n' "$H" >"$T/p3.csv"

# ---- another patient's file: refused, both codes named, nothing stored ----
run "$LV" record --db "$T/a.db" --patient P-7 "$T/p3.csv"
expect_status 65 "--patient P-7 on a file of P-3"
expect_err "$T/p3.csv:2:1:" "located at the measurement's first line, the patient field (column 1)"
expect_err "expected patient P-7 as --patient says, found P-3" "the message names both codes"
expect_empty_out "a refused record"
got=$(patients "$T/a.db")
[ -z "$got" ] && ok || fail "a refused file stored patients '$got'"

# ... the same code: stored as the file says
expect 0 "" -- "$LV" record --db "$T/b.db" --patient P-3 "$T/p3.csv"
got=$(stored "$T/b.db" P-3)
[ "$got" = "2026-03-02T09:00 left-arm" ] && ok || fail "--patient P-3 on P-3's file: stored '$got'"

# ... a code with a byte that is not UTF-8 is named escaped (\xNN)
run "$LV" record --db "$T/c.db" --patient "$(printf 'P\3777')" "$T/p3.csv"
expect_status 65 "an escaped --patient on a file of P-3"
expect_err 'expected patient P\xff7 as --patient says' "the option's code is escaped"

# ---- the second measurement is another patient's: one transaction ----
printf 'P-7,right-arm,2026-03-02T09:00,pre,0,19\nP-7,right-arm,2026-03-02T09:00,pre,4,20\n' >"$T/two.csv"
cat "$T/p3.csv" "$T/two.csv" >"$T/mixed.csv"
run "$LV" record --db "$T/d.db" --patient P-3 "$T/mixed.csv"
expect_status 65 "a file whose second measurement is P-7's, --patient P-3"
expect_err "$T/mixed.csv:4:1:" "located at the second measurement (line 4, column 1)"
expect_err "found P-7" "the message names the file's second patient"
got=$(patients "$T/d.db")
[ -z "$got" ] && ok || fail "a refused file stored patients '$got' (P-3's first measurement?)"

# ---- the patient column elsewhere: the column is the field's ----
# "left-arm," is 9 bytes: the patient field of line 2 begins at column 10
printf 'limb,patient,date,site_cm,circumference_cm\nleft-arm,P-3,2026-03-02,0,20\nleft-arm,P-3,2026-03-02,4,21\n' >"$T/second.csv"
run "$LV" record --db "$T/d2.db" --patient P-7 "$T/second.csv"
expect_status 65 "--patient P-7 on a file of P-3, patient the second column"
expect_err "$T/second.csv:2:10:" "located at the patient field (line 2, column 10)"

# ---- no patient column, or an empty field: --patient fills it in ----
printf 'limb,date,site_cm,circumference_cm\nleft-arm,2026-03-02,0,20\nleft-arm,2026-03-02,4,21\n' >"$T/nocol.csv"
expect 0 "" -- "$LV" record --db "$T/e.db" --patient P-7 "$T/nocol.csv"
got=$(stored "$T/e.db" P-7)
[ "$got" = "2026-03-02 left-arm" ] && ok || fail "no patient column, --patient P-7: stored '$got'"
printf '%s\n,left-arm,2026-03-02,pre,0,20\n,left-arm,2026-03-02,pre,4,21\n' "$H" >"$T/empty.csv"
expect 0 "" -- "$LV" record --db "$T/f.db" --patient P-7 "$T/empty.csv"
got=$(stored "$T/f.db" P-7)
[ "$got" = "2026-03-02 left-arm" ] && ok || fail "an empty patient field, --patient P-7: stored '$got'"

# ---- dates: another day, or another time, is refused ----
for d in 2026-03-03 2026-03-02T10:00 2026-03-02T09:01:00; do
	run "$LV" record --db "$T/g.db" --date "$d" "$T/p3.csv"
	expect_status 65 "--date $d on a file dated 2026-03-02T09:00"
	# "P-3,left-arm," is 13 bytes: the date field begins at column 14
	expect_err "$T/p3.csv:2:14:" "--date $d: located at the first line's date field (column 14)"
	expect_err "expected date $d as --date says, found 2026-03-02T09:00" "--date $d: both dates named"
done
got=$(patients "$T/g.db")
[ -z "$got" ] && ok || fail "refused dates stored patients '$got'"

# ... the same day: the file's time is kept; a time with seconds: the seconds
expect 0 "" -- "$LV" record --db "$T/h.db" --date 2026-03-02 "$T/p3.csv"
got=$(stored "$T/h.db" P-3)
[ "$got" = "2026-03-02T09:00 left-arm" ] && ok || fail "--date 2026-03-02: stored '$got'"
expect 0 "" -- "$LV" record --db "$T/i.db" --date 2026-03-02T09:00:30 "$T/p3.csv"
got=$(stored "$T/i.db" P-3)
[ "$got" = "2026-03-02T09:00:30 left-arm" ] && ok || fail "--date 2026-03-02T09:00:30: stored '$got'"

finish
