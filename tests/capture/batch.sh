#!/bin/bash
# limbvol batch: a tree of generated sets, two jobs, a failed set that gets
# its row while the others go on, resuming, --force, JSON, bad manifests.
BATCH=$1 GEN=$2 WORK=$3 SAMPLES=$4 LIMBVOL=${5:-}
here=$(dirname "$0")
. "$here/../lib.sh"
. "$here/common.sh"
rm -rf "$WORK"
mkdir -p "$WORK/sets/clinic-a" "$WORK/sets/clinic-b"
S=$WORK/sets

gen "$S/clinic-a/p1-pre" --seed 11 --patient P001 --phase pre || exit 1
gen "$S/clinic-a/p1-post" --seed 12 --patient P001 --phase post --tilt 15 || exit 1
gen "$S/clinic-b/p2" --seed 13 --shape leg --limb right-leg --patient P002 || exit 1
# a set whose side photo is missing
gen "$S/clinic-b/p3" --seed 14 --patient P003 && rm "$S/clinic-b/p3/side.jpg"
# a set with a typo in its manifest
mkdir -p "$S/clinic-b/p4" && printf 'front=front.jpg\nsied=side.jpg\n' >"$S/clinic-b/p4/manifest.txt"

# row SET: the CSV row of a set in the results
row() { grep "^$S/$1," "$WORK/results.csv"; }
# field N of a CSV row without quoted commas in the first N fields
field() { echo "$1" | cut -d, -f"$2"; }

run "$BATCH" "$S" --jobs 2 --out "$WORK/results.csv"
expect_status 1 "a batch with failed sets exits 1"
expect_err "2 of 5 sets failed" "the failures are counted"
checks=$((checks + 1))
grep -q $'\r' "$tmp/err" && fail "no progress bar when stderr is not a terminal"
checks=$((checks + 1))
[ "$(wc -l <"$WORK/results.csv")" -eq 6 ] || fail "header + one row per set expected: $(cat "$WORK/results.csv")"
checks=$((checks + 1))
[ ! -e "$WORK/results.csv.partial" ] || fail "the journal is removed once the results are written"
for s in clinic-a/p1-pre clinic-a/p1-post clinic-b/p2; do
	r=$(row "$s")
	checks=$((checks + 1))
	[ "$(field "$r" 2)" = ok ] || fail "$s: status ok expected: $r"
	expect_rel "$(field "$r" 12)" "$(truth_num "$S/$s" volume_ml)" 0.02 "$s: volume"
	# the last column: the camera distance, the generator's (its EXIF
	# holds the focal length) within 1 %
	expect_rel "$(echo "$r" | awk -F, '{ print $NF }')" "$(truth_num "$S/$s" distance_cm)" 0.01 \
		"$s: camera_distance_cm with EXIF"
done
r=$(row clinic-b/p2)
checks=$((checks + 1))
[ "$(field "$r" 4),$(field "$r" 5),$(field "$r" 7)" = "P002,right-leg,baseline" ] ||
	fail "patient, limb and phase come from the manifest: $r"
checks=$((checks + 1))
row clinic-b/p3 | grep -q "^$S/clinic-b/p3,failed,cannot read $S/clinic-b/p3/side.jpg" ||
	fail "a missing photo: failed row saying why: $(row clinic-b/p3)"
checks=$((checks + 1))
row clinic-b/p4 | grep -q "failed,.*manifest.txt:2:1: unknown key 'sied'" ||
	fail "a manifest typo: failed row with file:line:column: $(row clinic-b/p4)"

# again: the measured sets are skipped, the failed ones retried
cp "$S/clinic-a/p1-pre/side.jpg" "$S/clinic-b/p3/side.jpg"
before=$(row clinic-a/p1-pre)
run "$BATCH" "$S" --out "$WORK/results.csv"
expect_status 1 "rerun: one set still fails"
expect_err "3 of 5 sets already measured" "rerun skips the measured sets"
checks=$((checks + 1))
[ "$(row clinic-b/p3 | cut -d, -f2)" = ok ] || fail "rerun: the repaired set is measured: $(row clinic-b/p3)"
checks=$((checks + 1))
[ "$(wc -l <"$WORK/results.csv")" -eq 6 ] || fail "rerun: still one row per set"
checks=$((checks + 1))
[ "$(row clinic-a/p1-pre)" = "$before" ] || fail "rerun: a measured set's row is kept as it was"

# an interrupted run: rows already in the journal are not measured again
rm -rf "$S/clinic-b/p4"
grep "^$S/clinic-a/p1-post," "$WORK/results.csv" >"$WORK/results2.csv.partial"
run "$BATCH" "$S" --out "$WORK/results2.csv" --jobs 1
expect_status 0 "resume after an interruption"
expect_err "1 of 4 sets already measured" "resume: the journal's rows count as measured"
expect_err "limbvol batch: 3 sets measured: the results are in $WORK/results2.csv" "resume: the results file named, the 3 sets measured now counted"
checks=$((checks + 1))
[ "$(grep -c "^$S/" "$WORK/results2.csv")" -eq 4 ] || fail "resume: one row per set: $(cat "$WORK/results2.csv")"

# --force measures everything again; JSON results
run "$BATCH" "$S" --out "$WORK/results.json" --force
expect_status 0 "--force, JSON"
checks=$((checks + 1))
[ "$(grep -c '"status":"ok"' "$WORK/results.json")" -eq 4 ] || fail "JSON: four ok rows: $(head -c 400 "$WORK/results.json")"
checks=$((checks + 1))
grep -q '"circumference_cm"' "$WORK/results.json" || fail "JSON rows have the virtual tape"
checks=$((checks + 1))
grep -q '"camera_distance_cm":[0-9]' "$WORK/results.json" || fail "JSON rows have the camera distance"
run "$BATCH" "$S" --out "$WORK/results.json"
expect_err "4 of 4 sets already measured" "JSON results resume too"
checks=$((checks + 1))
! grep -q "0 sets measured" "$tmp/err" || fail "nothing measured again: no '0 sets measured' line"
run "$BATCH" "$S" --out "$WORK/results.json" --force
expect_status 0 "--force again"
checks=$((checks + 1))
[ "$(grep -c '"set":' "$WORK/results.json")" -eq 4 ] || fail "--force: still one row per set"

# standard output, overlays
run "$BATCH" "$S/clinic-a" --overlay "$WORK/overlays"
expect_status 0 "results on stdout"
expect_out "set,status,error" "stdout: CSV header"
checks=$((checks + 1))
[ "$(ls "$WORK/overlays" | wc -l)" -eq 4 ] || fail "overlays: two per set expected: $(ls "$WORK/overlays")"

# the sample photo sets: each within 2 % of its truth
run "$BATCH" "$SAMPLES" --jobs 2
expect_status 0 "samples/photos"
for t in "$SAMPLES"/*/truth.json; do
	s=$(dirname "$t")
	r=$(grep "^$s," "$tmp/out")
	expect_rel "$(echo "$r" | cut -d, -f12)" "$(truth_num "$s" volume_ml)" 0.02 "sample $(basename "$s")"
done

# on a terminal: the progress bar with count, rate and time left
if command -v script >/dev/null 2>&1; then
	script -qec "'$BATCH' '$SAMPLES' --jobs 2 --out '$WORK/tty.csv'" /dev/null >"$tmp/tty" 2>&1
	checks=$((checks + 1))
	grep -q "3/3 sets .* sets/s .* left" "$tmp/tty" ||
		fail "progress bar on a terminal: $(head -c 300 "$tmp/tty")"
fi

# --db: each measured set recorded once as a photo measurement; measured
# again, each set names the stored measurement it repeats (its id read from
# the store, by the set's folder, its source)
run "$BATCH" "$SAMPLES" --db "$WORK/store.db" --out "$WORK/db.csv"
expect_status 0 "--db"
checks=$((checks + 1))
grep -q "stored as id" "$tmp/err" && fail "--db, a new store: a duplicate reported: $(cat "$tmp/err")"
run "$BATCH" "$SAMPLES" --db "$WORK/store.db" --out "$WORK/db.csv" --force
expect_status 0 "--db again with --force"
for set in arm-left arm-right leg-left; do
	id=$(sqlite3 "$WORK/store.db" "select id from measurement where source = '$SAMPLES/$set'" 2>/dev/null)
	expect_err "$SAMPLES/$set: the same measurement is stored as id ${id:+$id (}" "--db again: $set names its stored id"
done
checks=$((checks + 1))
n=$(sqlite3 "$WORK/store.db" "select count(*) from measurement" 2>/dev/null || echo "?")
[ "$n" = 3 ] || [ "$n" = "?" ] || fail "--db: three measurements expected once each, found $n"
# each stored with its repeat sd, the row's volume_repeat_sd_ml (to its 0.1 mL)
for set in arm-left arm-right leg-left; do
	checks=$((checks + 1))
	got=$(sqlite3 "$WORK/store.db" "select repeat_sd_ml from measurement where source = '$SAMPLES/$set'" 2>/dev/null) ||
		{ fail "--db: sqlite3 could not read $set's row (a column missing?)"; continue; }
	want=$(awk -F, -v s="$SAMPLES/$set" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
		$1 == s { print $c["volume_repeat_sd_ml"] }' "$WORK/db.csv")
	awk -v g="$got" -v w="$want" 'BEGIN { d = g - w; exit !(g > 0 && w > 0 && d <= 0.05 && -d <= 0.05) }' ||
		fail "--db: $set stored repeat sd '$got', the row says '$want'"
done
# and with how it was taken: the generator's views, and its camera distance
# as limbvol estimates it without a camera file or EXIF (the samples have
# none): the focal length assumed, PHOTO_ASSUMED_FOCAL = 1.3 image widths
# (photo.h), against the true focal_px, scales the distance (within 1 %)
for set in arm-left arm-right leg-left; do
	checks=$((checks + 1))
	got=$(sqlite3 "$WORK/store.db" "select views || ' ' || camera_distance_cm from measurement where source = '$SAMPLES/$set'" 2>/dev/null) ||
		{ fail "--db: sqlite3 could not read $set's row (a column missing?)"; continue; }
	t=$SAMPLES/$set
	want=$(awk -v d="$(truth_num "$t" distance_cm)" -v w="$(truth_num "$t" width_px)" -v f="$(truth_num "$t" focal_px)" \
		'BEGIN { print d * 1.3 * w / f }')
	echo "$got" | awk -v v="$(truth_num "$t" views)" -v w="$want" '{ d = $2 / w - 1; exit !($1 == v && d <= 0.01 && -d <= 0.01) }' ||
		fail "--db: $set stored views and distance '$got', expected $(truth_num "$t" views) and $want cm"
done
# the rows say it too, last (column 20): the same estimate
for set in arm-left arm-right leg-left; do
	t=$SAMPLES/$set
	want=$(awk -v d="$(truth_num "$t" distance_cm)" -v w="$(truth_num "$t" width_px)" -v f="$(truth_num "$t" focal_px)" \
		'BEGIN { print d * 1.3 * w / f }')
	expect_rel "$(grep "^$t," "$WORK/db.csv" | awk -F, '{ print $NF }')" "$want" 0.01 \
		"batch row: $set camera_distance_cm (estimated, no EXIF)"
	checks=$((checks + 1))
	[ "$(grep "^$t," "$WORK/db.csv" | awk -F, '{ print NF }')" -eq 20 ] ||
		fail "batch row: $set has 20 columns: $(grep "^$t," "$WORK/db.csv")"
done
if [ -n "${LIMBVOL:-}" ]; then
	run "$LIMBVOL" history DEMO-01 --db "$WORK/store.db"
	expect_out "left-arm" "--db: the history shows the photo measurement"
fi
mkdir -p "$WORK/nodate" && cp "$S/clinic-a/p1-pre/"*.jpg "$WORK/nodate/" &&
	printf 'patient=P009\nlimb=left-arm\nfront=front.jpg\nside=side.jpg\n' >"$WORK/nodate/manifest.txt"
run "$BATCH" "$WORK/nodate" --db "$WORK/store.db"
expect_status 1 "--db without a date in the manifest"
expect_out "the manifest needs patient, limb and date" "--db without a date: the row says why"
printf 'hello\n' >"$WORK/not-a-db.txt"
run "$BATCH" "$S" --db "$WORK/not-a-db.txt"
expect_status 74 "--db on a file that is not a store"
expect_err "not-a-db.txt" "--db on a file that is not a store: named"

# usage and input errors
run "$BATCH" "$S" --out results.txt
expect_status 64 "--out with another extension"
run "$BATCH" "$S" --jobs 0
expect_status 64 "--jobs 0"
run "$BATCH"
expect_status 64 "no folder"
mkdir -p "$WORK/empty"
run "$BATCH" "$WORK/empty"
expect_status 66 "no set found"
expect_err "no photo set" "no set found"
run "$BATCH" "$WORK/nowhere"
expect_status 66 "missing folder"
finish
