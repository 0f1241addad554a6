#!/bin/sh
# Benchmarks of the measurement store (never part of the test suite):
#   history and trend of a patient with 1,000 measurements (target < 100 ms)
#   import of 100,000 measurements, 1.1 million sites (target < 10 s)
# usage: tests/bench/store_bench.sh [BUILD_DIR | path/to/limbvol]
# Wall-clock times include starting the program (loading cairo and its
# libraries); "cpu" is user + system time, which a busy machine inflates less.
LV=${1:-build}
[ -d "$LV" ] && LV=$LV/bin/limbvol
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/lvbench.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

now() { date +%s%N; }
# best of 5 runs of a command: "wall-ms cpu-ms"
best5() {
	best=
	bcpu=
	for _ in 1 2 3 4 5; do
		a=$(now)
		if [ -x /usr/bin/time ]; then
			/usr/bin/time -f "%U %S" -o "$T/cpu" "$@" >/dev/null || { echo "failed: $*" >&2; exit 1; }
			cpu=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$T/cpu")
		else
			"$@" >/dev/null || { echo "failed: $*" >&2; exit 1; }
			cpu=-
		fi
		b=$(now)
		ms=$(( (b - a) / 1000000 ))
		if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; bcpu=$cpu; fi
	done
	printf '%8s %8s' "$best" "$bcpu"
}

awk -v N=1000 -v P=H1000 -f "$HERE/gen_export.awk" >"$T/h1000.csv"
"$LV" import --db "$T/h.db" "$T/h1000.csv" >/dev/null || exit 1
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
printf '%-44s %8s %8s\n' "task (1,000 measurements, best of 5)" "wall ms" "cpu ms"
printf '%-44s %s\n' "limbvol --version (program start only)" "$(best5 "$LV" --version)"
printf '%-44s %s\n' "limbvol history (text)" "$(best5 "$LV" history H1000 --db "$T/h.db")"
printf '%-44s %s\n' "limbvol history --format json" "$(best5 "$LV" history H1000 --db "$T/h.db" --format json)"
printf '%-44s %s\n' "limbvol trend --out trend.png" "$(best5 "$LV" trend H1000 --db "$T/h.db" --out "$T/t.png")"
printf '%-44s %s\n' "limbvol trend --out trend.svg" "$(best5 "$LV" trend H1000 --db "$T/h.db" --out "$T/t.svg")"
printf '%-44s %s\n' "limbvol trend --out trend.pdf" "$(best5 "$LV" trend H1000 --db "$T/h.db" --out "$T/t.pdf")"
printf '%-44s %s\n' "limbvol trend --format csv" "$(best5 "$LV" trend H1000 --db "$T/h.db" --format csv)"

awk -v N=100000 -v P=BIG -f "$HERE/gen_export.awk" >"$T/big.csv"
a=$(now)
"$LV" import --db "$T/big.db" "$T/big.csv" >/dev/null || exit 1
b=$(now)
printf '%-44s %8s\n' "import 100,000 measurements ($(du -m "$T/big.csv" | cut -f1) MB CSV)" "$(( (b - a) / 1000000 ))"
a=$(now)
"$LV" export BIG --db "$T/big.db" --out "$T/back.csv" >/dev/null || exit 1
b=$(now)
printf '%-44s %8s\n' "export 100,000 measurements" "$(( (b - a) / 1000000 ))"
printf '%-44s %s\n' "history of 100,000 measurements (text)" "$(best5 "$LV" history BIG --db "$T/big.db")"
