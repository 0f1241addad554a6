#!/bin/sh
# A photo's repeat sd in the store (schema 4, doc/clinical.md "A change of
# photo volume"): a store of schema 3 (tests/store/schema_v3.sql) upgraded
# with its values kept and no repeat sd; a pre/post pair of photos
# (tests/store/photo_repeat.json) whose change history judges by
# MDC95 = 1.96 sqrt(repeat_pre^2 + repeat_post^2) of the stored values; the
# value kept through export and import (CSV and JSON); an export without it
# (version 2) still imported, the value NULL and the change judged by sd_ml
# again; a repeat sd refused where it cannot be (nothing stored).
#   photo_repeat_cli.sh LIMBVOL SOURCE_DIR
LV=$1
SRC=$2
. "$SRC/tests/lib.sh"
. "$SRC/tests/store/common.sh"
FIX=$SRC/tests/store/photo_repeat.json
# near GOT WANT TOL
near() { awk -v g="$1" -v w="$2" -v t="$3" 'BEGIN { d = g - w; exit !(d <= t && -d <= t) }'; }
# q DB SQL: one value from the store
q() { sqlite3 "$1" "$2"; }
# hcol DB PATIENT ID NAME: a column of history's CSV (by its header)
hcol() { "$LV" history --db "$1" "$2" --format csv | awk -F, -v id="$3" -v name="$4" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
	NR > 1 && $c["id"] == id { print $c[name] }'; }
# mdc DB A B: 1.96 sqrt(A^2 + B^2) of the stored columns A (pre, id 1) and B (post, id 2)
mdc() {
	a=$(q "$1" "SELECT $2 FROM measurement WHERE id = 1") b=$(q "$1" "SELECT $2 FROM measurement WHERE id = 2")
	awk -v a="$a" -v b="$b" 'BEGIN { printf "%.6f", 1.96 * sqrt(a * a + b * b) }'
}
repeats() { q "$1" "SELECT group_concat(coalesce(repeat_sd_ml, 'NULL'), ' ') FROM (SELECT repeat_sd_ml FROM measurement ORDER BY id)"; }

# ---- a store of schema 3, upgraded ----------------------------------------
sqlite3 "$T/v3.db" <"$SRC/tests/store/schema_v3.sql"
expect 0 "" -- "$LV" history --db "$T/v3.db" DEMO-01
[ "$(q "$T/v3.db" "PRAGMA user_version")" = 4 ] && ok || fail "not upgraded to 4"
[ "$(q "$T/v3.db" "SELECT count(*) FROM pragma_table_info('measurement') WHERE name = 'repeat_sd_ml'")" = 1 ] &&
	ok || fail "no column repeat_sd_ml after the upgrade"
[ "$(repeats "$T/v3.db")" = "NULL NULL NULL NULL" ] && ok || fail "upgraded: repeat sd $(repeats "$T/v3.db")"
# the values of schema_v3.sql's measurement 2 (left-arm pre, photo)
near "$(q "$T/v3.db" "SELECT volume_ml FROM measurement WHERE id = 2")" 2495.7776557601559943 1e-9 &&
	near "$(q "$T/v3.db" "SELECT sd_ml FROM measurement WHERE id = 2")" 78.746451313107328926 1e-9 &&
	ok || fail "upgraded: measurement 2 changed"
[ "$(q "$T/v3.db" "SELECT count(*) FROM site")" = 48 ] && ok || fail "upgraded: sites lost"

# ---- two photos with a repeat sd: the change judged by it ------------------
expect 0 "imported 2 measurements" -- "$LV" import --db "$T/p.db" "$FIX"
# the values photo_repeat.json states
[ "$(repeats "$T/p.db")" = "3.45 3.33" ] && ok || fail "stored repeat sd: $(repeats "$T/p.db")"
want=$(mdc "$T/p.db" repeat_sd_ml)
near "$(hcol "$T/p.db" PH-1 2 mdc95_ml)" "$want" 0.0005 && ok ||
	fail "MDC95 $(hcol "$T/p.db" PH-1 2 mdc95_ml), expected 1.96 sqrt(3.45^2 + 3.33^2) = $want"
[ "$(hcol "$T/p.db" PH-1 2 mdc95_basis)" = repeat ] && ok || fail "mdc95_basis: $(hcol "$T/p.db" PH-1 2 mdc95_basis)"
# -17.3 mL: beyond the repeat MDC95 (9.4), within the one of sd_ml (47.0)
[ "$(hcol "$T/p.db" PH-1 2 exceeds_mdc)" = yes ] && ok || fail "the change is real by the repeat sd"
expect 0 "MDC95 of the change from the photo repeat sd" -- "$LV" history --db "$T/p.db" PH-1
expect 0 '"mdc95_basis": "repeat"' -- "$LV" history --db "$T/p.db" PH-1 --format json

# ---- export and import keep it ---------------------------------------------
for f in csv json; do
	"$LV" export --db "$T/p.db" PH-1 --format $f >"$T/p.$f" || fail "export $f"
	expect 0 "imported 2 measurements" -- "$LV" import --db "$T/back-$f.db" "$T/p.$f"
	[ "$(repeats "$T/back-$f.db")" = "3.45 3.33" ] && ok || fail "$f round trip: $(repeats "$T/back-$f.db")"
done

# ---- an export without it (format version 2) -------------------------------
sed 's/,[^,]*$//' "$T/p.csv" >"$T/old.csv"
grep -q repeat_sd_ml "$T/old.csv" && fail "old.csv still has the column"
sed -e 's/"version": 3/"version": 2/' -e 's/, "repeat_sd_ml": [0-9.]*//' "$FIX" >"$T/old.json"
grep -q repeat_sd_ml "$T/old.json" && fail "old.json still has the key"
for f in csv json; do
	expect 0 "imported 2 measurements" -- "$LV" import --db "$T/old-$f.db" "$T/old.$f"
	[ "$(repeats "$T/old-$f.db")" = "NULL NULL" ] && ok || fail "old $f: repeat sd $(repeats "$T/old-$f.db")"
	want=$(mdc "$T/old-$f.db" sd_ml)
	near "$(hcol "$T/old-$f.db" PH-1 2 mdc95_ml)" "$want" 0.0005 && ok ||
		fail "old $f: MDC95 $(hcol "$T/old-$f.db" PH-1 2 mdc95_ml), expected 1.96 sqrt(17.24^2 + 16.67^2) = $want"
	[ "$(hcol "$T/old-$f.db" PH-1 2 mdc95_basis)" = sd ] && ok || fail "old $f: mdc95_basis"
	[ "$(hcol "$T/old-$f.db" PH-1 2 exceeds_mdc)" = no ] && ok || fail "old $f: the change is not real by sd_ml"
done

# ---- refused: larger than the volume's sd, or on a tape measurement ---------
sed 's/"repeat_sd_ml": 3.33/"repeat_sd_ml": 20/' "$FIX" >"$T/big.json"
expect 65 "the repeat sd must be 0 (none) to the volume's sd" -- "$LV" import --db "$T/big.db" "$T/big.json"
sed 's/"photo"/"tape"/g' "$FIX" >"$T/tape.json"
expect 65 "only a photo measurement has a repeat sd" -- "$LV" import --db "$T/tape.db" "$T/tape.json"
for d in big tape; do
	[ ! -e "$T/$d.db" ] || [ "$(q "$T/$d.db" "SELECT count(*) FROM measurement")" = 0 ] && ok ||
		fail "$d: something was stored"
done

finish
