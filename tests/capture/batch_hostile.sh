#!/bin/bash
# limbvol batch on hostile trees and results files (issue 14): link loops and
# links to a parent walked once, each set measured and counted once; results
# files that are not regular files, hold an overlong line, end in a cut row or
# inside a JSON escape; temporaries left by a killed run.  Each case checks
# the exit code and the message, within a time bound (a hang is a failure).
BATCH=$1 GEN=$2 WORK=$3
here=$(dirname "$0")
. "$here/../lib.sh"
. "$here/common.sh"
case $WORK in */*/*) ;; *) echo "refusing the work folder '$WORK'" >&2; exit 2 ;; esac
rm -rf "$WORK"
mkdir -p "$WORK/tree"
T=$WORK/tree

# tiny sets (640 x 480): a tenth of a second each
small() { gen "$1" --size 640x480 "${@:2}"; }
small "$T/s1" --seed 21 --patient P021 || exit 1
small "$T/s2" --seed 22 --patient P022 || exit 1

# bounded RUN...: like run, but a hang (more than 30 s) is a failure
bounded() {
	timeout 30 "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	[ "$status" -ne 124 ] || fail "$* did not finish within 30 s"
}
# rows FILE: the number of result rows in a CSV results file
rows() { grep -c "^$T/" "$1"; }

# ---- the walk ----
ln -s . "$T/a" # tree/a -> tree: the same two sets again
bounded "$BATCH" "$T" --out "$WORK/r.csv" --jobs 2
expect_status 0 "a link to the tree's own folder"
checks=$((checks + 1))
[ "$(rows "$WORK/r.csv")" -eq 2 ] || fail "a -> .: each set once, found $(rows "$WORK/r.csv") rows"
checks=$((checks + 1))
grep -q "^$T/a/" "$WORK/r.csv" && fail "a -> .: a set named by the link path"
rm "$T/a"

mkdir -p "$T/x" "$T/y"
ln -s .. "$T/x/up" # a loop: x/up/x/up/...
ln -s ../x "$T/y/x" # and a second path into it
ln -s ../s1 "$T/y/also-s1" # a second path to one set
bounded "$BATCH" "$T" "$T/s2" --out "$WORK/r2.csv" --jobs 2
expect_status 0 "link loops, a set reached by three paths, a folder given twice"
checks=$((checks + 1))
[ "$(rows "$WORK/r2.csv")" -eq 2 ] || fail "loops: each set once, found $(rows "$WORK/r2.csv") rows"
rm -rf "$T/x" "$T/y"

# ---- results files that are not what they claim ----
R=$WORK/res.csv
ln -s /dev/zero "$R.partial"
bounded "$BATCH" "$T" --out "$R"
expect_status 65 "a journal that is /dev/zero"
expect_err "res.csv.partial is not a regular file" "/dev/zero: named, refused"
rm -f "$R.partial"
mkfifo "$R.partial"
bounded "$BATCH" "$T" --out "$R"
expect_status 65 "a journal that is a FIFO"
expect_err "not a regular file" "a FIFO journal is refused, not waited on"
rm -f "$R.partial"

# one line of 2 MiB (the limit is 1 MiB): refused at its line, memory bounded
{
	head -n 1 "$WORK/r.csv"
	head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' x
	echo
} >"$R.partial"
bounded "$BATCH" "$T" --out "$R"
expect_status 65 "a line over the limit"
expect_err "res.csv.partial:2: line is longer than 1048576 bytes: not a results file" "overlong line: file:line, the limit"
rm -f "$R.partial"

# ---- a row cut by a kill ----
# the journal: s1's whole row, then s2's row cut in its volume
grep "^$T/s1," "$WORK/r.csv" >"$R.partial"
grep "^$T/s2," "$WORK/r.csv" | head -c 60 >>"$R.partial"
bounded "$BATCH" "$T" --out "$R" --jobs 1
expect_status 0 "resume after a row cut short"
expect_err "res.csv.partial:2: a row cut short by an interrupted run is dropped" "the cut row is reported"
expect_err "1 of 2 sets already measured" "only the whole row counts"
checks=$((checks + 1))
[ "$(rows "$R")" -eq 2 ] || fail "cut row: one row per set: $(cat "$R")"
checks=$((checks + 1))
[ "$(grep "^$T/s2," "$R")" = "$(grep "^$T/s2," "$WORK/r.csv")" ] ||
	fail "the cut set is measured again, whole: $(grep "^$T/s2," "$R")"
# cut inside a quoted field (a folder name with a comma): still a cut row
grep "^$T/s1," "$WORK/r.csv" >"$R.partial"
printf '"%s/s2,with a comma' "$T" >>"$R.partial"
bounded "$BATCH" "$T" --out "$R" --jobs 1
expect_status 0 "resume after a row cut inside quotes"
expect_err "res.csv.partial:2: a row cut short by an interrupted run is dropped" "cut inside quotes: a cut row, not a broken file"
# a journal that is not CSV (a quote inside an unquoted field, its line
# ended): refused at its line and column, not skipped over
{ grep "^$T/s1," "$WORK/r.csv"; printf 'x,o"k\n'; } >"$R.partial"
bounded "$BATCH" "$T" --out "$R" --jobs 1
expect_status 65 "a journal that is not CSV"
expect_err "res.csv.partial:2:4: a quote inside an unquoted field: not a results file" "not CSV: file:line:column"
rm -f "$R.partial"
# a short foreign row (too few fields) does not count as a result
printf '%s/s1,ok,,P021\n' "$T" >"$R.partial"
rm -f "$R"
bounded "$BATCH" "$T" --out "$R" --jobs 1
expect_status 0 "a row with too few fields"
checks=$((checks + 1))
grep -q "already measured" "$tmp/err" && fail "a 4-field row counted as a result"
checks=$((checks + 1))
[ "$(rows "$R")" -eq 2 ] && [ "$(grep -c '^.*,ok,,P021,' "$R")" -eq 1 ] ||
	fail "short row: s1 measured again: $(cat "$R")"

# ---- JSON: a journal ending inside a string escape ----
J=$WORK/res.json
for cut in '{"set":"\u' '{"set":"\u00' '{"set":"a\' '{"set":"' '{"set":"\uD800\u'; do
	rm -f "$J"
	printf '%s' "$cut" >"$J.partial"
	bounded "$BATCH" "$T" --out "$J" --jobs 1
	expect_status 0 "JSON journal ending in '$cut'"
	checks=$((checks + 1))
	[ "$(grep -c '"status":"ok"' "$J")" -eq 2 ] || fail "'$cut': both sets measured: $(head -c 300 "$J")"
done
# a JSON row with an escape in its set name, and one with a bad escape
s1row=$(grep -o "{\"set\":\"$T/s1\".*}" "$J")
printf '%s\n' "$s1row" | sed "s|\"set\":\"$T/s1\"|\"set\":\"$T/s\\\\u0031\"|" >"$J.partial"
printf '%s\n' "$s1row" | sed "s|\"set\":\"$T/s1\"|\"set\":\"$T/s\\\\x31\"|" >>"$J.partial"
rm -f "$J"
bounded "$BATCH" "$T" --out "$J" --jobs 1
expect_status 0 "JSON rows with escapes"
expect_err "1 of 2 sets already measured" "\\u0031 decodes to '1': s1 is measured already"

# ---- outside bytes on a terminal ----
# a patient code holding an OSC (set the window title) and a CSI
mkdir -p "$WORK/esc"
cp -r "$T/s1" "$WORK/esc/set"
sed -i "s/^patient=.*/patient=P$(printf '\033')]0;owned$(printf '\007')X$(printf '\033')[2J/" "$WORK/esc/set/manifest.txt"
if command -v script >/dev/null 2>&1; then
	script -qec "'$BATCH' '$WORK/esc' --jobs 1" /dev/null >"$tmp/tty" 2>&1
	checks=$((checks + 1))
	grep -q $'\033' "$tmp/tty" && fail "terminal: a raw ESC from a patient code reached the terminal: $(od -c "$tmp/tty" | head -5)"
	checks=$((checks + 1))
	grep -qF 'P\x1b]0;owned\x07X\x1b[2J' "$tmp/tty" || fail "terminal: the code shown escaped: $(head -c 300 "$tmp/tty")"
fi
bounded "$BATCH" "$WORK/esc" --jobs 1 --out "$WORK/esc.csv"
checks=$((checks + 1))
grep -q "P$(printf '\033')]0;owned$(printf '\007')X" "$WORK/esc.csv" || fail "a results file keeps the bytes exact"

# ---- temporaries of a killed run ----
sleep 0 &
dead=$!
wait "$dead"
touch "$R.partial.tmp$dead" "$R.tmp$dead" "$R.partial.tmp$$"
rm -f "$R.partial"
bounded "$BATCH" "$T" --out "$R" --jobs 1
expect_status 0 "a run after a killed one"
checks=$((checks + 1))
[ ! -e "$R.partial.tmp$dead" ] && [ ! -e "$R.tmp$dead" ] ||
	fail "the temporaries of a dead run are removed: $(ls "$WORK")"
checks=$((checks + 1))
[ -e "$R.partial.tmp$$" ] || fail "a temporary of a live process is kept"
rm -f "$R.partial.tmp$$"

finish
