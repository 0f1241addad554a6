#!/bin/sh
# Records per second on each backend, the SQLite file as the baseline of
# the same run (a PostgreSQL server of the bench's own, as in
# tests/store/pg_cli.sh, on this machine: a loopback round trip per
# statement):
#  - one import of N measurements of 11 sites (one transaction);
#  - two processes writing at once, one transaction per measurement
#    (store_test_store two_writers: 2 x 1000 on SQLite, 2 x 500 on
#    PostgreSQL, each joining the patient's session of its day);
#  - history of the N measurements.
# Usage: tests/bench/store_pg_bench.sh BUILD_DIR [N]   (not part of the suite)
BUILD=${1:-build}
N=${2:-5000}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
LIMBVOL=$(cd "$BUILD" && pwd)/bin/limbvol
TEST=$(cd "$BUILD" && pwd)/bin/store_test_store
. "$SRC/tests/lib.sh"
LV_PG_FSYNC=on # commits reach the disk, as SQLite's do (synchronous = FULL)
. "$SRC/tests/store/pg_server.sh"
trap 'pg_stop; rm -rf "$tmp"' EXIT
pg_start "$tmp/pg" || {
	echo "no PostgreSQL server: $pg_why"
	exit 1
}
base="postgresql://limbvol@127.0.0.1:$LV_PG_PORT"
awk -v N="$N" -v P=BENCH -f "$SRC/tests/bench/gen_export.awk" >"$tmp/b.csv"

ms() { echo $(($(date +%s%N) / 1000000)); }
# time_ms CMD...: wall ms of CMD (output discarded; a failure stops the bench)
time_ms() {
	t0=$(ms)
	"$@" >/dev/null 2>"$tmp/bench.err" || {
		echo "failed: $*: $(head -c 300 "$tmp/bench.err")"
		exit 1
	}
	echo $(($(ms) - t0))
}

pg_sql_db postgres "CREATE DATABASE bench" >/dev/null
pg_sql_db postgres "CREATE DATABASE writers" >/dev/null
imp_sq=$(time_ms "$LIMBVOL" import --db "$tmp/b.db" "$tmp/b.csv")
imp_pg=$(time_ms "$LIMBVOL" import --db "$base/bench" "$tmp/b.csv")
his_sq=$(time_ms "$LIMBVOL" history --db "$tmp/b.db" BENCH)
his_pg=$(time_ms "$LIMBVOL" history --db "$base/bench" BENCH)
two_sq=$(TMPDIR=$tmp time_ms "$TEST" two_writers)
two_pg=$(LV_TEST_PG_URI="$base/writers" time_ms "$TEST" two_writers)

awk -v n="$N" -v isq="$imp_sq" -v ipg="$imp_pg" -v hsq="$his_sq" -v hpg="$his_pg" \
	-v tsq="$two_sq" -v tpg="$two_pg" 'BEGIN {
	printf "%-52s %10s %12s %8s\n", "task", "SQLite", "PostgreSQL", "ratio"
	printf "%-52s %10.0f %12.0f %8.2f\n", "import, measurements/s (" n " x 11 sites, 1 tx)",
		n / (isq / 1000), n / (ipg / 1000), ipg / isq
	printf "%-52s %10.0f %12.0f %8.2f\n", "two writers, measurements/s (1 tx each, both)",
		2000 / (tsq / 1000), 1000 / (tpg / 1000), (tpg / 1000) / (tsq / 2000)
	printf "%-52s %10d %12d %8.2f\n", "history of " n " measurements, ms", hsq, hpg, hpg / hsq
}'
