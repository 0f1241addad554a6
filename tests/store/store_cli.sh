#!/bin/sh
# The store commands end to end: where the database goes, record, history
# values against closed forms, export -> import -> export, delete, hostile
# patient codes, bad input (exit code and message), a foreign or newer file
# left untouched, and an import killed with SIGKILL.
#   store_cli.sh LIMBVOL SOURCE_DIR
LV=$1
SRC=$2
. "$SRC/tests/lib.sh"
. "$SRC/tests/store/common.sh"
mode() { stat -c %a "$1"; }

C11="25 25 25 25 25 25 25 25 25 25 25"
O11="20 20 20 20 20 20 20 20 20 20 20"

# ---- where the database goes ----
expect 0 "stored measurement 1" -- "$LV" record --patient P1 --limb left-arm --phase baseline \
	--date 2026-03-02 --affected --step 4 $C11 --other $O11
DEF="$HOME/.local/share/limbvol/limbvol.db"
[ -f "$DEF" ] && ok || fail "no database at $DEF"
[ "$(mode "$DEF")" = 600 ] && ok || fail "database mode $(mode "$DEF"), expected 600"
[ "$(mode "$HOME/.local/share/limbvol")" = 700 ] && ok || fail "folder mode not 700"
XDG_DATA_HOME="$T/xdg" "$LV" record --patient X --limb left-leg --step 4 30 31 >/dev/null
[ -f "$T/xdg/limbvol/limbvol.db" ] && ok || fail "XDG_DATA_HOME not used"
LIMBVOL_DB="$T/env.db" XDG_DATA_HOME="$T/xdg" "$LV" record --patient E --limb left-leg --step 4 30 31 >/dev/null
[ -f "$T/env.db" ] && ok || fail "LIMBVOL_DB not used"
LIMBVOL_DB="$T/env.db" "$LV" record --db "$T/opt.db" --patient E --limb left-leg --step 4 30 31 >/dev/null
[ -f "$T/opt.db" ] && [ "$(count "$T/env.db" E)" = 1 ] && ok || fail "--db does not win over LIMBVOL_DB"

# ---- values: cylinder C = 25 cm over 40 cm = 1989.44 mL (doc/clinical.md);
# the other arm C = 20 cm: 40 x 400 / (4 pi) = 1273.24 mL; PEV = (25/20)^2 - 1
export LIMBVOL_DB="$T/main.db"
"$LV" record --patient P1 --limb left-arm --phase baseline --date 2026-03-02 --affected \
	--step 4 $C11 --other $O11 >"$T/rec" || fail "record typed"
grep -q "1989.4 ± " "$T/rec" && grep -q "1273.2 ± " "$T/rec" && ok || { fail "record volumes"; cat "$T/rec"; }
"$LV" history P1 --format csv >"$T/h.csv"
awk -F, '$6 == "left-arm" { if ($12 + 0 < 56.249 || $12 + 0 > 56.251 || $9 + 0 < 1989.43 || $9 + 0 > 1989.45 || $1 != "P1") bad = 1; seen = 1 }
	END { exit !(seen && !bad) }' "$T/h.csv" && ok || { fail "history PEV 56.25 %"; cat "$T/h.csv"; }
# a drainage session on the affected arm: pre 25 cm, post 24.5 cm everywhere:
# change = 1989.437 x ((24.5/25)^2 - 1) = -78.782 mL, larger than MDC95
"$LV" record --patient P1 --limb left-arm --phase pre --date 2026-03-09T10:00 --step 4 $C11 >/dev/null
"$LV" record --patient P1 --limb left-arm --phase post --date 2026-03-09T11:00 --step 4 \
	24.5 24.5 24.5 24.5 24.5 24.5 24.5 24.5 24.5 24.5 24.5 >/dev/null
"$LV" history P1 --format csv | awk -F, '$7 == "post" { d = $14 + 78.782; if (d < 0) d = -d; ok = (d < 0.002 && $17 == "yes") }
	END { exit !ok }' && ok || fail "history pre->post change"
"$LV" history P1 | awk '/ post / && $NF == "yes" { ok = 1 } END { exit !ok }' && ok || fail "history text marks the real change"
# no weight yet: said so, with the option that records one
expect 0 "  none (--weight KG" -- "$LV" patients P1
# weights 70 kg then 77 kg: the same arm volume is a WAC of 70/77 - 1 = -9.0909 %
"$LV" patients P1 --weight 70 --date 2026-03-01 >/dev/null && "$LV" patients P1 --weight 77 --date 2026-03-08 >/dev/null
"$LV" history P1 --format csv | awk -F, '$7 == "pre" { d = $18 + 9.0909; ok = (d < 0.001 && d > -0.001) } END { exit !ok }' \
	&& ok || fail "history WAC"
if command -v python3 >/dev/null; then
	"$LV" history P1 --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["affected"]=="left-arm"' \
		&& ok || fail "history json"
fi
expect 0 "session" -- "$LV" history P1 --limb left-arm

# the sample patient
expect 0 "" -- "$LV" record "$SRC/samples/patient-followup.csv"
groups=$(awk -F, 'NR > 1 { print $1, $2, $3, $4 }' "$SRC/samples/patient-followup.csv" | sort -u | wc -l)
[ "$(grep -c '^stored measurement' "$T/out")" -eq "$groups" ] && ok || fail "sample: $groups measurements"

# ---- export -> import -> export: identical, hostile codes and notes included
Q="O'Brien\"; DROP TABLE patient;--"
B=$(printf 'bad\377\376byte')
"$LV" record --patient "$Q" --limb right-leg --date 2026-01-01 --notes 'first, "quoted"
second line' --step 4 30 31 32 >/dev/null || fail "record hostile code"
"$LV" record --patient "$B" --limb left-leg --date 2026-01-01 --notes "$(printf 'tab\there, byte \377, back\\slash')" \
	--step 4 30 31 32 >/dev/null || fail "record non-UTF-8 code"
"$LV" patients "$Q" --birth-year 1958 --sex female --weight 71.5 --date 2026-01-01 \
	--landmark 'right-leg=ankle, lateral malleolus' >/dev/null || fail "patients set"
"$LV" export --all --out "$T/e1.csv" >/dev/null || fail "export"
[ "$(mode "$T/e1.csv")" = 600 ] && ok || fail "export file mode"
"$LV" import --db "$T/copy.db" "$T/e1.csv" >/dev/null || fail "import"
"$LV" export --all --db "$T/copy.db" >"$T/e2.csv" || fail "export 2"
cmp -s "$T/e1.csv" "$T/e2.csv" && ok || { fail "export -> import -> export differs"; diff "$T/e1.csv" "$T/e2.csv" | head >&2; }
expect 0 "duplicates of stored measurements, skipped" -- "$LV" import --db "$T/copy.db" "$T/e1.csv"
"$LV" export --all --db "$T/copy.db" | cmp -s - "$T/e1.csv" && ok || fail "a second import changed the store"
# the JSON export reads back too (texts in valid UTF-8: byte for byte)
for who in P1 "$Q"; do
	rm -f "$T/j.db"*
	"$LV" export "$who" --format json --out "$T/j1.json" >/dev/null || fail "export json"
	"$LV" import --db "$T/j.db" "$T/j1.json" >/dev/null || fail "import json"
	"$LV" export "$who" --db "$T/j.db" --format json | cmp -s - "$T/j1.json" && ok || fail "json round trip of $who"
	"$LV" export "$who" >"$T/c1.csv"
	"$LV" export "$who" --db "$T/j.db" | cmp -s - "$T/c1.csv" && ok || fail "json import lost something of $who"
done
printf '{"format": "limbvol-export", "patients": [{"patient": "J1", "sex": "\\ud800"}]}' >"$T/bad.json"
expect 65 "bad.json:1:" -- "$LV" import --db "$T/bj.db" "$T/bad.json"
printf '{"format": "limbvol-export", "patients": [\n  {"patient": "J1",\n' >"$T/bad.json"
expect 65 "bad.json:3:1: expected a" -- "$LV" import --db "$T/bj.db" "$T/bad.json"
printf '{"format": "other", "patients": []}' >"$T/bad.json"
expect 65 "not a limbvol JSON export" -- "$LV" import --db "$T/bj.db" "$T/bad.json"
printf '{"a":[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]}' >"$T/bad.json"
expect 65 "nested too deeply" -- "$LV" import --db "$T/bj.db" "$T/bad.json"
printf '{"format": "limbvol-export", "patients": [{"patient": "J1", "measurements": [{"limb": "left-arm"}]}]}' >"$T/bad.json"
expect 65 "bad.json:1:78: a measurement needs a phase" -- "$LV" import --db "$T/bj.db" "$T/bad.json"
[ "$("$LV" patients --db "$T/bj.db" --format csv | wc -l)" = 1 ] && ok || fail "a bad JSON import stored something"

if command -v python3 >/dev/null; then
	"$LV" export --all --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d["patients"]) == 4' \
		&& ok || fail "export json"
	"$LV" patients --format json | python3 -c '
import json, sys
codes = [p["patient"] for p in json.load(sys.stdin)]
assert "bad\\xff\\xfebyte" in codes, codes
assert "O'"'"'Brien\"; DROP TABLE patient;--" in codes, codes' && ok || fail "patients json with hostile codes"
fi
"$LV" patients >"$T/pl"
grep -q 'bad\\xff\\xfebyte' "$T/pl" && ! grep -q "$(printf '\377')" "$T/pl" && ok || fail "non-UTF-8 code printed raw"
expect 0 "DROP TABLE" -- "$LV" history "$Q"

# ---- bad input: exit code and message, nothing stored ----
expect 66 "closest: 'P1'" -- "$LV" history P11
expect 66 "limbs measured: left-arm, right-arm" -- "$LV" history P1 --limb left-leg
expect 64 "at most 64" -- "$LV" record --patient "$(printf '%070d' 0)" --limb left-arm 20 21
expect 64 "date" -- "$LV" record --patient P1 --limb left-arm --date 2026-02-30 20 21
expect 64 "left-arm, right-arm" -- "$LV" record --patient P1 --limb left-elbow 20 21
expect 64 "need --patient and --limb" -- "$LV" record 20 21
expect 64 "--session or --date" -- "$LV" record --patient P1 --limb left-arm --session 1 --date 2026-01-01 20 21
expect 66 "no session 999" -- "$LV" record --patient P1 --limb left-arm --session 999 20 21
before=$(count "$LIMBVOL_DB" P1)
printf 'patient,limb,date,phase,site_cm,circumference_cm\nP1,left-arm,2026-04-01,pre,0,20\nP1,left-arm,2026-04-01,pre,4,21\nP1,right-arm,2026-04-01,pre,0,20\nP1,right-arm,2026-04-01,pre,4,abc\n' >"$T/bad.csv"
expect 65 "bad.csv:5" -- "$LV" record "$T/bad.csv"
[ "$(count "$LIMBVOL_DB" P1)" = "$before" ] && ok || fail "a failed record stored something"
# the 3rd site row gets a circumference of '2x5' (column 7)
# (the error names the line and the column where that field starts)
awk -F, 'BEGIN { OFS = "," } $1 == "site" && ++k == 3 { $7 = "2x5"; line = NR; col = 7
		for (i = 1; i < 7; i++) col += length($i) }
	{ print } END { print line ":" col > "/dev/stderr" }' "$T/e1.csv" >"$T/bad-export.csv" 2>"$T/badline"
expect 65 "bad-export.csv:$(cat "$T/badline"): circumference_cm" -- "$LV" import --db "$T/fresh.db" "$T/bad-export.csv"
[ "$("$LV" patients --db "$T/fresh.db" --format csv | wc -l)" = 1 ] && ok || fail "a failed import stored something"
expect 66 "no measurement store" -- "$LV" history P1 --db "$T/none.db"
expect 64 "png, .svg or .pdf" -- "$LV" trend P1 --out "$T/t.jpg"
expect 64 "--out" -- "$LV" trend P1
expect 64 "positive whole number" -- "$LV" delete 12x --yes
expect 64 "unknown option" -- "$LV" history P1 --colour

# malformed export files: each refused with its line and column, nothing stored
H=$(head -1 "$T/e1.csv")
bad_import() { # NEEDLE then the file's lines after the header
	needle=$1
	shift
	{ echo "$H"; printf '%s\n' "$@"; } >"$T/bi.csv"
	expect 65 "$needle" -- "$LV" import --db "$T/bi.db" "$T/bi.csv"
}
bad_import "bi.csv:2:" 'patient,"unclosed,,,,,,,,,,,,,,,,,,,,,'
bad_import "bi.csv:2:11: a quote inside an unquoted field" 'patient,ab"c,,,,,,,,,,,,,,,,,,,,,'
bad_import "bi.csv:2:1: unknown record 'visit'" 'visit,P9,,,,,,,,,,,,,,,,,,,,,'
bad_import "bi.csv:2:" 'patient,P9,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,'
bad_import "bi.csv:2:41: session '3' is not among" 'site,P9,left-arm,2026-01-01,pre,0,20,,1,3,,,tape,frustum,0.1,500,2,,,,,,'
bad_import "bi.csv:3:40: the rows of measurement 1 disagree" 'site,P9,left-arm,2026-01-01,pre,0,20,,1,,,,tape,frustum,0.1,500,2,,,,,,' \
	'site,P9,right-arm,2026-01-01,pre,4,20,,1,,,,tape,frustum,0.1,500,2,,,,,,'
bad_import "bi.csv:2:9: unknown limb 'left-elbow'" 'site,P9,left-elbow,2026-01-01,pre,0,20,,1,,,,tape,frustum,0.1,500,2,,,,,,'
bad_import "a measurement needs 2 to" 'site,P9,left-arm,2026-01-01,pre,0,20,,1,,,,tape,frustum,0.1,500,2,,,,,,'
bad_import "bi.csv:2:" 'site,P9,left-arm,2026-01-01,pre,0,900,,1,,,,tape,frustum,0.1,500,2,,,,,,' \
	'site,P9,left-arm,2026-01-01,pre,4,20,,1,,,,tape,frustum,0.1,500,2,,,,,,'
bad_import "bi.csv:2:29: unknown sex 'alien'" 'patient,P9,,,,,,,,,,,,,,,,,,alien,,,'
printf 'record,patient,limb,colour\n' >"$T/bi.csv"
expect 65 "unknown column 'colour'" -- "$LV" import --db "$T/bi.db" "$T/bi.csv"
printf 'record,patient\nsite,P\000x\n' >"$T/bi.csv"
expect 65 "NUL" -- "$LV" import --db "$T/bi.db" "$T/bi.csv"
: >"$T/empty.csv"
expect 65 "is empty" -- "$LV" import --db "$T/bi.db" "$T/empty.csv"
expect 66 "cannot open" -- "$LV" import --db "$T/bi.db" "$T/missing.csv"
[ "$("$LV" patients --db "$T/bi.db" --format csv | wc -l)" = 1 ] && ok || fail "a malformed import stored something"

# a file that is not a limbvol database is refused and left as it was
printf 'patient,limb\nP1,left-arm\n' >"$T/notes.csv"
sum=$(cksum <"$T/notes.csv")
expect 74 "not a limbvol database" -- "$LV" record --db "$T/notes.csv" --patient P1 --limb left-arm 20 21
[ "$(cksum <"$T/notes.csv")" = "$sum" ] && ok || fail "a foreign file was changed"
if command -v sqlite3 >/dev/null; then
	cp "$T/copy.db" "$T/newer.db"
	sqlite3 "$T/newer.db" 'PRAGMA user_version = 7'
	expect 74 "newer limbvol (schema 7" -- "$LV" history P1 --db "$T/newer.db"
	sqlite3 "$T/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
	expect 74 "another program" -- "$LV" patients --db "$T/other.db"
fi

# ---- interactive entry with answers piped in ----
printf '25\n25,0\n25\n\n' | "$LV" record --patient I1 --limb left-arm --date 2026-01-02 -i >"$T/i.out" 2>&1
grep -q "stored measurement" "$T/i.out" && grep -q "3 sites" "$T/i.out" && ok || { fail "record -i"; cat "$T/i.out" >&2; }

# ---- trend: the three formats and the series ----
expect 0 "wrote" -- "$LV" trend P1 --out "$T/t.png"
[ "$(head -c 8 "$T/t.png" | od -An -c | tr -d ' ')" = '211PNG\r\n032\n' ] && ok || fail "trend.png is not a PNG"
expect 0 "wrote" -- "$LV" trend P1 --out "$T/t.svg" --size 800x600
grep -q '<svg' "$T/t.svg" && grep -q 'width="800' "$T/t.svg" && ok || fail "trend.svg"
expect 0 "wrote" -- "$LV" trend P1 --out "$T/t.pdf"
[ "$(head -c 5 "$T/t.pdf")" = "%PDF-" ] && ok || fail "trend.pdf"
"$LV" trend P1 --format csv >"$T/t.csv"
head -1 "$T/t.csv" | grep -q '^series,date,phase,value,sd,low95,high95,from_cm,to_cm$' && ok || fail "trend csv header"
grep -q '^left-arm drop,2026-03-09T11:00,post,-78.78' "$T/t.csv" && ok || { fail "trend csv drop"; cat "$T/t.csv" >&2; }
expect 64 "WxH" -- "$LV" trend P1 --out "$T/t.png" --size 10x10
expect 66 "limbs measured" -- "$LV" trend P1 --limb right-leg --out "$T/t.png"

# ---- delete ----
id=$("$LV" history P1 --format csv | awk -F, 'NR == 2 { print $2 }')
expect 64 "not deleting" -- "$LV" delete "$id"
"$LV" history P1 --format csv | grep -q "^P1,$id," && ok || fail "deleted without confirmation"
if command -v script >/dev/null; then
	# on a terminal (script gives it one) the answer decides
	printf 'n\n' | script -qec "'$LV' delete $id" /dev/null >"$T/tty" 2>&1
	rc=$?
	[ $rc -eq 1 ] && grep -q "not deleted" "$T/tty" && ok || { fail "delete answered n: $rc"; cat "$T/tty" >&2; }
	"$LV" history P1 --format csv | grep -q "^P1,$id," && ok || fail "deleted although answered n"
	id2=$("$LV" history P1 --format csv | awk -F, 'NR == 3 { print $2 }')
	printf 'yes\n' | script -qec "'$LV' delete $id2" /dev/null >"$T/tty" 2>&1
	[ $? -eq 0 ] && ! "$LV" history P1 --format csv | grep -q "^P1,$id2," && ok || fail "delete answered yes"
fi
expect 0 "deleted measurement $id" -- "$LV" delete "$id" --yes
"$LV" history P1 --format csv | grep -q "^P1,$id," && fail "still there after delete" || ok
expect 66 "was deleted" -- "$LV" delete "$id" --yes
expect 66 "closest ids" -- "$LV" delete 9999 --yes

# a typo makes a new patient: said on stderr, with the likely intended code
expect 0 "'P1')" -- \
	"$LV" record --patient Q1 --limb left-arm --date 2026-05-01 20 21
grep -q "note: adding a new patient (no patient 'Q1' in the store; closest: " "$T/err" && ok || fail "new patient note"

# ---- an import killed with SIGKILL: all or nothing, the store still works
awk -v N=30000 -v P=KILL -f "$SRC/tests/bench/gen_export.awk" >"$T/big.csv"
# how long a whole import takes here, then kill one half-way through
t0=$(date +%s%N)
"$LV" import --db "$T/timing.db" "$T/big.csv" >/dev/null || fail "timing import"
t1=$(date +%s%N)
half=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 2e9 }')
"$LV" import "$T/big.csv" >/dev/null 2>&1 &
pid=$!
sleep "$half"
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
got=$(count "$LIMBVOL_DB" KILL)
[ -z "$got" ] || [ "$got" = 30000 ] && ok || fail "killed import left $got measurements"
[ -z "$got" ] && ok || echo "note: the import finished before it was killed" >&2
if command -v sqlite3 >/dev/null; then
	[ "$(sqlite3 "$LIMBVOL_DB" 'PRAGMA integrity_check')" = ok ] && ok || fail "integrity after kill"
fi
expect 0 "stored measurement" -- "$LV" record --patient P1 --limb left-arm --date 2026-05-01 20 21

finish
