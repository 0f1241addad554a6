#!/bin/bash
# batch_shard_bench.sh - what spreading a batch over shards costs, and how
# fast --merge is (issue 12).
#
#   tests/bench/batch_shard_bench.sh [BUILD_DIR] [N_SETS] [N_SHARDS] [N_ROWS]
#
# Prints:
#  1. shard overhead: the CPU time (user + sys) of N_SHARDS shard runs
#     together / of one run over the same N_SETS sets (default 60 small real
#     sets, 4 shards): each shard walks the whole tree and starts a process;
#  2. merge speed: rows per second merging N_SHARDS parts of N_ROWS rows in
#     all (default 20000; failed rows, which cost nothing to make), and the
#     merge's wall time / cat's on the same parts;
#  3. merge memory: peak RSS merging N_ROWS rows / merging a tenth of them
#     (target 1.0: one row per part in memory).
# CPU times, so that other work on the machine does not skew ratio 1.  Not
# part of the test suite.
set -eu
build=${1:-build}
nsets=${2:-60}
nshards=${3:-4}
nrows=${4:-20000}
bin=$(cd "$build/bin" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cpu() { /usr/bin/time -f '%U %S' "$@" 2>&1 >/dev/null | tail -n 1 | awk '{ print $1 + $2 }'; }
wall() {
	local t0
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1 || true
	echo $((($(date +%s%N) - t0) / 1000))
}
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; }

echo "rendering one set (640x480), $nsets folders linking to its photos ..."
"$bin/limbvol-gen" --out "$work/one" --size 640x480 >/dev/null
for i in $(seq -w 1 "$nsets"); do
	d=$work/sets/c$((10#$i % 5))/s$i
	mkdir -p "$d"
	ln -s "$work/one/front.jpg" "$d/front.jpg"
	ln -s "$work/one/side.jpg" "$d/side.jpg"
	cp "$work/one/manifest.txt" "$d/"
done
single=$(cpu "$bin/limbvol-batch" "$work/sets" --jobs 1 --out "$work/single.csv")
total=0
for ((k = 0; k < nshards; k++)); do
	t=$(cpu "$bin/limbvol-batch" "$work/sets" --jobs 1 --shard "$k/$nshards" --out "$work/p$k.csv")
	total=$(awk -v a="$total" -v b="$t" 'BEGIN { print a + b }')
done
awk -v s="$single" -v t="$total" -v n="$nshards" -v m="$nsets" 'BEGIN {
	printf "1. shard overhead: %d shards %.2f s CPU / one run %.2f s CPU = %.3f (%d sets)\n", n, t, s, t / s, m }'

echo "making $nrows failed rows in $nshards parts ..."
for i in $(seq -w 1 "$nrows"); do
	echo "$work/rows/d$((10#$i % 100))/r$i"
done | xargs mkdir -p
find "$work/rows" -mindepth 2 -type d -exec sh -c 'for d; do echo "front=x.jpg" >"$d/manifest.txt"; done' sh {} +
for ((k = 0; k < nshards; k++)); do
	"$bin/limbvol-batch" "$work/rows" --jobs 2 --shard "$k/$nshards" --out "$work/r$k.csv" 2>/dev/null || true
done
parts=()
for ((k = 0; k < nshards; k++)); do parts+=("$work/r$k.csv"); done
m=$(wall "$bin/limbvol-batch" --merge "$work/merged.csv" "${parts[@]}")
c=$(wall cat "${parts[@]}")
rows=$(($(wc -l <"$work/merged.csv") - 1))
awk -v m="$m" -v c="$c" -v r="$rows" 'BEGIN {
	printf "2. merge: %d rows in %.3f s = %.0f rows/s; merge / cat of the parts = %.1f\n", r, m / 1e6, r / (m / 1e6), m / c }'
# a tenth: the first tenth of each part
small=()
for ((k = 0; k < nshards; k++)); do
	n=$(wc -l <"$work/r$k.csv")
	head -n $((n / 10 + 1)) "$work/r$k.csv" >"$work/t$k.csv"
	small+=("$work/t$k.csv")
done
big_rss=$(rss "$bin/limbvol-batch" --merge "$work/m1.csv" "${parts[@]}")
small_rss=$(rss "$bin/limbvol-batch" --merge "$work/m2.csv" "${small[@]}")
awk -v b="$big_rss" -v s="$small_rss" 'BEGIN {
	printf "3. merge memory: peak RSS %d KB / %d KB for a tenth of the rows = %.2f\n", b, s, b / s }'
