#!/bin/sh
# A photo's repeat sd in the store (schema 4, doc/clinical.md "A change of
# photo volume"): a store of schema 3 (tests/store/schema_v3.sql) upgraded
# with its values kept and no repeat sd; a pre/post pair of photos
# (tests/store/photo_repeat.json) whose change history judges by
# MDC95 = 1.96 sqrt(repeat_pre^2 + repeat_post^2) of the stored values; the
# value kept through export and import (CSV and JSON); an export without it
# (version 2) still imported, the value NULL and the change judged by sd_ml
# again; a repeat sd refused where it cannot be (nothing stored).
# The repeat sd only for sets taken alike (limbvol/assess.h): the fixture's
# pair at 62 and 66 cm, two views each; the post moved to 68.1 cm (9.8 %
# apart: alike) and 68.3 cm (10.2 %) or 118 cm (not alike: the full sd),
# given one view (not alike); an export without the distance (nothing
# known: not alike).
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
# col DB COLUMN: the column of every measurement, NULL as NULL, by id
col() { q "$1" "SELECT group_concat(coalesce($2, 'NULL'), ' ') FROM (SELECT $2 FROM measurement ORDER BY id)"; }
repeats() { col "$1" repeat_sd_ml; }

# ---- a store of schema 3, upgraded ----------------------------------------
sqlite3 "$T/v3.db" <"$SRC/tests/store/schema_v3.sql"
expect 0 "" -- "$LV" history --db "$T/v3.db" DEMO-01
[ "$(q "$T/v3.db" "PRAGMA user_version")" = 4 ] && ok || fail "not upgraded to 4"
[ "$(q "$T/v3.db" "SELECT count(*) FROM pragma_table_info('measurement') WHERE name = 'repeat_sd_ml'")" = 1 ] &&
	ok || fail "no column repeat_sd_ml after the upgrade"
[ "$(repeats "$T/v3.db")" = "NULL NULL NULL NULL" ] && ok || fail "upgraded: repeat sd $(repeats "$T/v3.db")"
for c in camera_distance_cm views; do
	[ "$(col "$T/v3.db" $c)" = "NULL NULL NULL NULL" ] && ok || fail "upgraded: $c $(col "$T/v3.db" $c)"
done
# the values of schema_v3.sql's measurement 2 (left-arm pre, photo)
near "$(q "$T/v3.db" "SELECT volume_ml FROM measurement WHERE id = 2")" 2495.7776557601559943 1e-9 &&
	near "$(q "$T/v3.db" "SELECT sd_ml FROM measurement WHERE id = 2")" 78.746451313107328926 1e-9 &&
	ok || fail "upgraded: measurement 2 changed"
[ "$(q "$T/v3.db" "SELECT count(*) FROM site")" = 48 ] && ok || fail "upgraded: sites lost"

# ---- two photos with a repeat sd: the change judged by it ------------------
expect 0 "imported 2 measurements" -- "$LV" import --db "$T/p.db" "$FIX"
# the values photo_repeat.json states
[ "$(repeats "$T/p.db")" = "3.45 3.33" ] && ok || fail "stored repeat sd: $(repeats "$T/p.db")"
[ "$(col "$T/p.db" camera_distance_cm)" = "62.0 66.0" ] && [ "$(col "$T/p.db" views)" = "2 2" ] && ok ||
	fail "stored distance, views: $(col "$T/p.db" camera_distance_cm), $(col "$T/p.db" views)"
want=$(mdc "$T/p.db" repeat_sd_ml)
near "$(hcol "$T/p.db" PH-1 2 mdc95_ml)" "$want" 0.0005 && ok ||
	fail "MDC95 $(hcol "$T/p.db" PH-1 2 mdc95_ml), expected 1.96 sqrt(3.45^2 + 3.33^2) = $want"
[ "$(hcol "$T/p.db" PH-1 2 mdc95_basis)" = repeat ] && ok || fail "mdc95_basis: $(hcol "$T/p.db" PH-1 2 mdc95_basis)"
# -17.3 mL: beyond the repeat MDC95 (9.4), within the one of sd_ml (47.0)
[ "$(hcol "$T/p.db" PH-1 2 exceeds_mdc)" = yes ] && ok || fail "the change is real by the repeat sd"
expect 0 "MDC95 of the change from the photo repeat sd" -- "$LV" history --db "$T/p.db" PH-1
expect 0 '"mdc95_basis": "repeat"' -- "$LV" history --db "$T/p.db" PH-1 --format json

# ---- limbvol show: which is a photo, its set-up, its repeat sd --------------
# photo_repeat.json's measurement 2: 2 views at 66 cm, sd 16.67, repeat sd 3.33
expect 0 "photo, 2 views, camera 66 cm away; sd ± 16.7 mL, repeat sd ± 3.3 mL (for a change between sets taken alike)" \
	-- "$LV" show --db "$T/p.db" 2
expect 0 '"repeat_sd_ml": 3.45, "camera_distance_cm": 62, "views": 2}' -- "$LV" show --db "$T/p.db" 1 --format json
expect 0 '"volume_repeat_sd_ml": 3.3' -- "$LV" show --db "$T/p.db" 2 --format json
# the volume re-taken from the stored sites states the stored sd (16.67 of
# 505.1 mL, in proportion to the volume re-taken), not its readings' alone
run "$LV" show --db "$T/p.db" 2 --format json
vol=$(grep -o '"volume_ml": [0-9.]*' "$tmp/out" | head -1 | sed 's/.*: //')
sd=$(grep -o '"volume_sd_ml": [0-9.]*' "$tmp/out" | head -1 | sed 's/.*: //')
expect_near "$sd" "$(awk -v v="$vol" 'BEGIN { printf "%.6f", 16.67 * v / 505.1 }')" 0.01 \
	"show: the re-taken volume's sd is the stored one"
# CSV: the shared columns, then camera_distance_cm and views (by the header)
"$LV" show --db "$T/p.db" 2 --format csv | awk -F, 'NR == 1 { n = NF; for (i = 1; i <= NF; i++) c[$i] = i }
	NR == 2 { ok = NF == n && c["views"] == n && c["camera_distance_cm"] == n - 1 && $c["views"] == 2 &&
		$c["camera_distance_cm"] == 66 && $c["volume_repeat_sd_ml"] == 3.3 } END { exit !(NR == 2 && ok) }' &&
	ok || fail "show 2 --format csv: camera_distance_cm 66, views 2, volume_repeat_sd_ml 3.3 at the end"
# schema_v3.sql's measurement 2, a photo stored before schema 4 (sd 78.746):
# nothing known; its measurement 4, a tape: no photo line, nulls
expect 0 "photo, views not known, camera distance not known; sd ± 78.7 mL, no repeat sd (a change is judged by the sd)" \
	-- "$LV" show --db "$T/v3.db" 2
expect 0 "" -- "$LV" show --db "$T/v3.db" 4
grep -q "^photo, " "$tmp/out" && fail "show of a tape measurement: a photo line"
expect 0 '"repeat_sd_ml": null, "camera_distance_cm": null, "views": null}' -- "$LV" show --db "$T/v3.db" 4 --format json

# ---- export and import keep it ---------------------------------------------
for f in csv json; do
	"$LV" export --db "$T/p.db" PH-1 --format $f >"$T/p.$f" || fail "export $f"
	expect 0 "imported 2 measurements" -- "$LV" import --db "$T/back-$f.db" "$T/p.$f"
	[ "$(repeats "$T/back-$f.db")" = "3.45 3.33" ] && ok || fail "$f round trip: $(repeats "$T/back-$f.db")"
	[ "$(col "$T/back-$f.db" camera_distance_cm)" = "62.0 66.0" ] && [ "$(col "$T/back-$f.db" views)" = "2 2" ] &&
		ok || fail "$f round trip: distance, views"
done

# ---- taken alike or not: the post's distance or views changed ----------------
# pair NAME SED: the fixture changed by SED, imported into NAME.db
pair() {
	sed "$2" "$FIX" >"$T/$1.json"
	expect 0 "imported 2 measurements" -- "$LV" import --db "$T/$1.db" "$T/$1.json"
}
# judged NAME BASIS: history's MDC95 of the change is 1.96 sqrt(a^2 + b^2) of
# the stored columns (repeat_sd_ml when BASIS is repeat, else sd_ml)
judged() {
	c=sd_ml
	[ "$2" = repeat ] && c=repeat_sd_ml
	want=$(mdc "$T/$1.db" $c)
	near "$(hcol "$T/$1.db" PH-1 2 mdc95_ml)" "$want" 0.0005 && ok ||
		fail "$1: MDC95 $(hcol "$T/$1.db" PH-1 2 mdc95_ml), expected 1.96 sqrt of the $c = $want"
	[ "$(hcol "$T/$1.db" PH-1 2 mdc95_basis)" = "$2" ] && ok || fail "$1: mdc95_basis $(hcol "$T/$1.db" PH-1 2 mdc95_basis), expected $2"
}
pair near 's/"camera_distance_cm": 66/"camera_distance_cm": 68.1/'
judged near repeat
pair apart 's/"camera_distance_cm": 66/"camera_distance_cm": 68.3/'
judged apart sd
pair far 's/"camera_distance_cm": 66/"camera_distance_cm": 118/'
judged far sd
expect 0 "2: MDC95 from the full sd: the two photo sets were taken at 62 and 118 cm" -- "$LV" history --db "$T/far.db" PH-1
grep -q "MDC95 of the change from the photo repeat sd" "$tmp/out" && fail "far: the repeat note too"
pair oneview 's/"camera_distance_cm": 66, "views": 2/"camera_distance_cm": 66, "views": 1/'
[ "$(col "$T/oneview.db" views)" = "2 1" ] && ok || fail "oneview: views $(col "$T/oneview.db" views)"
judged oneview sd
expect 0 "2: MDC95 from the full sd: the two photo sets have 2 and 1 views" -- "$LV" history --db "$T/oneview.db" PH-1

# ---- an export without the distance and views: not known, not alike ----------
sed 's/,[^,]*,[^,]*$//' "$T/p.csv" >"$T/nodist.csv"
grep -q camera_distance_cm "$T/nodist.csv" && fail "nodist.csv still has the column"
sed -e 's/, "camera_distance_cm": [0-9.]*//' -e 's/, "views": [0-9]*//' "$FIX" >"$T/nodist.json"
for f in csv json; do
	expect 0 "imported 2 measurements" -- "$LV" import --db "$T/nodist-$f.db" "$T/nodist.$f"
	[ "$(repeats "$T/nodist-$f.db")" = "3.45 3.33" ] && [ "$(col "$T/nodist-$f.db" camera_distance_cm)" = "NULL NULL" ] &&
		ok || fail "nodist $f: repeat sd $(repeats "$T/nodist-$f.db"), distance $(col "$T/nodist-$f.db" camera_distance_cm)"
	judged "nodist-$f" sd
	expect 0 "2: MDC95 from the full sd: the camera distance of a photo set is not known" -- \
		"$LV" history --db "$T/nodist-$f.db" PH-1
done

# the distances known, the views not: not alike, and the views are named
sed -e 's/, "views": [0-9]*//' "$FIX" >"$T/noviews.json"
expect 0 "imported 2 measurements" -- "$LV" import --db "$T/noviews.db" "$T/noviews.json"
judged noviews sd
expect 0 "2: MDC95 from the full sd: the number of views of a photo set is not known" -- \
	"$LV" history --db "$T/noviews.db" PH-1

# ---- an export without it (format version 2) -------------------------------
sed 's/,[^,]*,[^,]*,[^,]*$//' "$T/p.csv" >"$T/old.csv"
grep -q repeat_sd_ml "$T/old.csv" && fail "old.csv still has the column"
sed -e 's/"version": 3/"version": 2/' -e 's/, "repeat_sd_ml": [0-9.]*//' \
	-e 's/, "camera_distance_cm": [0-9.]*//' -e 's/, "views": [0-9]*//' "$FIX" >"$T/old.json"
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
sed 's/"views": 2/"views": 3/' "$FIX" >"$T/views.json"
expect 65 "views: expected 1, 2 or null" -- "$LV" import --db "$T/views.db" "$T/views.json"
sed 's/"camera_distance_cm": 66/"camera_distance_cm": -66/' "$FIX" >"$T/dist.json"
expect 65 "the camera distance must be 0 (not known) to" -- "$LV" import --db "$T/dist.db" "$T/dist.json"
for d in big tape views dist; do
	[ ! -e "$T/$d.db" ] || [ "$(q "$T/$d.db" "SELECT count(*) FROM measurement")" = 0 ] && ok ||
		fail "$d: something was stored"
done

finish
