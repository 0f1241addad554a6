#!/bin/bash
# `cmake --install` into a temporary prefix, then build a small program
# against the installed library twice, with pkg-config alone and with CMake's
# find_package(limbvol), and run both: the volume of doc/clinical.md's
# cylinder (1989.44 mL).  The installed shared library has its soname and
# exports the public API (lv_*) and nothing else.
#   install.sh BUILD_DIR THIS_DIR BUILD_TYPE
set -eu
build=$1
here=$(cd "$2" && pwd)
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
lib=$(find "$prefix" -name 'liblimbvol.so.*.*.*' | head -n 1)
[ -n "$lib" ] || { echo "no shared liblimbvol installed"; exit 1; }
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" { print $2 }')
case $soname in liblimbvol.so.[0-9]*) ;; *) echo "soname '$soname'"; exit 1 ;; esac
[ -e "$(dirname "$lib")/$soname" ] || { echo "no $soname link installed"; exit 1; }
# hidden visibility: only the public API is exported
# (a sanitized build adds its own __asan/__odr_asan symbols)
leaked=$(nm -D --defined-only "$lib" | awk '$2 ~ /[TDBR]/ && $3 !~ /^(lv_|__odr_asan|__asan)/ { print $3 }')
[ -z "$leaked" ] || { echo "internal symbols exported:" $leaked; exit 1; }

# pkg-config, the file as installed (its paths follow the prefix given)
pc=$(find "$prefix" -name limbvol.pc | head -n 1)
[ -n "$pc" ] || { echo "no limbvol.pc installed"; exit 1; }
export PKG_CONFIG_PATH=$(dirname "$pc")
inc=$(pkg-config --variable=includedir limbvol)
[ "$(cd "$inc" && pwd -P)" = "$(cd "$prefix/include" && pwd -P)" ] ||
	{ echo "limbvol.pc: includedir $inc is not under $prefix"; exit 1; }
cc -std=c11 -Wall -Werror $extra -o "$prefix/cyl" "$here/cylinder.c" $(pkg-config --cflags --libs limbvol) \
	-Wl,-rpath,"$(pkg-config --variable=libdir limbvol)"
out=$("$prefix/cyl")
[ "$out" = "1989.44" ] || { echo "pkg-config build computed '$out', expected 1989.44"; exit 1; }

# CMake: find_package(limbvol) and the imported target limbvol::limbvol
mkdir "$prefix/consumer"
cat >"$prefix/consumer/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.18)
project(consumer C)
find_package(limbvol \${WANT} REQUIRED)
add_executable(cyl $here/cylinder.c)
target_link_libraries(cyl PRIVATE limbvol::limbvol)
CMAKE
version=$(pkg-config --modversion limbvol)
cmake -S "$prefix/consumer" -B "$prefix/consumer/build" -DCMAKE_PREFIX_PATH="$prefix" \
	-DWANT="$version" -DCMAKE_C_FLAGS="$extra" >/dev/null
cmake --build "$prefix/consumer/build" >/dev/null
out=$("$prefix/consumer/build/cyl")
[ "$out" = "1989.44" ] || { echo "find_package build computed '$out', expected 1989.44"; exit 1; }
# the version file: another major version is not this one
if cmake -S "$prefix/consumer" -B "$prefix/consumer/b2" -DCMAKE_PREFIX_PATH="$prefix" \
	-DWANT=99.0 >/dev/null 2>&1; then
	echo "find_package(limbvol 99.0) accepted version $version"; exit 1
fi

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
