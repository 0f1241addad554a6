#!/bin/sh
# Corrections with an audit trail, end to end: edit (values against closed
# forms, the rules of record: plausibility and duplicates, nothing changed on
# a refusal), show (text, csv, json, --history, --plot), delete / undelete /
# purge, weights, and a store of schema 2 upgraded and corrected.
#   audit_cli.sh LIMBVOL SOURCE_DIR
LV=$1
SRC=$2
. "$SRC/tests/lib.sh"
. "$SRC/tests/store/common.sh"
export LIMBVOL_DB="$T/a.db"
# near GOT WANT TOL
near() { awk -v g="$1" -v w="$2" -v t="$3" 'BEGIN { d = g - w; exit !(d <= t && -d <= t) }'; }
# the stored volume of a measurement, from history's CSV (by its header)
col() { "$LV" history "$1" --format csv | awk -F, -v id="$2" -v name="$3" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
	NR > 1 && $c["id"] == id { print $c[name] }'; }
vol() { col "$1" "$2" volume_ml; }
state() { sqlite3 "$LIMBVOL_DB" "SELECT count(*) FROM revision; SELECT group_concat(circumference_cm) FROM site; SELECT group_concat(date || phase || volume_ml) FROM measurement"; }

C11="25 25 25 25 25 25 25 25 25 25 25"
# cylinder C = 25 cm over 40 cm: 625 x 40 / (4 pi) = 1989.4368 mL; a frustum
# segment of 4 cm between a and b: 4 (a^2 + ab + b^2) / (12 pi)
"$LV" record --patient P1 --limb left-arm --phase baseline --date 2026-03-02 --affected \
	--step 4 $C11 --other 20 20 20 20 20 20 20 20 20 20 20 >/dev/null || fail "record"
"$LV" record --patient P1 --limb left-arm --phase pre --date 2026-04-06 --step 4 \
	26 26 26 26 26 26 26 26 26 26 26 >/dev/null || fail "record 3"
near "$(vol P1 1)" 1989.4368 0.001 && ok || fail "volume before the edit: $(vol P1 1)"

# ---- edit: the site at 12 cm was 26.5, not 25 ----
expect 0 "circumference_cm 12: 25 -> 26.5" -- "$LV" edit 1 --site 12 26.5
want=$(awk 'BEGIN { pi = atan2(0, -1)
	f = 4 * (625 + 25 * 26.5 + 26.5 * 26.5) / (12 * pi);
	printf "%.4f", 8 * 4 * 625 / (4 * pi) + 2 * f }')
near "$(vol P1 1)" "$want" 0.001 && ok || fail "volume after the edit: $(vol P1 1), expected $want"
# the pair is computed again: PEV = (V - U) / U with U = 20^2 x 40 / (4 pi)
pev=$(col P1 1 pev_percent)
wantpev=$(awk -v v="$want" 'BEGIN { pi = atan2(0, -1); u = 400 * 40 / (4 * pi); printf "%.4f", (v - u) / u * 100 }')
near "$pev" "$wantpev" 0.01 && ok || fail "PEV after the edit: $pev, expected $wantpev"
expect 0 "volume_ml: 1989.436789 ->" -- "$LV" show 1 --history
grep -q "^  edit 1  20[0-9-]*T[0-9:]* UTC  circumference_cm 12: 25 -> 26.5" "$T/out" && ok ||
	{ fail "show --history line"; cat "$T/out" >&2; }
grep -q "12.0     26.50" "$T/out" && ok || fail "show: the edited site"
expect 0 "" -- "$LV" show 1 --history --format csv
[ "$(sed -n 1p "$T/out")" = "item,edit,changed_at,what,old_value,new_value" ] &&
	grep -q "^1,1,.*,circumference_cm 12,25,26.5$" "$T/out" && ok || { fail "history csv"; cat "$T/out" >&2; }
expect 0 "" -- "$LV" show 1 --history --format json
if command -v python3 >/dev/null; then
	python3 -c "import json; d = json.load(open('$T/out')); assert d['history'][0]['new'] == '26.5' and d['measurement']['sites'][3]['circumference_cm'] == 26.5 and d['deleted'] is None" &&
		ok || { fail "show json"; cat "$T/out" >&2; }
fi
expect 0 "" -- "$LV" show 1 --format csv
head -1 "$T/out" | grep -q "volume_ml" && [ "$(wc -l <"$T/out")" -eq 2 ] && ok || fail "show csv"
expect 0 "" -- "$LV" show 1 --plot "$T/p.png"
[ "$(head -c 8 "$T/p.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] && ok || fail "show --plot: no PNG"
expect 73 "" -- "$LV" show 1 --plot "$T/no/such/dir/p.png"

# ---- refusals: exit code, message, nothing changed ----
before=$(state)
expect 66 "closest ids" -- "$LV" edit 99 --site 12 26
expect 65 "no site at 13 cm" -- "$LV" edit 1 --site 13 26
expect 65 "below 8 cm" -- "$LV" edit 1 --site 12 2.65
expect 65 "jump" -- "$LV" edit 1 --site 12 62
expect 64 "VALUE is missing" -- "$LV" edit 1 --site 12
expect 64 "expected a circumference" -- "$LV" edit 1 --site 12 x
expect 64 "nothing to change" -- "$LV" edit 1
expect 64 "expected baseline" -- "$LV" edit 1 --phase later
expect 64 "weights" -- "$LV" edit 1 --kg 70
# measurement 3 made equal to 1: the duplicate rule of record
expect 65 "as measurement 1" -- "$LV" edit 3 --date 2026-03-02 --phase baseline \
	--site 0 25 --site 4 25 --site 8 25 --site 12 26.5 --site 16 25 --site 20 25 \
	--site 24 25 --site 28 25 --site 32 25 --site 36 25 --site 40 25
[ "$(state)" = "$before" ] && ok || fail "a refused edit changed the store"
expect 0 "nothing changed" -- "$LV" edit 1 --site 12 26.5
[ "$(state)" = "$before" ] && ok || fail "an edit to the same values wrote something"
# CM=VALUE, a new day: the day's session
expect 0 "session: 2 -> 3" -- "$LV" edit 3 --site 0=25.5 --date 2026-04-07
[ "$(col P1 3 date)$(col P1 3 session)" = 2026-04-073 ] && ok ||
	fail "edited date or session not in history"

# ---- delete, undelete, purge ----
expect 0 "undelete 3" -- "$LV" delete 3 --yes
[ -z "$(col P1 3 id)" ] && ok || fail "deleted still in history"
[ "$("$LV" patients --format csv | awk -F, '$1 == "P1" { print $2 }')" = 2 ] && ok || fail "patients counts a deleted one"
"$LV" export P1 | grep -q "^site,.*,2026-04-07," && fail "export shows a deleted one" || ok
"$LV" trend P1 --format csv | grep -q "2026-04-07" && fail "trend shows a deleted one" || ok
expect 66 "was deleted" -- "$LV" edit 3 --site 0 26
expect 0 "DELETED" -- "$LV" show 3 --history
grep -q "edit 2 .* deleted$" "$T/out" && ok || { fail "the deletion in the trail"; cat "$T/out" >&2; }
# the same measurement recorded again is no duplicate of a deleted one ...
"$LV" export P1 >/dev/null
"$LV" record --patient P1 --limb left-arm --phase pre --date 2026-04-07 --step 4 \
	25.5 26 26 26 26 26 26 26 26 26 26 >"$T/out" 2>&1 && ok || { fail "recording a deleted one again"; cat "$T/out" >&2; }
# ... but undeleting it would make two
expect 65 "as measurement 4" -- "$LV" undelete 3
expect 0 "undeleted measurement 3" -- "$LV" undelete 3 --allow-duplicate
expect 66 "not deleted" -- "$LV" undelete 3
expect 0 "" -- "$LV" delete 4 --yes
expect 64 "not purging" -- "$LV" purge --all
expect 0 "measurement 4" -- "$LV" show 4
expect 0 "nothing to purge" -- "$LV" purge --before 2000-01-01 --yes
expect 64 "--before DATE or --all" -- "$LV" purge --yes
expect 0 "purged 1 measurement and 0 weights" -- "$LV" purge --all --yes
grep -q "measurement 4: P1 left-arm pre 2026-04-07" "$T/err" && ok || { fail "purge does not say what it removes"; cat "$T/err" >&2; }
expect 66 "no measurement 4" -- "$LV" show 4
expect 66 "" -- "$LV" undelete 4
[ "$(sqlite3 "$LIMBVOL_DB" "SELECT count(*) FROM site WHERE measurement_id = 4; SELECT count(*) FROM revision WHERE measurement_id = 4")" = "$(printf '0\n0')" ] &&
	ok || fail "purge left sites or revisions"
if command -v script >/dev/null; then
	"$LV" delete 3 --yes >/dev/null 2>&1
	printf 'n\n' | script -qec "'$LV' purge --all" /dev/null >"$T/tty" 2>&1
	[ $? -eq 1 ] && grep -q "nothing removed" "$T/tty" && ok || { fail "purge answered n"; cat "$T/tty" >&2; }
	expect 0 "DELETED" -- "$LV" show 3
	"$LV" undelete 3 >/dev/null
fi

# ---- weights ----
"$LV" patients P1 --weight 70 --date 2026-03-02 >/dev/null
"$LV" patients P1 --weight 68 --date 2026-04-06 >/dev/null
expect 0 "w1       2026-03-02" -- "$LV" weights P1
expect 0 "weight_kg: 70 -> 71.5" -- "$LV" edit w1 --kg 71.5
expect 64 "expected a date" -- "$LV" edit w1 --date 2026-03-0
expect 64 "option --kg" -- "$LV" edit w1 --kg 600
expect 64 "--kg and --date only" -- "$LV" edit w1 --site 12 26
expect 0 "" -- "$LV" weights P1 --format csv
grep -q "^w1,P1,2026-03-02,71.5,$" "$T/out" && ok || { fail "weights csv"; cat "$T/out" >&2; }
expect 0 "deleted weight w2" -- "$LV" delete w2 --yes
"$LV" weights P1 | grep -q "^w2" && fail "a deleted weight listed" || ok
"$LV" weights P1 --deleted | grep -q "^w2 .*deleted" && ok || fail "weights --deleted"
"$LV" export P1 | grep -q "^weight,.*,68," && fail "export shows a deleted weight" || ok
expect 0 "edit 1" -- "$LV" show w2 --history
grep -q "deleted$" "$T/out" && ok || fail "the weight's trail"
expect 0 "undeleted weight w2" -- "$LV" undelete w2
expect 66 "no weight w9" -- "$LV" delete w9 --yes
expect 64 "positive whole number" -- "$LV" show wx

# ---- a store of schema 2 (tests/store/schema_v2.sql), upgraded and corrected ----
sqlite3 "$T/v2.db" <"$SRC/tests/store/schema_v2.sql"
export LIMBVOL_DB="$T/v2.db"
expect 0 "" -- "$LV" history V2
[ "$(sqlite3 "$T/v2.db" "PRAGMA user_version")" = 4 ] && ok || fail "not upgraded to 4"
near "$(vol V2 1)" 1989.4368 0.001 && ok || fail "v2 volume: $(vol V2 1)"
expect 0 "circumference_cm 12: 25 -> 26.5" -- "$LV" edit 1 --site 12 26.5
near "$(vol V2 1)" "$want" 0.001 && ok || fail "v2 edited volume: $(vol V2 1)"
expect 0 "deleted measurement 3" -- "$LV" delete 3 --yes
expect 0 "71.5 kg" -- "$LV" weights V2

finish
