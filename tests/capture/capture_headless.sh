#!/bin/bash
# limbvol capture --headless on videos made from generated sets of known
# volume (mkvideo: the limb arriving, still, turning, still, leaving, with
# sensor noise): the set it writes, its volume, the order of its views, the
# manifest read by limbvol batch, --db, sources, and every failure.
CAPTURE=$1 GEN=$2 MKVIDEO=$3 BATCH=$4 LIMBVOL=$5 WORK=$6
here=$(dirname "$0")
. "$here/../lib.sh"
. "$here/common.sh"
# sensor noise of 6 grey levels on every frame (the render has its own 3)
arm_video T-01 pre 21 --noise 6 --seed 1 || exit 1
truth=$(truth_num "$WORK/arm" volume_ml)

# only_set DIR: the one photo set folder under DIR (and no temporary left)
only_set() {
	checks=$((checks + 1))
	n=$(find "$1" -mindepth 1 -maxdepth 1 | wc -l)
	[ "$n" -eq 1 ] || fail "one set folder expected in $1, found: $(ls -A "$1")"
	find "$1" -mindepth 1 -maxdepth 1 -type d | head -n 1
}
# view_is SET NAME VIEW: SET/NAME is the generated VIEW (front|side), not the other
view_is() {
	other=side
	[ "$3" = side ] && other=front
	d_same=$("$MKVIDEO" diff "$1/$2" "$WORK/arm/$3.jpg")
	d_other=$("$MKVIDEO" diff "$1/$2" "$WORK/arm/$other.jpg")
	checks=$((checks + 1))
	awk -v a="$d_same" -v b="$d_other" 'BEGIN { exit !(a != "" && a * 3 < b) }' ||
		fail "$2 should be the $3 view: mean difference $d_same to it, $d_other to the $other view"
}

# 1. a video file: the set, its volume, its views in order, the JSON object
run "$CAPTURE" --source "$WORK/arm.avi" --out "$WORK/out" "${ID[@]}" --from 0 --to 40 \
	--headless --still-frames 8 --format json --db "$WORK/study.db"
expect_status 0 "headless capture from a video"
expect_err "front view taken" "the front view is taken by itself"
expect_err "now turn the limb and the card 90°" "asks for the turn"
# arriving, the limb's proximal end is still inside the frame: said plainly
expect_err "limb ends inside the frame: show it up to the frame's edge" "the arriving limb"
expect_err "side view taken" "the side view is taken after the turn"
expect_out '"volume_ml": ' "the JSON object of limbvol photo"
expect_out '"sites": [' "the virtual tape"
expect_rel "$(json_num volume_ml)" "$truth" 0.02 "captured volume vs the truth"
cap_volume=$(json_num volume_ml)
set=$(only_set "$WORK/out")
for f in front.png side.png manifest.txt; do
	checks=$((checks + 1))
	[ -f "$set/$f" ] || fail "the set lacks $f"
done
checks=$((checks + 1))
[ "$(stat -c %a "$set")" = 700 ] && [ "$(stat -c %a "$set/front.png")" = 600 ] ||
	fail "patient photos: folder 0700 and photos 0600 expected"
checks=$((checks + 1))
[ "$(basename "$set")" = T-01-left-arm-2026-03-02-pre ] || fail "set named $(basename "$set")"
view_is "$set" front.png front
view_is "$set" side.png side
for kv in patient=T-01 limb=left-arm date=2026-03-02 phase=pre front=front.png side=side.png \
	marker=0:80.00 from=0.00 to=40.00 step=4.00; do
	checks=$((checks + 1))
	grep -qx "$kv" "$set/manifest.txt" || fail "manifest lacks $kv: $(cat "$set/manifest.txt")"
done

# 2. limbvol batch reads the set as written, and finds the same volume
run "$BATCH" "$WORK/out" --out "$WORK/batch.csv"
expect_status 0 "limbvol batch reads the captured set"
row=$(grep "^$set,ok," "$WORK/batch.csv")
checks=$((checks + 1))
[ -n "$row" ] || fail "batch row ok expected: $(cat "$WORK/batch.csv")"
expect_near "$(echo "$row" | cut -d, -f12)" "$cap_volume" 0.06 "batch's volume of the set vs capture's"

# 3. --db recorded it as a photo measurement
run "$LIMBVOL" history T-01 --db "$WORK/study.db"
expect_status 0 "history of the captured patient"
expect_out "left-arm" "the recorded measurement's limb"
expect_out "$(printf '%.1f' "$cap_volume")" "the recorded volume"

# 4. the same session again: a new set beside it, the first untouched
sum1=$(cat "$set"/* | md5sum)
run "$CAPTURE" --source "$WORK/arm.avi" --out "$WORK/out" "${ID[@]}" --from 0 --to 40 \
	--headless --still-frames 8
expect_status 0 "a second capture of the same name"
checks=$((checks + 1))
[ -d "$set-2" ] && [ "$(cat "$set"/* | md5sum)" = "$sum1" ] ||
	fail "an existing set is never overwritten: $(ls "$WORK/out")"
expect_err "written to $set-2" "the new set's name is said"

# 5. an image sequence, text output
mkdir -p "$WORK/seq"
"$MKVIDEO" "$WORK/seq/%03d.png" "$WORK/arm/front.jpg" "$WORK/arm/side.jpg" --noise 4 --seed 2 \
	--arrive 2 --still 10 --turn 4 --leave 0 || fail "mkvideo sequence"
run "$CAPTURE" --source "$WORK/seq/%03d.png" --out "$WORK/out-seq" "${ID[@]}" \
	--headless --still-frames 6 --from 0 --to 40
expect_status 0 "headless capture from an image sequence"
expect_out "photo, ellipse model" "text output as limbvol photo prints it"
expect_rel "$(grep -o 'volume 0.0 to 40.0 cm: [0-9.]*' "$tmp/out" | sed 's/.*: //')" "$truth" 0.02 \
	"sequence volume vs the truth"

# 6. with a camera file (the generator's pinhole): copied into the set, named
# by the manifest, and limbvol batch measures the set with it
pinhole_camera "$WORK/arm" >"$WORK/camera.yml"
run "$CAPTURE" --source "$WORK/seq/%03d.png" --out "$WORK/out-cam" "${ID[@]}" --headless \
	--still-frames 6 --from 0 --to 40 --camera "$WORK/camera.yml" --format json
expect_status 0 "headless capture with --camera"
expect_out "undistorted with the camera file" "--camera: the note says so"
expect_rel "$(json_num volume_ml)" "$truth" 0.02 "--camera: volume vs the truth"
cam_volume=$(json_num volume_ml)
cset=$(only_set "$WORK/out-cam")
checks=$((checks + 1))
cmp -s "$WORK/camera.yml" "$cset/camera.yml" && grep -qx "camera=camera.yml" "$cset/manifest.txt" ||
	fail "--camera: the camera file copied into the set and named by its manifest"
run "$BATCH" "$WORK/out-cam" --out "$WORK/batch-cam.csv"
expect_status 0 "limbvol batch reads the set with its camera file"
expect_near "$(grep "^$cset,ok," "$WORK/batch-cam.csv" | cut -d, -f12)" "$cam_volume" 0.06 \
	"batch's volume of the set with its camera"

# usage
run "$CAPTURE" --source "$WORK/arm.avi" "${ID[@]}"
expect_status 64 "--out is required"
run "$CAPTURE" --source "$WORK/arm.avi" --device 0 --out "$WORK/f8" "${ID[@]}"
expect_status 64 "one source only"
run "$CAPTURE" --source "$WORK/arm.avi" --out "$WORK/f8" "${ID[@]}" --patient "Jane Doe"
expect_status 64 "a patient code that is not pseudonymous-looking"
run "$CAPTURE" --source "$WORK/seq/%s.png" --out "$WORK/f8" "${ID[@]}" --headless
expect_status 64 "a sequence pattern with another conversion than %d"
run "$CAPTURE" --source "$WORK/arm.avi" --out "$WORK/f8" "${ID[@]}" --still-frames 1
expect_status 64 "--still-frames below 2"
run "$LIMBVOL" capture --summary
expect_status 0 "limbvol capture --summary through the dispatcher"
expect_out "capture" "the summary"
finish
