#!/bin/sh
# Every allocation of liblimbvol goes through core/src/mem.h (limbvol/alloc.h):
# a bare malloc, calloc, realloc, free or strdup in core/src would escape the
# injectable allocator and the allocation-failure test.
#   no_raw_malloc.sh SOURCE_DIR
cd "$1/core/src" || exit 1
if grep -nE '(^|[^_a-zA-Z0-9.>])(malloc|calloc|realloc|free|strdup)\(' *.c | grep -v '^mem\.c:' |
	grep -vE '^[^:]+:[0-9]+:\s*(/?\*|//)'; then
	echo "FAIL: use mem_malloc/mem_calloc/mem_realloc/mem_free/mem_strdup (core/src/mem.h)" >&2
	exit 1
fi
echo "core/src: every allocation through mem.h"
