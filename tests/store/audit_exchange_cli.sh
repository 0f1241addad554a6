#!/bin/sh
# The audit trail through export and import: export -> import into an empty
# store -> export gives the same bytes (CSV and JSON, with and without
# --deleted); the revisions and deletions arrive; importing twice adds no
# revision; files of format version 1 (tests/store/export_v1.*, written by the
# limbvol before the trail) still import; a newer JSON version is refused.
#   audit_exchange_cli.sh LIMBVOL SOURCE_DIR
LV=$1
SRC=$2
. "$SRC/tests/lib.sh"
. "$SRC/tests/store/common.sh"
q() { sqlite3 "$1" "$2"; }

A="$T/a.db"
C="--step 4 25 25 25 25 25 25 25 25 25 25 25"
"$LV" record --db "$A" --patient P1 --limb left-arm --phase baseline --date 2026-03-02 $C \
	--other 20 20 20 20 20 20 20 20 20 20 20 >/dev/null || fail "record"
"$LV" record --db "$A" --patient P1 --limb left-arm --phase pre --date 2026-04-06 $C >/dev/null
"$LV" record --db "$A" --patient P2 --limb right-leg --phase other --date 2026-04-07 \
	--step 4 40 41 42 >/dev/null
"$LV" edit --db "$A" 1 --site 12 26.5 >/dev/null || fail "edit"
"$LV" edit --db "$A" 3 --phase post --date 2026-04-06T10:30 >/dev/null || fail "edit 3"
"$LV" delete --db "$A" 2 --yes >/dev/null 2>&1
"$LV" patients --db "$A" P1 --weight 70 --date 2026-03-02 >/dev/null
"$LV" patients --db "$A" P1 --weight 68 --date 2026-04-06 >/dev/null
"$LV" edit --db "$A" w1 --kg 71.5 >/dev/null
"$LV" delete --db "$A" w2 --yes >/dev/null 2>&1
revs=$(q "$A" "SELECT count(*) FROM revision")
[ "$revs" -eq 8 ] && ok || fail "revisions in the first store: $revs"

for fmt in csv json; do
	for del in "" --deleted; do
		tag=$fmt$del
		"$LV" export --db "$A" --all --format $fmt $del --out "$T/$tag.1" || fail "export $tag"
		expect 0 "imported" -- "$LV" import --db "$T/$tag.db" "$T/$tag.1"
		"$LV" export --db "$T/$tag.db" --all --format $fmt $del --out "$T/$tag.2"
		cmp -s "$T/$tag.1" "$T/$tag.2" && ok || { fail "round trip $tag differs"; diff "$T/$tag.1" "$T/$tag.2" | head >&2; }
		# importing again adds nothing, revisions included
		before=$(q "$T/$tag.db" "SELECT count(*) FROM revision; SELECT count(*) FROM measurement")
		"$LV" import --db "$T/$tag.db" "$T/$tag.1" >/dev/null 2>&1
		[ "$(q "$T/$tag.db" "SELECT count(*) FROM revision; SELECT count(*) FROM measurement")" = "$before" ] &&
			ok || fail "importing $tag twice added rows"
	done
	# with --deleted: every revision and both deletions arrive, still deleted
	[ "$(q "$T/$fmt--deleted.db" "SELECT count(*) FROM revision")" -eq "$revs" ] && ok ||
		fail "$fmt --deleted: $(q "$T/$fmt--deleted.db" "SELECT count(*) FROM revision") revisions, expected $revs"
	[ "$(q "$T/$fmt--deleted.db" "SELECT count(*) FROM measurement WHERE deleted IS NOT NULL; SELECT count(*) FROM weight WHERE deleted IS NOT NULL")" = "$(printf '1\n1')" ] &&
		ok || fail "$fmt --deleted: the deleted ones are not deleted"
	# without: the deleted ones and their trail stay behind (2 deletions and
	# weight 2's, measurement 2 had no edit)
	[ "$(q "$T/$fmt.db" "SELECT count(*) FROM revision")" -eq $((revs - 2)) ] && ok ||
		fail "$fmt: $(q "$T/$fmt.db" "SELECT count(*) FROM revision") revisions"
	[ "$(q "$T/$fmt.db" "SELECT count(*) FROM measurement")" -eq 3 ] && ok || fail "$fmt: measurements"
done
# the German CSV (--csv-locale de) carries the trail unchanged
"$LV" export --db "$A" --all --deleted --csv-locale de --out "$T/de.csv" || fail "export de"
expect 0 "imported" -- "$LV" import --db "$T/de.db" "$T/de.csv"
"$LV" export --db "$T/de.db" --all --deleted --out "$T/de.2"
cmp -s "$T/csv--deleted.1" "$T/de.2" && ok || { fail "de round trip differs"; diff "$T/csv--deleted.1" "$T/de.2" | head >&2; }
# the trail of the copy reads as the original's: the edit of the first
# measurement, from 25 to 26.5 at 12 cm, and the volume computed again
"$LV" show --db "$T/csv.db" 1 --history >"$T/show"
grep -q "circumference_cm 12: 25 -> 26.5" "$T/show" && grep -q "volume_ml: 1989.436789 -> 2013.787495" "$T/show" &&
	ok || { fail "the imported trail"; cat "$T/show" >&2; }
grep -q '"version": 3' "$T/json.1" && ok || fail "JSON version 3"
head -1 "$T/csv.1" | grep -q ",deleted,weight,edit,changed_at,what,old_value,new_value,repeat_sd_ml,camera_distance_cm,views$" &&
	ok || fail "CSV header"

# version 1 files (the previous limbvol's export) still import
for f in export_v1.csv export_v1.json; do
	expect 0 "imported 2 measurements" -- "$LV" import --db "$T/v1-$f.db" "$SRC/tests/store/$f"
	"$LV" history --db "$T/v1-$f.db" X1 --format csv | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
		NR > 1 { v[$c["limb"]] = $c["volume_ml"] }
		END { exit !(v["left-arm"] > 1989.43 && v["left-arm"] < 1989.45) }' && ok || fail "$f: volumes"
	expect 0 "70.5 kg" -- "$LV" weights --db "$T/v1-$f.db" X1
done
# a newer format is refused, a bad revision located
sed 's/"version": 3/"version": 4/' "$T/json.1" >"$T/v4.json"
expect 65 "newer limbvol" -- "$LV" import --db "$T/v4.db" "$T/v4.json"
awk -F, 'BEGIN { OFS = "," } $1 == "revision" && !done { $9 = "99"; done = 1 } { print }' "$T/csv.1" >"$T/badrev.csv"
expect 65 "measurement 99 is not among" -- "$LV" import --db "$T/bad.db" "$T/badrev.csv"
grep -q "badrev.csv:[0-9]*:" "$T/err" && ok || fail "a bad revision without its line"
awk -F, 'BEGIN { OFS = "," } $1 == "revision" && !done { $27 = "yesterday"; done = 1 } { print }' "$T/csv.1" >"$T/badtime.csv"
expect 65 "badtime.csv" -- "$LV" import --db "$T/bad2.db" "$T/badtime.csv"
[ ! -s "$T/bad.db" ] || [ "$(q "$T/bad.db" "SELECT count(*) FROM measurement")" -eq 0 ] && ok || fail "a refused import stored something"

finish
