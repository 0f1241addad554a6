#!/bin/sh
# layout.sh - the arrows of DEVELOPING.md ("Layout and the direction of the
# arrows") hold in the tree, and the lv_ prefix stays the public API's:
#  - every quoted #include names a header of a part the including part may
#    use: core (core/src, core/include) includes only core; cli/ only itself
#    and core's public headers; cv/ only itself and limbvol/error.h; calib's
#    library only itself, cv/ and core's public headers, never capture;
#    the programs rest on the modules, cli/ and core's public headers, never
#    on core/src (the library's private headers);
#  - no OpenCV header outside cv/*.cpp and cv/*.hpp;
#  - target_link_libraries draws the same arrows (core links none of the
#    project's other libraries, cli/ and cv/ link only core, lvcalib never
#    lvphoto);
#  - an identifier lv_* or LV_* outside core/include and calib/include is one
#    those headers declare (a private name wears its module's prefix).
#   layout.sh SOURCE_DIR
# Tests (tests/) are exempt: they may reach inside.
set -u
src=${1:-.}
cd "$src" || exit 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0

# The part a path belongs to.
part() {
	case $1 in
	core/include/*) echo core_api ;;
	core/src/*) echo core ;;
	core/cli/*) echo core_cli ;;
	cli/*) echo cli ;;
	cv/*.cpp | cv/*.hpp) echo cv_cpp ;;
	cv/*) echo cv ;;
	calib/include/* | calib/src/*) echo calib ;;
	calib/cli/*) echo calib_cli ;;
	capture/gen/*) echo gen ;;
	capture/src/*) # lvphoto's sources and their headers; the rest: programs
		c=${1#capture/}
		c=${c%.h}
		c=${c%.c}.c
		case " $photo_lib " in *" $c "*) echo capture ;; *) echo capture_main ;; esac ;;
	*) echo other ;;
	esac
}

# May part $1 include a header of part $2 (named $3)?
allowed() {
	case $1:$2 in
	*:core_api) case $1 in cv | cv_cpp) [ "$3" = limbvol/error.h ] ;; *) true ;; esac ;;
	core:core | cli:cli | cv:cv | cv_cpp:cv | cv_cpp:cv_cpp | calib:calib) true ;;
	calib:cv) true ;;
	core_cli:core_cli | core_cli:cli) true ;;
	calib_cli:calib_cli | calib_cli:calib | calib_cli:cv | calib_cli:cli) true ;;
	capture:capture | capture:calib | capture:cv) true ;;
	capture_main:capture* | capture_main:calib | capture_main:cv | capture_main:cli) true ;;
	gen:gen | gen:cli | gen:cv | gen:calib) true ;;
	*) false ;;
	esac
}

# lvphoto's sources (capture/CMakeLists.txt): a module, not a program
photo_lib=$(awk '/add_library\(lvphoto / { on = 1 } on { print } on && /\)/ { exit }' capture/CMakeLists.txt 2>/dev/null |
	sed 's/add_library(lvphoto STATIC//; s/)//' | tr -s ' \t\n' ' ')

files=$(git ls-files 2>/dev/null | grep -E '\.(c|h|cpp|hpp|h\.in)$' | grep -v '^tests/')
[ -n "$files" ] || files=$(find core cli cv calib capture -type f \( -name '*.c' -o -name '*.h' \
	-o -name '*.cpp' -o -name '*.hpp' -o -name '*.h.in' \) | sort)
nfiles=$(echo "$files" | wc -l)

# Where each header lives: by its name below an include folder, and by its
# base name (the folders are on the include path; names are unique).
for f in $(echo "$files" | grep -E '\.(h|hpp|h\.in)$'); do
	case $f in
	*/include/*) echo "${f#*/include/} $f" ;;
	esac
	echo "$(basename "$f") $f"
done | sed 's/\.h\.in /.h /' >"$tmp/where"
dups=$(sort -u "$tmp/where" | awk '{ c[$1]++ } END { for (n in c) if (c[n] > 1) print n }')
if [ -n "$dups" ]; then
	echo "header names used twice (an include could mean either): $dups"
	fail=1
fi

# 1. quoted includes: "file line name" joined with where the name lives
for f in $files; do echo "$f $(part "$f")"; done >"$tmp/parts"
# shellcheck disable=SC2086
grep -n -E '^[ \t]*#[ \t]*include[ \t]*"' $files | sed -E 's/^([^:]+):([0-9]+):.*"([^"]+)".*/\1 \2 \3/' |
	awk 'FILENAME == ARGV[1] { part[$1] = $2; next }
	     FILENAME == ARGV[2] { if (!($1 in at)) at[$1] = $2; next }
	     { to = ($3 in at) ? at[$3] : ""
	       print $1, $2, $3, part[$1], (to == "" ? "-" : to), (to == "" ? "-" : part[to]) }' \
		"$tmp/parts" "$tmp/where" - |
	while read -r f line name from to topart; do
		if [ "$to" = - ]; then
			echo "$f:$line: #include \"$name\": no such header in the tree"
		elif [ "$from" != "$topart" ] && ! allowed "$from" "$topart" "$name"; then
			echo "$f:$line: #include \"$name\": $from may not include $to"
		fi
	done >"$tmp/includes"

# 2. OpenCV headers
for f in $files; do
	case $f in cv/*.cpp | cv/*.hpp) continue ;; esac
	grep -n -E '^[ \t]*#[ \t]*include[ \t]*[<"]opencv' "$f" | sed "s|^|$f:|;s|\$|: OpenCV outside cv/*.cpp|"
done >>"$tmp/includes"

# 3. link arrows: the project's libraries each directory's targets link
own='limbvol|limbvol_static|limbvol_objects|lvcli|cvshim|lvcalib|lvphoto|lvbatch|lvgenmesh'
for cm in core/CMakeLists.txt cli/CMakeLists.txt cv/CMakeLists.txt calib/CMakeLists.txt capture/CMakeLists.txt; do
	[ -f "$cm" ] || continue
	awk '/target_link_libraries\(/ { on = 1 } on { print FILENAME ":" FNR ": " $0 } on && /\)/ { on = 0 }' "$cm"
done | while IFS= read -r l; do
	cm=${l%%:*}
	words=$(echo "$l" | sed 's/^[^:]*:[0-9]*: //; s/target_link_libraries(//; s/[()]/ /g')
	target=$(echo "$l" | sed -n 's/.*target_link_libraries( *\([A-Za-z0-9_-]*\).*/\1/p')
	for w in $words; do
		[ "$w" = "$target" ] && continue
		echo "$w" | grep -qxE "$own" || continue
		case $cm:$w in
		core/*:limbvol* | cli/*:limbvol | cv/*:limbvol | calib/*:limbvol | calib/*:cvshim | calib/*:lvcalib) ;;
		calib/*:lvcli) [ "$target" = limbvol-calib ] || echo "$l: lvcalib's library links lvcli" ;;
		capture/*:lvcalib | capture/*:cvshim | capture/*:lvphoto | capture/*:limbvol) ;;
		capture/*:*) [ "$target" != lvphoto ] || echo "$l: lvphoto (a module) links $w" ;;
		*) echo "$l: links $w against the arrows" ;;
		esac
	done
done >>"$tmp/includes"

if [ -s "$tmp/includes" ]; then
	echo "includes or links against the arrows of DEVELOPING.md:"
	cat "$tmp/includes"
	fail=1
fi

# 4. the lv_ prefix: names outside the public headers are ones they declare
pub=$(echo "$files" | grep -E '^(core|calib)/include/')
# shellcheck disable=SC2086
grep -h -o -E '\b[lL][vV]_[A-Za-z0-9_]+' $pub | sort -u >"$tmp/public"
for f in $files; do
	case $f in core/include/* | calib/include/*) continue ;; esac
	grep -n -o -E '\b[lL][vV]_[A-Za-z0-9_]+' "$f" | sed "s|^|$f:|"
done | awk -F: 'NR == FNR { pub[$0] = 1; next } !($3 in pub) { print $1 ":" $2 ": " $3 }' \
	"$tmp/public" - >"$tmp/prefix"
if [ -s "$tmp/prefix" ]; then
	echo "lv_/LV_ names that no public header declares (DEVELOPING.md: not the library's API," \
		"no lv_ prefix; use the module's own: cli_, report_, photo_, ...):"
	cat "$tmp/prefix"
	fail=1
fi

[ $fail -eq 0 ] && echo "$nfiles files: includes and links point down, lv_ names are the public API's"
exit $fail
