#!/bin/bash
# limbvol photo against the truth of generated sets: volume within 2 % and
# virtual tape circumferences within 3 mm (front + side); one photo of a
# circular limb; the marker at different places, the limb tilted.
PHOTO=$1 GEN=$2 WORK=$3
here=$(dirname "$0")
. "$here/../lib.sh"
. "$here/common.sh"
mkdir -p "$WORK"

# measure DIR DESCRIPTION [PHOTO OPTIONS]: compare with DIR/truth.json
measure() {
	d=$1 what=$2
	shift 2
	side=$d/side.jpg
	[ -f "$side" ] || side=
	run "$PHOTO" "$d/front.jpg" $side --from "$(truth_num "$d" from_cm)" \
		--to "$(truth_num "$d" to_cm)" --step "$(truth_num "$d" step_cm)" --format json "$@"
	expect_status 0 "$what"
	expect_rel "$(json_num volume_ml)" "$(truth_num "$d" volume_ml)" 0.02 "$what: volume"
	truth_list "$d" circumference_cm >"$tmp/want"
	out_list circumference_cm >"$tmp/got"
	expect_lists_near "$tmp/want" "$tmp/got" 0.3 "$what: circumferences (cm)"
}

gen "$WORK/arm" && measure "$WORK/arm" "arm, front and side"
# the camera distance, the JSON's last field: limbvol-gen writes the
# rendering focal length into the EXIF, so the distance from the marker's
# apparent size is the true one (truth.json), within 1 %
expect_rel "$(json_num camera_distance_cm)" "$(truth_num "$WORK/arm" distance_cm)" 0.01 \
	"camera_distance_cm with EXIF"
expect_out '"model": "ellipse"' "two views: elliptical slices"
expect_out "scale from the marker's apparent size" "no camera file: the output says so"

gen "$WORK/leg" --shape leg --tilt 25 --landmark-at 0.25,0.3 --seed 2 &&
	measure "$WORK/leg" "leg tilted 25 degrees, marker high on the left"
gen "$WORK/arm-up" --tilt -35 --marker-side above --landmark-at 0.35,0.65 --background green --seed 3 &&
	measure "$WORK/arm-up" "arm tilted -35 degrees, card above it, green background"
gen "$WORK/ellipse" --shape ellipse --ratio 0.7 --tilt 90 --landmark-at 0.5,0.2 --background gray &&
	measure "$WORK/ellipse" "elliptic cylinder pointing down, grey background"
gen "$WORK/cone" --shape cone --tilt 180 --landmark-at 0.7,0.5 --background 235,235,235 --seed 4 &&
	measure "$WORK/cone" "cone pointing right, white background"

# one photo of a circular limb: circular slices
gen "$WORK/cyl" --shape cylinder --radius 4.5 --one-view &&
	measure "$WORK/cyl" "one photo of a cylinder"
expect_out "one photo: circular slices, less accurate" "one photo: flagged as less accurate"
# closed form: pi r^2 L
L=$(awk -v a="$(truth_num "$WORK/cyl" from_cm)" -v b="$(truth_num "$WORK/cyl" to_cm)" 'BEGIN { print b - a }')
expect_rel "$(json_num volume_ml)" "$(awk -v l="$L" 'BEGIN { print 3.14159265 * 4.5 * 4.5 * l }')" 0.02 \
	"one photo of a cylinder: pi r^2 L"

# the landmark moved along the axis: the same limb, 8 cm further
d=$WORK/arm
run "$PHOTO" "$d/front.jpg" "$d/side.jpg" --from 4 --to 20 --format json
v1=$(json_num volume_ml)
run "$PHOTO" "$d/front.jpg" "$d/side.jpg" --from -4 --to 12 --origin-offset 8 --format json
expect_status 0 "--origin-offset"
expect_near "$(json_num volume_ml)" "$v1" 0.5 "--origin-offset 8 shifts the positions by 8 cm"

# CSV and text formats, overlays
run "$PHOTO" "$d/front.jpg" "$d/side.jpg" --from 0 --to 20 --format csv
expect_status 0 "csv format"
expect_out "volume_ml" "csv format: header"
run "$PHOTO" "$d/front.jpg" "$d/side.jpg" --from 0 --to 20 --overlay "$WORK/overlays"
expect_status 0 "text format with overlays"
expect_out "volume 0.0 to 20.0 cm" "text format: the volume line"
expect_out "cm away (from the EXIF focal length)" "text format: the camera distance in the note"
# the heading says what the table holds (doc/photo.md: slices every 1 mm, the
# virtual tape every --step, 4 cm by default), not the slices' count as sites
expect_out "slices every 0.1 cm, virtual tape every 4 cm from 0 cm" "text format: the heading"
checks=$((checks + 1))
[ -s "$WORK/overlays/front-overlay.jpg" ] && [ -s "$WORK/overlays/side-overlay.jpg" ] ||
	fail "--overlay: front-overlay.jpg and side-overlay.jpg expected in $WORK/overlays"

# with a camera file (the generator's pinhole: its focal length, no
# distortion): undistorted, distance from the marker's pose, and it says so
pinhole_camera "$d" >"$WORK/camera.yml"
run "$PHOTO" "$d/front.jpg" "$d/side.jpg" --from "$(truth_num "$d" from_cm)" --to "$(truth_num "$d" to_cm)" \
	--camera "$WORK/camera.yml" --format json
expect_status 0 "--camera"
expect_rel "$(json_num volume_ml)" "$(truth_num "$d" volume_ml)" 0.02 "--camera: volume"
expect_out "undistorted with the camera file" "--camera: the output says so"
pinhole_camera "$d" 1600 >"$WORK/camera-other.yml"
run "$PHOTO" "$d/front.jpg" --camera "$WORK/camera-other.yml"
expect_status 65 "--camera for another image size"
expect_err "but the camera file is for 1600x600 images" "--camera for another image size"
expect_empty_out "--camera for another image size"
run "$PHOTO" "$d/front.jpg" --camera "$WORK/none.yml"
expect_status 66 "--camera missing"

# --help and --summary
run "$PHOTO" --summary
expect_status 0 "--summary"
checks=$((checks + 1))
[ "$(wc -l <"$tmp/out")" -eq 1 ] || fail "--summary: one line expected"
run "$PHOTO" --help
expect_out "The protocol" "--help shows the protocol"
finish
