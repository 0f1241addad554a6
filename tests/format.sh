#!/bin/bash
# format.sh - every C and C++ file is as the checked-in .clang-format wants
# it (issue 8: the style is settled once and kept).  Prints the files that
# are not and exits 1; `clang-format -i FILE` mends them.
set -euo pipefail
cd "$(dirname "$0")/.."
bad=$(git ls-files '*.c' '*.h' '*.cpp' '*.hpp' | while read -r f; do
	clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || echo "$f"
done)
if [ -n "$bad" ]; then
	echo "not in the checked-in clang-format style (clang-format -i FILE):"
	echo "$bad"
	exit 1
fi
echo "format: every C/C++ file follows .clang-format"
