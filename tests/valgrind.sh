#!/bin/bash
# valgrind.sh BUILD_DIR - the library's unit tests under valgrind memcheck:
# any invalid read or write, use of uninitialised memory or leak (definite or
# indirect) fails.  Chosen to take minutes on CI's 2 cores: the C unit tests
# of core and the store and every fuzz target's replay of its corpus and
# regression inputs; not the shell tests (they run the programs, already
# under ASan in the sanitizer build) nor the allocation-failure test (16,000
# runs: ASan and LSan cover it).
set -uo pipefail
build=$(cd "${1:?usage: valgrind.sh BUILD_DIR}" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
bin=$build/bin
vg=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
	--show-leak-kinds=definite,indirect --suppressions="$src/tests/valgrind.supp")
tests=(test_number test_volume test_metrics test_limits test_tape_csv test_tape_fuzz test_mask
	test_mask_fuzz test_silhouette store_test_store store_test_store_files)
failed=0
start=$(date +%s)
for t in "${tests[@]}"; do
	[ -x "$bin/$t" ] || continue
	if (cd "$build" && "${vg[@]}" "$bin/$t" >"$build/valgrind-$t.log" 2>&1); then
		echo "valgrind $t: clean"
	else
		echo "valgrind $t: FAILED (log: $build/valgrind-$t.log)"; tail -20 "$build/valgrind-$t.log"
		failed=1
	fi
done
for f in "$bin"/fuzz_*; do
	t=${f##*/fuzz_}
	if "${vg[@]}" "$f" "$src/tests/fuzz/corpus/$t" "$src/tests/fuzz/regress/$t" \
		>"$build/valgrind-fuzz_$t.log" 2>&1; then
		echo "valgrind fuzz_$t (corpus + regressions): clean"
	else
		echo "valgrind fuzz_$t: FAILED (log: $build/valgrind-fuzz_$t.log)"; tail -20 "$build/valgrind-fuzz_$t.log"
		failed=1
	fi
done
echo "valgrind: $(($(date +%s) - start)) s"
exit $failed
