#!/bin/bash
# tape_bench.sh - `limbvol tape --format csv` on 1,000,000 rows (100,000 limb
# measurements of 10 sites) against the same computation in awk (mawk), in
# one run; prints the speed ratio and the peak memory, and the peak memory on
# a file ten times smaller, which must be the same (the reader streams).
# Not part of the test suite.  Usage: tests/bench/tape_bench.sh [build-dir]
set -eu
build=${1:-build}
limbvol=$build/bin/limbvol
[ -x "$limbvol" ] || { echo "build first: $limbvol is missing" >&2; exit 1; }
command -v mawk >/dev/null || { echo "mawk is missing (apt-get install mawk)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

gen() { # MEASUREMENTS FILE
	mawk -v n="$1" 'BEGIN {
		print "patient,limb,date,phase,site_cm,circumference_cm"
		srand(42)
		for (m = 0; m < n; m++) {
			p = sprintf("P%05d", int(m / 4)); limb = (m % 2) ? "right-arm" : "left-arm"
			ph = (m % 4 < 2) ? "pre" : "post"
			for (s = 0; s < 10; s++)
				printf "%s,%s,2026-03-%02d,%s,%d,%.1f\n", p, limb, 1 + m % 28, ph, 4 * s, 16 + 1.5 * s + rand() * 2
		}
	}' > "$2"
}
gen 100000 "$dir/big.csv"
gen 10000 "$dir/small.csv"

# The baseline: summed frustum volume, its sd and the row per measurement in awk.
cat > "$dir/tape.awk" <<'AWK'
BEGIN { FS = ","; pi = 3.14159265358979; sd = 0.1
	print "patient,limb,date,phase,model,from_cm,to_cm,sites,volume_ml,volume_sd_ml" }
function flush() {
	if (n < 2) return
	v = 0
	for (i = 1; i < n; i++) { h = s[i + 1] - s[i]; v += h * (c[i] * c[i] + c[i] * c[i + 1] + c[i + 1] * c[i + 1]) / (12 * pi) }
	var = 0
	for (i = 1; i <= n; i++) {
		g = 0
		if (i < n) g += (s[i + 1] - s[i]) * (2 * c[i] + c[i + 1]) / (12 * pi)
		if (i > 1) g += (s[i] - s[i - 1]) * (c[i - 1] + 2 * c[i]) / (12 * pi)
		var += g * g
	}
	printf "%s,frustum,%.2f,%.2f,%d,%.1f,%.1f\n", key, s[1], s[n], n, v, sqrt(var) * sd
}
NR > 1 { k = $1 "," $2 "," $3 "," $4
	if (k != key) { flush(); key = k; n = 0 }
	n++; s[n] = $5; c[n] = $6 }
END { flush() }
AWK

peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; }
now() { date +%s.%N; }

# best of three runs each, interleaved, so that a busy machine hurts both alike
best() { awk 'NR == 1 || $1 < m { m = $1 } END { print m }'; }
for i in 1 2 3; do
	t0=$(now); mawk -f "$dir/tape.awk" "$dir/big.csv" > "$dir/awk.out"; t1=$(now)
	"$limbvol" tape --format csv "$dir/big.csv" > "$dir/lv.out"; t2=$(now)
	echo "$t1 - $t0" | bc -l >> "$dir/awk.times"
	echo "$t2 - $t1" | bc -l >> "$dir/lv.times"
done
awk_s=$(best < "$dir/awk.times"); lv_s=$(best < "$dir/lv.times")
# both computed the same volumes (a check on the benchmark itself)
paste -d, <(cut -d, -f9 "$dir/awk.out") <(cut -d, -f9 "$dir/lv.out") |
	mawk -F, 'NR > 1 && ($1 - $2 > 0.051 || $2 - $1 > 0.051) { bad++ } END { if (bad) { print "volumes differ on " bad " rows"; exit 1 } }'
size_mb=$(du -m "$dir/big.csv" | cut -f1)
echo "file: 1,000,000 rows, 100,000 measurements, ${size_mb} MB"
printf 'mawk:    %.3f s (best of 3)\nlimbvol: %.3f s (best of 3)\nspeed ratio (mawk time / limbvol time): %.1f  (target >= 5, aim 10)\n' \
	"$awk_s" "$lv_s" "$(echo "$awk_s / $lv_s" | bc -l)"
m_big=$(peak "$limbvol" tape --format csv "$dir/big.csv")
m_small=$(peak "$limbvol" tape --format csv "$dir/small.csv")
printf 'peak memory: %d KiB on 100,000 measurements, %d KiB on 10,000 (ratio %.2f, target 1.0)\n' \
	"$m_big" "$m_small" "$(echo "$m_big / $m_small" | bc -l)"
