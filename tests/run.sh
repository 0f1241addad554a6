#!/bin/bash
# run.sh - install what is missing, check the source format (tests/format.sh),
# build from scratch and run every test:
# once in a release build with warnings as errors, once under AddressSanitizer
# and UndefinedBehaviorSanitizer; the library's unit tests under valgrind
# (tests/valgrind.sh); then every fuzz target for LV_FUZZ_SECONDS (30 s
# each, tests/fuzz/README.md).  Exit status 0 only when all pass.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
jobs=$(nproc)

echo "== source format (.clang-format) =="
tests/format.sh

echo "== release build (warnings are errors) =="
rm -rf build/test-release
cmake -S . -B build/test-release -DCMAKE_BUILD_TYPE=Release -DLV_WERROR=ON >/dev/null
cmake --build build/test-release -j"$jobs"
ctest --test-dir build/test-release --output-on-failure -j"$jobs"

echo "== the library's unit tests under valgrind memcheck =="
tests/valgrind.sh build/test-release

echo "== sanitizer build (ASan + UBSan) =="
rm -rf build/test-asan
cmake -S . -B build/test-asan -DCMAKE_BUILD_TYPE=Asan -DLV_WERROR=ON >/dev/null
cmake --build build/test-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir build/test-asan --output-on-failure -j"$jobs"

echo "== fuzz targets, ${LV_FUZZ_SECONDS:-30} s each (clang, libFuzzer) =="
rm -rf build/test-fuzz
tests/fuzz/run.sh -b build/test-fuzz
