#!/bin/bash
# Values that were silently wrong are refused, each with a message that says
# where and what: a NUL byte in a tape CSV (file:line:column; two patients
# AB\0CD and AB\0XY are not one patient AB), a circumference or a spacing of
# 1e-300 typed, in a file or answered at -i, a NUL in an -i answer, a birth
# year of 1e300 quoted as itself (not -2147483648), and the limit of 10,000
# sites per measurement hit exactly (10,000 read, 10,001 refused).
#   hostile_input.sh LIMBVOL
LV=$1
T=$(mktemp -d "${TMPDIR:-/tmp}/lvhost.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
export HOME=$T
fails=0 n=0
# expect CODE NEEDLE CMD...: exit code and a text in stderr, nothing on stdout
expect() {
	local code=$1 needle=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	local got=$?
	n=$((n + 1))
	if [ $got -ne "$code" ] || { [ -n "$needle" ] && ! grep -qF -- "$needle" "$T/err"; } ||
		{ [ "$code" -ne 0 ] && [ -s "$T/out" ]; }; then
		fails=$((fails + 1))
		echo "FAIL: $* exited $got (expected $code with '$needle'):" >&2
		cat "$T/err" "$T/out" | head -5 >&2
	fi
}

printf 'patient,limb,site_cm,circumference_cm\nAB\0CD,left-arm,0,20\nAB\0CD,left-arm,4,21\nAB\0XY,right-arm,0,20\nAB\0XY,right-arm,4,21\n' >"$T/nul.csv"
expect 65 "nul.csv:2:3: a NUL byte" "$LV" tape "$T/nul.csv"
expect 65 "nul.csv:2:3: a NUL byte" "$LV" record --db "$T/s.db" "$T/nul.csv"
printf 'limb,site_cm,circumference_cm\nleft-arm,0,1e-300\nleft-arm,4,20\n' >"$T/tiny.csv"
expect 65 "tiny.csv:2:12: circumference 1e-300 cm is implausible (under 1 cm" "$LV" tape "$T/tiny.csv"
printf 'limb,site_cm,circumference_cm\nleft-arm,0,20\nleft-arm,1e-300,20\n' >"$T/close.csv"
expect 65 "close.csv:3:10: sites 0 and 1e-300 cm are 1e-300 cm apart (less than 0.01 cm" "$LV" tape "$T/close.csv"
expect 64 "under 1 cm" "$LV" tape 20 1e-300 21
expect 64 "less than 0.01 cm" "$LV" tape --sites 0,1e-300 20 21
printf '20\n1e-300\n21\n\n' | expect 65 "<stdin>:2: circumference 1e-300 cm is implausible" "$LV" tape -i
printf '20\n2\0001\n21\n\n' | expect 65 "<stdin>:2:2: a NUL byte" "$LV" tape -i
expect 64 "found '1e300'" "$LV" patients P1 --birth-year 1e300 --db "$T/s.db"

# the limit of sites, hit exactly: 10,000 sites in a file and typed
awk 'BEGIN { print "limb,site_cm,circumference_cm"; for (i = 0; i < 10000; i++) printf "left-arm,%.1f,20\n", i / 10 }' >"$T/max.csv"
expect 0 "" "$LV" tape --format csv "$T/max.csv"
awk 'BEGIN { print "limb,site_cm,circumference_cm"; for (i = 0; i < 10001; i++) printf "left-arm,%.1f,20\n", i / 10 }' >"$T/over.csv"
expect 65 "over.csv:10002:10: a measurement has more than 10000 sites (the limit LV_MAX_SITES)" "$LV" tape "$T/over.csv"
awk 'BEGIN { for (i = 0; i < 10001; i++) print 20 }' | expect 65 "<stdin>:10001: more than 10000 sites" "$LV" tape -i --step 0.1
# a measurement of 9,000 sites (between 8,192 and 10,000) goes in and comes back out
awk 'BEGIN { print "patient,limb,date,site_cm,circumference_cm"; for (i = 0; i < 9000; i++) printf "P9,left-arm,2026-01-01,%.1f,20\n", i / 10 }' >"$T/9000.csv"
expect 0 "" "$LV" record --db "$T/big.db" "$T/9000.csv"
expect 0 "" "$LV" export --db "$T/big.db" P9 --format csv --out "$T/export.csv"
[ "$(grep -c ',left-arm,' "$T/export.csv" 2>/dev/null)" -ge 9000 ] ||
	{ fails=$((fails + 1)); echo "FAIL: the 9,000-site export is empty" >&2; }
echo "$n checks, $fails failed"
[ $fails -eq 0 ]
