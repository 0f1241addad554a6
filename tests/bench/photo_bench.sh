#!/bin/bash
# photo_bench.sh - is photo batch processing limited by decoding the images?
#
#   tests/bench/photo_bench.sh [BUILD_DIR] [N_SETS]
#
# Prints three ratios (issue 4, doc/photo.md "Performance"):
#  1. per 12-megapixel JPEG, the analysis after decoding / the decoding
#     (target <= 0.30), means over N_SETS sets (default 20) on one thread;
#  2. the batch's wall time with 1 job / with 2 jobs (target >= 1.8 on two
#     idle cores);
#  3. peak memory of a batch of 1000 small sets / of 10 (target 1.0: memory
#     must not grow with the batch).
# Sets are rendered by limbvol-gen into a temporary folder; the batches
# reuse one rendered set through symbolic links.  The 12 MP set has sensor
# noise 8, so that its JPEGs (about 2.7 MB) take as long to decode as a
# phone's photos (a smooth synthetic image decodes much faster).  Times are
# each thread's CPU time (limbvol-batch --timing), so that other work on the
# machine does not skew ratio 1; ratio 2 is wall time (the faster of two
# runs each) and needs two idle cores.  Not part of the test suite.
set -eu
build=${1:-build}
n=${2:-20}
bin=$(cd "$build/bin" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; }

echo "rendering a 12 MP set (4000x3000) ..."
"$bin/limbvol-gen" --out "$work/big" --size 4000x3000 --noise 8 >/dev/null
mkdir -p "$work/bigsets"
for i in $(seq 1 "$n"); do ln -s "$work/big" "$work/bigsets/set$i"; done
# warm the page cache so that reading the file is not what is measured
cat "$work/big"/*.jpg >/dev/null

echo "1. analysis vs decoding, $n sets of two 12 MP JPEGs, one job ..."
"$bin/limbvol-batch" "$work/bigsets" --jobs 1 --timing --out "$work/r0.csv" 2>"$work/t1.log"
grep timing "$work/t1.log"
dec=$(sed -n 's/.*decode_ms \([0-9.]*\).*/\1/p' "$work/t1.log")
ana=$(sed -n 's/.*analyse_ms \([0-9.]*\).*/\1/p' "$work/t1.log")

echo "2. two jobs vs one (each twice, alternating; the faster run counts) ..."
for round in 1 2; do
	for j in 1 2; do
		/usr/bin/time -f "%e %U %S" -o "$work/time$j.$round" \
			"$bin/limbvol-batch" "$work/bigsets" --jobs "$j" --force --out "$work/r$j.csv" 2>/dev/null
	done
done
best() { sort -n "$work/time$1.1" "$work/time$1.2" | head -n 1; }
read -r t1 u1 s1 <<<"$(best 1)"
read -r t2 u2 s2 <<<"$(best 2)"

echo "3. peak memory, 10 vs 1000 small sets (two jobs) ..."
"$bin/limbvol-gen" --out "$work/small" --size 640x480 >/dev/null
mkdir -p "$work/s10" "$work/s1000"
for i in $(seq 1 10); do ln -s "$work/small" "$work/s10/set$i"; done
for i in $(seq 1 1000); do ln -s "$work/small" "$work/s1000/set$i"; done
m10=$(rss "$bin/limbvol-batch" "$work/s10" --jobs 2 --out "$work/m10.csv")
m1000=$(rss "$bin/limbvol-batch" "$work/s1000" --jobs 2 --out "$work/m1000.csv")

awk -v d="$dec" -v a="$ana" -v t1="$t1" -v t2="$t2" -v c1="$(awk -v u="$u1" -v s="$s1" 'BEGIN { print u + s }')" \
    -v c2="$(awk -v u="$u2" -v s="$s2" 'BEGIN { print u + s }')" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
    -v m10="$m10" -v m1000="$m1000" -v n="$n" 'BEGIN {
	printf "\nper 12 MP JPEG (CPU time): decode %.1f ms, analysis %.1f ms\n", d, a
	printf "ratio 1, analysis / decode:        %.2f  (target <= 0.30)\n", a / d
	printf "batch of %d sets: 1 job %.2f s (CPU %.2f s), 2 jobs %.2f s (CPU %.2f s); load average %s\n",
	       n, t1, c1, t2, c2, load
	printf "ratio 2, 1 job / 2 jobs:           %.2f  (target >= 1.80 on two idle cores)\n", t1 / t2
	printf "peak memory: 10 sets %d kB, 1000 sets %d kB\n", m10, m1000
	printf "ratio 3, memory 1000 / 10 sets:    %.2f  (target 1.00)\n", m1000 / m10
}'
