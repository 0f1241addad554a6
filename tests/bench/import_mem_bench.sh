#!/bin/sh
# import_mem_bench.sh - peak memory of reading and importing exports of
# 10,000 and 100,000 measurements (11 sites each), CSV and JSON, measured in
# one run; prints the 100k/10k ratios.  The readers stream, so the reader
# alone must stay flat (ratio ~1); a whole import adds SQLite's page cache,
# which grows with the database up to its cap (cache_size, 64 MiB), not with
# the file.  Also a JSON file holding a flat array of 20 million numbers
# against an empty export.  Not part of the test suite.
# Usage: tests/bench/import_mem_bench.sh [build-dir]
set -eu
build=${1:-build}
LV=$build/bin/limbvol
RD=$build/bin/exchange_read
HERE=$(cd "$(dirname "$0")" && pwd)
[ -x "$LV" ] && [ -x "$RD" ] || { echo "build first: $LV, $RD" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time is needed (apt-get install time)" >&2; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/lvmem.XXXXXX")
trap 'rm -rf "$T"' EXIT

rss() { # command...: its peak RSS in kB
	/usr/bin/time -f %M -o "$T/rss" "$@" >/dev/null 2>"$T/err" || { cat "$T/err" >&2; exit 1; }
	cat "$T/rss"
}
for n in 10000 100000; do
	awk -v N=$n -v P=BENCH -f "$HERE/gen_export.awk" >"$T/e$n.csv"
	"$LV" import --db "$T/s$n.db" "$T/e$n.csv" >/dev/null
	"$LV" export BENCH --db "$T/s$n.db" --format json --out "$T/e$n.json"
done
printf '%-34s %12s %12s %7s\n' "peak RSS (kB)" "10,000" "100,000" "ratio"
for fmt in csv json; do
	a=$(rss "$RD" "$T/e10000.$fmt")
	b=$(rss "$RD" "$T/e100000.$fmt")
	printf '%-34s %12s %12s %7.2f\n' "read $fmt (reader alone)" "$a" "$b" "$(echo "$b $a" | awk '{ print $1 / $2 }')"
	rm -f "$T"/i*.db*
	a=$(rss "$LV" import --db "$T/i1.db" "$T/e10000.$fmt")
	b=$(rss "$LV" import --db "$T/i2.db" "$T/e100000.$fmt")
	printf '%-34s %12s %12s %7.2f\n' "import $fmt (reader + SQLite)" "$a" "$b" "$(echo "$b $a" | awk '{ print $1 / $2 }')"
done
printf '{"format": "limbvol-export", "version": 1, "patients": []}\n' >"$T/empty.json"
awk 'BEGIN { printf "{\"format\": \"limbvol-export\", \"version\": 1, \"x\": [0"
	for (i = 1; i < 20000000; i++) printf ",%d", i % 10; print "], \"patients\": []}" }' >"$T/flat.json"
a=$(rss "$LV" import --db "$T/f1.db" "$T/empty.json")
b=$(rss "$LV" import --db "$T/f2.db" "$T/flat.json")
printf '%-34s %12s %12s %7.2f\n' "import JSON: empty / 20 M numbers" "$a" "$b" "$(echo "$b $a" | awk '{ print $1 / $2 }')"
echo "files: $(du -h "$T/e100000.csv" | cut -f1) CSV, $(du -h "$T/e100000.json" | cut -f1) JSON, $(du -h "$T/flat.json" | cut -f1) flat JSON"
