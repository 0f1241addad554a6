#!/bin/sh
# limbvol import --patient / --date with a tape CSV file, as limbvol record
# (record_columns_cli.sh): they fill in a missing column or an empty field;
# a patient or date the file states that contradicts them is refused
# (exit 65) at file:line:column of the field, naming what was expected and
# what was found, and nothing of the file is imported: the store's rows
# (counted with sqlite3) are the same after the refusal as before.  On an
# export file (CSV or JSON) the options are a usage error (exit 64): an
# export states its patients and dates itself.  The codes, dates and
# columns expected are the ones this script writes, the columns counted by
# hand in its rows.
#   import_columns_cli.sh LIMBVOL SOURCE_DIR
LV=$1
SRC=$2
. "$SRC/tests/lib.sh"
. "$SRC/tests/store/common.sh"
command -v sqlite3 >/dev/null || { fail "sqlite3 is needed (scripts/install-deps.sh)"; finish; exit; }

H='patient,limb,date,phase,site_cm,circumference_cm'
# rows DB: the store's rows, table by table, on one line
rows() {
	for t in patient limb session measurement site weight revision; do
		printf '%s=%s ' "$t" "$(sqlite3 "$1" "select count(*) from $t")"
	done
}
# stored DB P: "date limb" of P's measurements (history csv: columns 3, 6)
stored() { "$LV" history "$2" --db "$1" --format csv 2>/dev/null | awk -F, 'NR > 1 { print $3, $6 }'; }
# refused DESCRIPTION: exit 65, nothing on stdout, nothing imported
refused() {
	expect_status 65 "$1"
	expect_empty_out "$1"
	expect_err "nothing was imported" "$1: says nothing was imported"
	got=$(rows "$DB")
	[ "$got" = "$before" ] && ok || fail "$1: the store changed: '$before' -> '$got'"
}

DB=$T/s.db
printf '%s\nP-3,left-arm,2026-03-02T09:00,pre,0,20\nP-3,left-arm,2026-03-02T09:00,pre,4,21\n' "$H" >"$T/p3.csv"

# ---- a file that agrees with both options: imported as the file says ----
expect 0 "imported 1 measurement" -- "$LV" import --db "$DB" --patient P-3 --date 2026-03-02 "$T/p3.csv"
got=$(stored "$DB" P-3)
[ "$got" = "2026-03-02T09:00 left-arm" ] && ok || fail "a matching file: stored '$got'"
before=$(rows "$DB")
case $before in *"measurement=1 "*) ok ;; *) fail "one measurement expected in the store: $before" ;; esac

# ---- another patient's file: refused at the patient field ----
printf '%s\nP-7,right-arm,2026-03-05,pre,0,19\nP-7,right-arm,2026-03-05,pre,4,20\n' "$H" >"$T/p7.csv"
run "$LV" import --db "$DB" --patient P-3 "$T/p7.csv"
refused "--patient P-3 on a file of P-7"
expect_err "$T/p7.csv:2:1: expected patient P-3 as --patient says, found P-7" \
	"located at line 2, column 1, both codes named"

# ... the patient column second: "right-arm," is 10 bytes, the field at column 11
printf 'limb,patient,date,site_cm,circumference_cm\nright-arm,P-7,2026-03-05,0,19\nright-arm,P-7,2026-03-05,4,20\n' >"$T/second.csv"
run "$LV" import --db "$DB" --patient P-3 "$T/second.csv"
refused "--patient P-3, the patient column second"
expect_err "$T/second.csv:2:11: expected patient P-3" "located at the patient field (column 11)"

# ... from standard input: located in <stdin>
run sh -c '"$1" import --db "$2" --patient P-3 - <"$3"' sh "$LV" "$DB" "$T/p7.csv"
refused "--patient P-3, P-7's file on standard input"
expect_err "<stdin>:2:1: expected patient P-3" "located in <stdin>"

# ---- the second measurement is another patient's: one transaction ----
# line 2-3: P-3 on a day the store does not hold (stored if it were alone)
printf '%s\nP-3,left-arm,2026-03-09,pre,0,20\nP-3,left-arm,2026-03-09,pre,4,21\nP-7,left-arm,2026-03-09,pre,0,19\nP-7,left-arm,2026-03-09,pre,4,20\n' "$H" >"$T/mixed.csv"
run "$LV" import --db "$DB" --patient P-3 "$T/mixed.csv"
refused "--patient P-3, the second measurement P-7's"
expect_err "$T/mixed.csv:4:1: expected patient P-3 as --patient says, found P-7" \
	"located at the second measurement (line 4)"

# ---- another date (another day, another time): refused at the date field ----
# "P-3,left-arm," is 13 bytes: the date field begins at column 14
for d in 2026-03-03 2026-03-02T10:00; do
	run "$LV" import --db "$DB" --date "$d" "$T/p3.csv"
	refused "--date $d on a file dated 2026-03-02T09:00"
	expect_err "$T/p3.csv:2:14: expected date $d as --date says, found 2026-03-02T09:00" \
		"--date $d: located at column 14, both dates named"
done

# ---- no patient column, or an empty field: --patient fills it in ----
printf 'limb,date,site_cm,circumference_cm\nleft-arm,2026-03-04,0,20\nleft-arm,2026-03-04,4,21\n' >"$T/nocol.csv"
expect 0 "imported 1 measurement" -- "$LV" import --db "$T/e.db" --patient P-7 "$T/nocol.csv"
got=$(stored "$T/e.db" P-7)
[ "$got" = "2026-03-04 left-arm" ] && ok || fail "no patient column, --patient P-7: stored '$got'"
printf '%s\n,left-arm,,pre,0,20\n,left-arm,,pre,4,21\n' "$H" >"$T/empty.csv"
expect 0 "imported 1 measurement" -- "$LV" import --db "$T/f.db" --patient P-7 --date 2026-03-04 "$T/empty.csv"
got=$(stored "$T/f.db" P-7)
[ "$got" = "2026-03-04 left-arm" ] && ok || fail "empty fields, --patient P-7 --date 2026-03-04: stored '$got'"

# ---- an export file (CSV, JSON): the options are a usage error ----
"$LV" export --db "$DB" --all --out "$T/all.csv" && ok || fail "export --all (csv)"
"$LV" export --db "$DB" --all --format json --out "$T/all.json" && ok || fail "export --all (json)"
for f in all.csv all.json; do
	for o in "--patient P-7" "--date 2026-03-03"; do
		# shellcheck disable=SC2086 # the option and its value: two words
		run "$LV" import --db "$DB" $o "$T/$f"
		expect_status 64 "$o on the export $f"
		expect_err "are for tape CSV files" "$o on the export $f: says why"
		got=$(rows "$DB")
		[ "$got" = "$before" ] && ok || fail "$o on $f: the store changed: '$before' -> '$got'"
	done
done

finish
