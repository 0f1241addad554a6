#!/bin/bash
# `cmake --install` into a temporary prefix, then build a small program
# against the installed library with pkg-config alone, and run it: the
# volume of doc/clinical.md's cylinder (1989.44 mL).
set -eu
build=$1
here=$2
# a sanitized library needs the sanitizer runtime in the program too
extra=""
[ "${3:-}" = Asan ] && extra="-fsanitize=address,undefined"
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/limbvol include/limbvol/limbvol.h include/limbvol/version.h share/man/man1/limbvol.1 \
	share/bash-completion/completions/limbvol; do
	[ -e "$prefix/$f" ] || { echo "not installed: $f"; exit 1; }
done
pc=$(find "$prefix" -name limbvol.pc | head -n 1)
[ -n "$pc" ] || { echo "no limbvol.pc installed"; exit 1; }
sed -i "s|^prefix=.*|prefix=$prefix|; s|^libdir=.*|libdir=$(dirname "$(dirname "$pc")")|; s|^includedir=.*|includedir=$prefix/include|" "$pc"
export PKG_CONFIG_PATH=$(dirname "$pc")
cc -std=c11 -Wall -Werror $extra -o "$prefix/cyl" "$here/cylinder.c" $(pkg-config --cflags --libs --static limbvol)
out=$("$prefix/cyl")
[ "$out" = "1989.44" ] || { echo "installed library computed '$out', expected 1989.44"; exit 1; }
"$prefix/bin/limbvol" --version
# the installed dispatcher finds the installed programs of capture/ and calib/
help=$("$prefix/bin/limbvol" help)
for cmd in photo batch calib; do
	[ -x "$(find "$prefix" -name "limbvol-$cmd" | head -n 1)" ] || continue
	grep -q "^  $cmd " <<<"$help" || { echo "installed limbvol help does not list $cmd"; exit 1; }
done
"$prefix/bin/limbvol" tape --step 4 25 25 --format json | grep -q '"volume_ml": 198.94' ||
	{ echo "installed limbvol tape failed"; exit 1; }
echo "1 passed, 0 failed"
