#!/bin/sh
# Every function declared in a public header carries LV_EXTERN: liblimbvol is
# built with hidden visibility, so an unmarked declaration links inside the
# library and fails ("undefined reference") in every program outside it.
#   extern_check.sh HEADER...
bad=$(awk '
	FNR == 1 { incom = 0; depth = 0 }
	incom { if ($0 ~ /\*\//) incom = 0; next }
	/^[ \t]*\/\*/ && $0 !~ /\*\// { incom = 1; next }
	depth == 0 && /^[A-Za-z_][A-Za-z0-9_ *]*[A-Za-z0-9_]+[ \t*]*\(/ &&
	    !/^(typedef|struct|enum|union|static|LV_EXTERN|extern "C")/ { print FILENAME ":" FNR ": " $0 }
	{ n = gsub(/\{/, "{"); m = gsub(/\}/, "}"); if ($0 !~ /extern "C"/) depth += n - m; if (depth < 0) depth = 0 }
' "$@")
if [ -n "$bad" ]; then
	echo "public declarations without LV_EXTERN (limbvol/extern.h):"
	echo "$bad"
	exit 1
fi
echo "$# headers: every declaration exported"
