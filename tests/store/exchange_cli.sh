#!/bin/sh
# The export format's readers and writers at their limits (issue 14): input
# read once (a FIFO, a pipe, standard input: JSON too), a duplicated column
# name refused, export of a patient without sessions, a measurement of 9,000
# sites exported and imported back, and the JSON reader's memory flat on a
# file of two million numbers.
#   exchange_cli.sh LIMBVOL SOURCE_DIR
LV=$1
here=$(dirname "$0")
LIMBVOL=$LV
. "$here/../lib.sh"
T=$tmp
unset LIMBVOL_DB XDG_DATA_HOME
export HOME="$T/home"
mkdir -p "$HOME"

ok() { checks=$((checks + 1)); }
# expect CODE NEEDLE -- command...: exit code, and NEEDLE in stderr or stdout
expect() {
	code=$1 needle=$2
	shift 3
	run "$@" </dev/null
	expect_status "$code" "$*"
	[ -z "$needle" ] || grep -qF -- "$needle" "$tmp/out" "$tmp/err" ||
		fail "$*: no '$needle' in: $(head -c 300 "$tmp/err")"
}
# measurements of a patient in a store (the patients listing, column 2)
count() { "$LV" patients --db "$1" --format csv | awk -F, -v p="$2" '$1 == p { print $2 }'; }

DB=$T/a.db
"$LV" record --db "$DB" --patient X1 --limb left-arm --phase pre --date 2026-01-05 --step 4 \
	20 21 22 23 >/dev/null || fail "record"
"$LV" record --db "$DB" --patient X1 --limb right-arm --phase pre --date 2026-01-05 --step 4 \
	19 20 21 22 >/dev/null || fail "record"
"$LV" export X1 --db "$DB" --out "$T/x1.csv" >/dev/null || fail "export csv"
"$LV" export X1 --db "$DB" --format json --out "$T/x1.json" >/dev/null || fail "export json"

# ---- each input read once: a FIFO, a pipe, standard input ----
# (a FIFO used to be opened twice: once to sniff, once to read: it hung)
for f in x1.csv x1.json; do
	rm -f "$T/fifo" "$T/b.db"*
	mkfifo "$T/fifo"
	cat "$T/$f" >"$T/fifo" &
	writer=$!
	timeout 20 "$LV" import --db "$T/b.db" "$T/fifo" >"$T/o" 2>"$T/e"
	got=$?
	kill "$writer" 2>/dev/null
	wait "$writer" 2>/dev/null
	[ "$got" = 0 ] && [ "$(count "$T/b.db" X1)" = 2 ] && ok ||
		{ fail "import of $f through a FIFO: exit $got, $(count "$T/b.db" X1) stored"; cat "$T/e" >&2; }
	rm -f "$T/b.db"*
	cat "$T/$f" | "$LV" import --db "$T/b.db" - >"$T/o" 2>"$T/e" &&
		[ "$(count "$T/b.db" X1)" = 2 ] && ok ||
		{ fail "import of $f from a pipe"; cat "$T/e" >&2; }
done
# a pipe that delivers the file slowly: nothing of the first buffer is lost
rm -f "$T/b.db"*
{ head -c 100 "$T/x1.json"; sleep 1; tail -c +101 "$T/x1.json"; } |
	"$LV" import --db "$T/b.db" - >/dev/null 2>"$T/e" && [ "$(count "$T/b.db" X1)" = 2 ] && ok ||
	{ fail "a slow pipe"; cat "$T/e" >&2; }

# ---- a duplicated column name: refused, naming both (the last used to win) ----
{ head -1 "$T/x1.csv" | sed 's/,landmark,/,patient,/'; tail -n +2 "$T/x1.csv"; } >"$T/dup.csv"
expect 65 "dup.csv:1:" -- "$LV" import --db "$T/c.db" "$T/dup.csv"
expect 65 "column 'patient' appears twice (columns 2 and 23)" -- "$LV" import --db "$T/c.db" "$T/dup.csv"

# ---- export --all of a patient without sessions (qsort(NULL, 0) was undefined) ----
head -1 "$T/x1.csv" >"$T/p.csv"
echo "patient,NOSESS,,,,,,,,,,,,,,,,,1970,female,,," >>"$T/p.csv"
"$LV" import --db "$T/d.db" "$T/p.csv" >/dev/null || fail "import of a lone patient"
expect 0 "patient,NOSESS" -- "$LV" export --all --db "$T/d.db"
expect 0 "\"patient\": \"NOSESS\"" -- "$LV" export --all --db "$T/d.db" --format json

# ---- a measurement of 9,000 sites: recorded, exported, imported back ----
awk 'BEGIN { print "patient,limb,date,phase,site_cm,circumference_cm"
	for (i = 0; i < 9000; i++) printf "BIG,left-leg,2026-02-01,pre,%.1f,30\n", i * 0.1 }' >"$T/big.csv"
"$LV" record --db "$T/e.db" "$T/big.csv" >/dev/null 2>"$T/e" || { fail "record 9000 sites"; cat "$T/e" >&2; }
expect 0 "" -- "$LV" export BIG --db "$T/e.db" --out "$T/big-x.csv"
[ "$(grep -c '^site,' "$T/big-x.csv")" = 9000 ] && ok || fail "the export lacks sites of 9000"
expect 0 "imported 1 measurement" -- "$LV" import --db "$T/f.db" "$T/big-x.csv"
"$LV" export BIG --db "$T/f.db" | cmp -s - "$T/big-x.csv" && ok || fail "9000 sites: export -> import -> export differs"
expect 0 "" -- "$LV" export BIG --db "$T/e.db" --format json --out "$T/big-x.json"
expect 0 "imported 1 measurement" -- "$LV" import --db "$T/g.db" "$T/big-x.json"

# ---- streaming JSON: memory does not follow the file ----
# two million numbers under a key the reader skips (the whole tree was built)
peak() { # FILE: peak RSS in kB of importing it
	rm -f "$T/m.db"*
	/usr/bin/time -f %M -o "$T/rss" "$LV" import --db "$T/m.db" "$1" >/dev/null 2>&1
	cat "$T/rss"
}
if [ -x /usr/bin/time ]; then
	printf '{"format": "limbvol-export", "version": 1, "patients": []}' >"$T/small.json"
	awk 'BEGIN { printf "{\"format\": \"limbvol-export\", \"version\": 1, \"junk\": [0"
		for (i = 1; i < 2000000; i++) printf ",%d", i % 10
		print "], \"patients\": []}" }' >"$T/flat.json"
	small=$(peak "$T/small.json")
	flat=$(peak "$T/flat.json")
	[ "$flat" -lt $((small + 30000)) ] && ok || fail "JSON import memory grows: $small kB -> $flat kB on 2 M numbers"
	# one string token is capped: a 10 MB string is refused without holding it
	awk 'BEGIN { printf "{\"format\": \"limbvol-export\", \"x\": \""; for (i = 0; i < 100000; i++) printf "%0100d", 0; print "\"}" }' >"$T/long.json"
	expect 65 "long.json:1:35: a string longer than 4096 bytes" -- "$LV" import --db "$T/m.db" "$T/long.json"
fi

finish
