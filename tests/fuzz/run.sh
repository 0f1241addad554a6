#!/bin/bash
# run.sh - build the fuzz targets with clang and libFuzzer and run each for a
# bounded time (tests/fuzz/README.md).
#   tests/fuzz/run.sh [-s SECONDS] [-r SEED] [-b BUILD_DIR] [TARGET...]
# SECONDS per target (default $LV_FUZZ_SECONDS, else 30); TARGETs default to
# every fuzz_* program.  Each run starts from the seed corpus in
# tests/fuzz/corpus/TARGET plus what earlier runs in BUILD_DIR found; a crash
# or a broken invariant stops with the input saved under BUILD_DIR/crashes/.
# SEED (default $LV_FUZZ_SEED, else 1) is libFuzzer's -seed: the same seed on
# the same corpus makes two CI runs alike, though not identical (the time
# budget, corpus reloads; tests/fuzz/README.md), and a failing input is saved
# to replay exactly; 0 asks libFuzzer for a random one.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${LV_FUZZ_SECONDS:-30}
seed=${LV_FUZZ_SEED:-1}
build=build/fuzz
while getopts "s:r:b:" o; do
	case $o in
	s) seconds=$OPTARG ;;
	r) seed=$OPTARG ;;
	b) build=$OPTARG ;;
	*) echo "usage: $0 [-s SECONDS] [-r SEED] [-b BUILD_DIR] [TARGET...]" >&2; exit 64 ;;
	esac
done
case $seed in
'' | *[!0-9]*) echo "$0: -r SEED: expected a whole number, found '$seed'" >&2; exit 64 ;;
esac
shift $((OPTIND - 1))

cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
	-DCMAKE_BUILD_TYPE=Asan -DLV_FUZZ=ON >/dev/null
cmake --build "$build" --target fuzz -j"$(nproc)" >"$build/build.log" 2>&1 ||
	{ tail -30 "$build/build.log" >&2; exit 1; }

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	for f in "$build"/bin/fuzz_*; do
		targets+=("${f##*/fuzz_}")
	done
fi
# A small quarantine: ASan's default (256 MB) plus its fragmentation grew the
# resident size of a clean half-million-input run past the 1 GB cap (mask_png:
# 24 MB live heap at 1.2 GB RSS); the cap stays for real memory growth.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:allocator_may_return_null=1:quarantine_size_mb=32
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=0
for t in "${targets[@]}"; do
	work=$build/corpus/$t
	crashes=$build/crashes/$t
	mkdir -p "$work" "$crashes"
	opts=()
	[ -f "tests/fuzz/options/$t" ] && mapfile -t opts <"tests/fuzz/options/$t"
	[ -f "tests/fuzz/$t.dict" ] && opts+=("-dict=tests/fuzz/$t.dict")
	log=$build/fuzz-$t.log
	if "$build/bin/fuzz_$t" -seed="$seed" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1536 \
		-close_fd_mask=3 -print_final_stats=1 -artifact_prefix="$crashes/" "${opts[@]}" \
		"$work" "tests/fuzz/corpus/$t" "tests/fuzz/regress/$t" >"$log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
		echo "fuzz $t: ${seconds} s, seed $seed, ${runs:-?} inputs, $cov, no crash"
	else
		echo "fuzz $t: FAILED (seed $seed); the input is in $crashes/ (log: $log):"
		grep -E 'ERROR|invariant|SUMMARY' "$log" | head -5
		failed=1
	fi
done
if [ $failed -ne 0 ]; then
	echo "copy each crashing input into tests/fuzz/regress/TARGET/, fix the reader, and commit both" >&2
fi
exit $failed
