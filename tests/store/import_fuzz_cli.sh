#!/bin/sh
# limbvol import on mutated export files (CSV and JSON): every one is either imported
# (exit 0) or refused as bad data with a located message (exit 65) and
# leaves the store consistent; never a crash, a hang or an internal error.
# Under the Asan build, any memory error fails the run.
#   import_fuzz_cli.sh LIMBVOL SOURCE_DIR BIN_DIR
LV=$1
SRC=$2
BIN=$3
T=$(mktemp -d "${TMPDIR:-/tmp}/lvfuzz.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
export LIMBVOL_DB="$T/seed.db"
fails=0
"$LV" record "$SRC/samples/patient-followup.csv" >/dev/null || exit 1
"$LV" patients LV-0001 --affected right-arm --sex female --weight 70 --date 2026-01-10 >/dev/null
"$LV" export --all --out "$T/seed.csv" >/dev/null || exit 1
"$LV" export --all --format json --out "$T/seed.json" >/dev/null || exit 1
mkdir "$T/m" "$T/j"
"$BIN/store_mutate" "$T/seed.csv" "$T/m" 60 || exit 1
"$BIN/store_mutate" "$T/seed.json" "$T/j" 40 || exit 1
for f in "$T"/m/*.csv "$T"/j/*.csv; do
	"$LV" import --db "$T/fuzz.db" "$f" >"$T/out" 2>"$T/err"
	rc=$?
	case $rc in
	0) ;;
	65) grep -q "m[0-9]*\.csv:[0-9]" "$T/err" || { echo "FAIL: $f: unlocated error" >&2; cat "$T/err" >&2; fails=$((fails + 1)); } ;;
	*) echo "FAIL: $f: exit $rc" >&2; cat "$T/err" >&2; fails=$((fails + 1)) ;;
	esac
done
if command -v sqlite3 >/dev/null && [ -f "$T/fuzz.db" ]; then
	[ "$(sqlite3 "$T/fuzz.db" 'PRAGMA integrity_check')" = ok ] || { echo "FAIL: integrity" >&2; fails=$((fails + 1)); }
fi
echo "60 mutated CSV and 40 mutated JSON exports, $fails failed"
[ "$fails" -eq 0 ]
