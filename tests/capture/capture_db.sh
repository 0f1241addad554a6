#!/bin/bash
# limbvol capture --db (capture/src/photo_record.c): the measurement it
# stores, read back with sqlite3, against what the generator made: two
# views; a repeat sd above 0 and below the stored sd (it leaves out what
# every set shares, doc/clinical.md "A change of photo volume"); the camera
# distance.  Without a camera file or EXIF limbvol scales the marker's size
# by the focal length it assumes (PHOTO_ASSUMED_FOCAL = 1.3 image widths,
# photo.h): for a card facing the camera that is the truth's distance_cm
# (the marker plane's depth) * 1.3 * width_px / focal_px, checked within
# 1 %.  With the generator's pinhole as the camera file it is the marker
# pose's distance from the camera centre to the card's centre, which the
# truth does not state: at least the plane's depth, and at most what a card
# centre still inside the frame can be (depth * sqrt(1 + (half diagonal /
# focal_px)^2)).  Then limbvol show of each prints the stored set-up and
# repeat sd (text, JSON, CSV).
CAPTURE=$1 GEN=$2 MKVIDEO=$3 LIMBVOL=$4 WORK=$5
here=$(dirname "$0")
. "$here/../lib.sh"
. "$here/common.sh"
arm_video T-02 pre 23 --noise 4 --seed 3 || exit 1
DB=$WORK/study.db
pinhole_camera "$WORK/arm" >"$WORK/camera.yml"
truth_d=$(truth_num "$WORK/arm" distance_cm)
w=$(truth_num "$WORK/arm" width_px) h=$(truth_num "$WORK/arm" height_px) f=$(truth_num "$WORK/arm" focal_px)
est_lo=$(awk -v d="$truth_d" -v w="$w" -v f="$f" 'BEGIN { print d * 1.3 * w / f * 0.99 }')
est_hi=$(awk -v d="$truth_d" -v w="$w" -v f="$f" 'BEGIN { print d * 1.3 * w / f * 1.01 }')
pose_hi=$(awk -v d="$truth_d" -v w="$w" -v h="$h" -v f="$f" 'BEGIN { print d * sqrt(1 + (w * w + h * h) / 4 / (f * f)) }')
q() { sqlite3 "$DB" "$1"; }

# stored ID LO_CM HI_CM WHAT: views 2, LO_CM <= distance <= HI_CM, 0 < repeat sd < sd
stored() {
	got=$(q "SELECT coalesce(views, 'NULL') || ' ' || coalesce(camera_distance_cm, 'NULL') || ' ' ||
		coalesce(repeat_sd_ml, 'NULL') || ' ' || sd_ml FROM measurement WHERE id = $1")
	checks=$((checks + 1))
	echo "$got" | awk -v lo="$2" -v hi="$3" '{ exit !($1 == 2 && $2 >= lo && $2 <= hi) }' ||
		fail "$4: views and distance '$got' (views distance repeat sd), expected 2 and $2 to $3 cm"
	checks=$((checks + 1))
	echo "$got" | awk '{ exit !($3 > 0 && $3 < $4) }' ||
		fail "$4: repeat sd '$got' (views distance repeat sd), expected above 0 and below sd"
}

# 1. no camera file: the distance estimated from the assumed focal length
run "$CAPTURE" --source "$WORK/arm.avi" --out "$WORK/out" "${ID[@]}" --from 0 --to 40 \
	--headless --still-frames 8 --db "$DB"
expect_status 0 "capture --db"
checks=$((checks + 1))
[ "$(q "SELECT count(*) || ' ' || max(method) FROM measurement")" = "1 photo" ] ||
	fail "one photo measurement expected: $(q 'SELECT count(*), max(method) FROM measurement')"
stored 1 "$est_lo" "$est_hi" "no camera file"

# 2. the generator's pinhole as the camera file: the true distance
run "$CAPTURE" --source "$WORK/arm.avi" --out "$WORK/out-cam" --patient T-02 --limb left-arm \
	--phase post --date 2026-03-02 --from 0 --to 40 --headless --still-frames 8 \
	--camera "$WORK/camera.yml" --db "$DB"
expect_status 0 "capture --db --camera"
stored 2 "$truth_d" "$pose_hi" "with the camera file"

# 3. limbvol show prints the stored set-up and repeat sd (sqlite3's values)
for id in 1 2; do
	d=$(q "SELECT camera_distance_cm FROM measurement WHERE id = $id")
	r=$(q "SELECT repeat_sd_ml FROM measurement WHERE id = $id")
	s=$(q "SELECT sd_ml FROM measurement WHERE id = $id")
	line=$(awk -v d="$d" -v r="$r" -v s="$s" 'BEGIN { printf "photo, 2 views, camera %.0f cm away; sd ± %.1f mL, repeat sd ± %.1f mL (for a change between sets taken alike)", d, s, r }')
	run "$LIMBVOL" show "$id" --db "$DB"
	expect_status 0 "show $id"
	expect_out "$line" "show $id: the set-up line"
	run "$LIMBVOL" show "$id" --db "$DB" --format json
	expect_status 0 "show $id --format json"
	expect_near "$(json_num camera_distance_cm)" "$d" 0.001 "show $id JSON camera_distance_cm"
	expect_near "$(json_num repeat_sd_ml)" "$r" 0.001 "show $id JSON repeat_sd_ml"
	expect_out '"views": 2' "show $id JSON views"
	run "$LIMBVOL" show "$id" --db "$DB" --format csv
	expect_status 0 "show $id --format csv"
	checks=$((checks + 1))
	awk -F, -v d="$d" -v r="$r" 'NR == 1 { n = NF; for (i = 1; i <= NF; i++) c[$i] = i }
		NR == 2 { x = $c["camera_distance_cm"] - d; y = $c["volume_repeat_sd_ml"] - r
			ok = NF == n && $NF == 2 && $c["views"] == 2 && x < 0.05 && -x < 0.05 && y < 0.05 && -y < 0.05 }
		END { exit !(NR == 2 && ok) }' "$tmp/out" ||
		fail "show $id CSV: camera_distance_cm $d, views 2, volume_repeat_sd_ml $r expected: $(cat "$tmp/out")"
done
finish
