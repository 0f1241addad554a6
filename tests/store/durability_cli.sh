#!/bin/bash
# Durability: `limbvol record FILE` and `limbvol import FILE` killed with
# SIGKILL at random moments, fifty times each.  After every kill the store
# opens, passes PRAGMA integrity_check, and holds the file whole or not at
# all (one transaction); the next command works.  Prints the figures README
# "Reliability" quotes.  A few seconds: each run is a few hundred rows.
#   durability_cli.sh LIMBVOL SOURCE_DIR [KILLS]
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@" # ctest runs it with sh
LV=$1
SRC=$2
KILLS=${3:-50}
T=$(mktemp -d "${TMPDIR:-/dev/shm}/lvdur.XXXXXX" 2>/dev/null || mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
export HOME=$T
unset LIMBVOL_DB
fails=0
fail() { fails=$((fails + 1)); echo "FAIL: $*" >&2; }
count() { sqlite3 "$1" "SELECT count(*) FROM measurement" 2>/dev/null; }

# 200 measurements of 5 sites in a tape file, 300 in an export file
awk 'BEGIN { print "patient,limb,date,phase,site_cm,circumference_cm"
	for (m = 0; m < 200; m++) for (s = 0; s < 5; s++)
		printf "D%03d,left-arm,2026-01-%02d,pre,%d,%.1f\n", m, 1 + m % 28, 4 * s, 20 + s }' >"$T/tape.csv"
awk -v N=300 -v P=KILL -f "$SRC/tests/bench/gen_export.awk" >"$T/export.csv"

# kill_loop NAME WHOLE CMD...: run CMD (its --db is $T/k.db) KILLS times, each
# killed after a random part of the time a whole run takes
kill_loop() {
	local name=$1 whole=$2 i t0 t1 ns=0 us delay pid got killed mid=0 ended=0 committed=0 lost=0 intact=0
	shift 2
	for i in 1 2 3; do # the fastest of three whole runs
		rm -f "$T"/k.db*
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1 || fail "$name: a whole run failed"
		t1=$(date +%s%N)
		[ $ns -eq 0 ] || [ $((t1 - t0)) -lt $ns ] && ns=$((t1 - t0))
	done
	for ((i = 0; i < KILLS; i++)); do
		rm -f "$T"/k.db*
		"$@" >/dev/null 2>&1 &
		pid=$!
		# up to 70 % of the fastest run: starting the sleep takes its part too
		us=$((RANDOM * (ns / 1000) * 7 / 10 / 32768))
		printf -v delay "%d.%06d" $((us / 1000000)) $((us % 1000000))
		sleep "$delay"
		killed=0
		kill -9 $pid 2>/dev/null && killed=1
		wait $pid 2>/dev/null
		[ $killed -eq 1 ] && mid=$((mid + 1)) || ended=$((ended + 1))
		[ -e "$T/k.db" ] || continue # killed before the file was created
		if [ "$(sqlite3 "$T/k.db" 'PRAGMA integrity_check' 2>&1)" = ok ]; then
			intact=$((intact + 1))
		else
			fail "$name: kill $i: integrity_check failed"
		fi
		got=$(count "$T/k.db")
		got=${got:-0}
		if [ "$got" = "$whole" ]; then
			[ $killed -eq 1 ] && committed=$((committed + 1))
		elif [ $killed -eq 0 ] || [ "$got" != 0 ]; then
			fail "$name: kill $i left $got of $whole measurements"
			lost=$((lost + whole - got))
		fi
		"$LV" patients --db "$T/k.db" >/dev/null 2>&1 || [ "$got" = 0 ] ||
			fail "$name: kill $i: the store does not open"
	done
	# and after all that, a whole run still goes in
	rm -f "$T"/k.db*
	"$@" >/dev/null 2>&1 && [ "$(count "$T/k.db")" = "$whole" ] || fail "$name: a run after the kills"
	echo "$name ($whole measurements, $((ns / 1000000)) ms a run): $KILLS SIGKILLs at random moments," \
		"$mid mid-run ($committed after the commit), $ended after it ended;" \
		"integrity_check ok $intact of $intact stores, rows lost $lost"
}
kill_loop "record" 200 "$LV" record --db "$T/k.db" "$T/tape.csv"
kill_loop "import" 300 "$LV" import --db "$T/k.db" "$T/export.csv"
[ $fails -eq 0 ]
