#!/bin/bash
# limbvol photo on photos that cannot be measured: each case gives its own
# clear message, a data exit code (65), and nothing on stdout.
PHOTO=$1 GEN=$2 EDIT=$3 WORK=$4
here=$(dirname "$0")
. "$here/../lib.sh"
. "$here/common.sh"
mkdir -p "$WORK"

# refused NAME MESSAGE PHOTO...: exit 65 with MESSAGE, stdout empty
refused() {
	what=$1 msg=$2
	shift 2
	run "$PHOTO" "$@"
	expect_status 65 "$what"
	expect_err "$msg" "$what"
	expect_empty_out "$what"
}

gen "$WORK/ok" --marker-side above || exit 1
lx=$(grep -o '"landmark_px": \[[0-9.]*' "$WORK/ok/truth.json" | sed 's/.*\[//')
ly=$(grep -o '"landmark_px": \[[0-9.]*, [0-9.]*' "$WORK/ok/truth.json" | sed 's/.*, //')
lx=${lx%.*} ly=${ly%.*}

# a photo set's folder where its photos belong: exit 64, the two ways to say it
run "$PHOTO" "$WORK/ok"
expect_status 64 "a folder given as a photo"
expect_err "is a folder: give its photos (e.g. limbvol photo $WORK/ok/front.jpg $WORK/ok/side.jpg)" "a folder: the photos to give"
expect_err "limbvol batch $WORK/ok" "a folder: batch measures it"
expect_empty_out "a folder given as a photo"

# no marker: another dictionary, another id
gen "$WORK/dict" --dict 6x6_50 && refused "no marker" "no marker found" "$WORK/dict/front.jpg"
gen "$WORK/id" --marker 7:80 && refused "wrong marker id" "no marker with id 0 (found id 7)" \
	"$WORK/id/front.jpg"
run "$PHOTO" "$WORK/id/front.jpg" --marker 7:80
expect_status 0 "--marker 7:80 finds marker 7"

# marker too small to measure (found, but under 60 px)
gen "$WORK/small" --marker 0:45 && refused "marker too small" "marker too small to measure" \
	"$WORK/small/front.jpg"

# a marker that cannot give a trustworthy scale (issue 9: a card whose margin
# the frame cut gave +26.8 % with exit 0): the frame through its white margin,
# through its black square, two unreadable cells, a card not printed square
gen "$WORK/right" --marker-side above --landmark-at 0.62,0.45 || exit 1
"$EDIT" cutmargin "$WORK/right/front.jpg" "$WORK/margin.png" 0.5 &&
	refused "white margin cut by the frame" "the marker's white margin touches or leaves the frame" \
		"$WORK/margin.png"
"$EDIT" cutmargin "$WORK/right/front.jpg" "$WORK/square.png" -0.1 &&
	refused "black square cut by the frame" "no marker found" "$WORK/square.png"
"$EDIT" cell "$WORK/right/front.jpg" "$WORK/cell1.png" 2 3 128 &&
	"$EDIT" cell "$WORK/cell1.png" "$WORK/cells.png" 4 4 128 &&
	refused "two grey cells" "the marker's cells decode poorly" "$WORK/cells.png"
"$EDIT" widen "$WORK/right/front.jpg" "$WORK/wide.png" 12 &&
	refused "a card 12 % wider than high" "four corners do not fit a square seen at a plausible pose" \
		"$WORK/wide.png"
"$EDIT" cutmargin "$WORK/right/front.jpg" "$WORK/margin2.png" 2 &&
	run "$PHOTO" "$WORK/margin2.png" --from 0 --to 4
expect_status 0 "a margin of two cells left inside the frame is enough"

# two separate blobs: the limb's band of rows copied lower
"$EDIT" copyrows "$WORK/ok/front.jpg" "$WORK/blobs.png" $((ly - 60)) $((ly + 60)) 170 &&
	refused "two separate blobs" "two separate blobs" "$WORK/blobs.png"

# unreadable and truncated images
printf 'not an image\n' >"$WORK/text.jpg"
refused "not an image" "is not an image that can be decoded" "$WORK/text.jpg"
head -c 30000 "$WORK/ok/front.jpg" >"$WORK/truncated.jpg"
refused "truncated JPEG" "is truncated" "$WORK/truncated.jpg"
run "$PHOTO" "$WORK/missing.jpg"
expect_status 66 "missing photo"
expect_err "cannot read $WORK/missing.jpg" "missing photo"

# front and side views that do not agree: the card 5 cm further along the
# limb in the side photo (its profile lines up 5 cm away); but a limb whose
# end lies elsewhere in the side view (a foot, a hand, a rounded end) agrees
gen "$WORK/moved" --marker-axial 5 --marker-side above &&
	refused "front and side do not agree" "front and side views do not agree" \
		"$WORK/ok/front.jpg" "$WORK/moved/side.jpg"
gen "$WORK/short" --tip -12 --marker-side above &&
	run "$PHOTO" "$WORK/ok/front.jpg" "$WORK/short/side.jpg" --from 0 --to 20
expect_status 0 "the limb's end elsewhere in the side view: not a disagreement"

# the limb crossing the frame at both ends (its distal part stretched to the
# left edge): measured when --proximal says which end is proximal, refused
# with a message naming the option when it does not, and --proximal against
# the photo refused
"$EDIT" stretch "$WORK/ok/front.jpg" "$WORK/cut.png" $((lx + 20)) $((ly - 25)) $((ly + 25)) &&
	refused "limb crossing both frame edges" "say it with --proximal up|down|left|right" "$WORK/cut.png"
run "$PHOTO" "$WORK/cut.png" --proximal right --from 4 --to 20 --format json
expect_status 0 "both frame edges, --proximal right"
v_cut=$(json_num volume_ml)
run "$PHOTO" "$WORK/ok/front.jpg" --from 4 --to 20 --format json
expect_rel "$v_cut" "$(json_num volume_ml)" 0.005 "both frame edges, --proximal right: the same volume"
refused "--proximal against the photo" "the opposite of the proximal direction given" \
	"$WORK/ok/front.jpg" --proximal left
run "$PHOTO" "$WORK/ok/front.jpg" --proximal north
expect_status 64 "bad --proximal"
expect_err "option --proximal: expected up, down, left or right" "bad --proximal"

# a marker size typed wrong (a card printed at 80 mm given as 0:50): with the
# focal length and the focus distance in the photo's EXIF (written here: the
# generator's 55-degree lens on 800 x 600 is 33 mm equivalent, the camera
# 80 cm from the card's plane) the marker puts the camera at 5/8 of the
# focus distance: a warning on stderr, the measurement still made; with the
# right size, no warning
"$EDIT" exif "$WORK/ok/front.jpg" "$WORK/exif.jpg" 33 0.8 || fail "imgedit exif failed"
run "$PHOTO" "$WORK/exif.jpg" --from 0 --to 12 --marker 0:50
expect_status 0 "marker size typed wrong: measured"
expect_err "the marker puts the camera 50 cm from it, the camera's focus 80 cm" \
	"marker size typed wrong: warned"
run "$PHOTO" "$WORK/exif.jpg" --from 0 --to 20 --format json
expect_status 0 "EXIF focal length and focus"
checks=$((checks + 1))
grep -q "warning" "$tmp/err" && fail "the right marker size: no warning expected ($(cat "$tmp/err"))"
expect_out "focal length from EXIF" "EXIF: the note says where the focal length came from"

# a background the colour of skin
gen "$WORK/skin" --background 140,160,200 && refused "no contrast" "no limb found" "$WORK/skin/front.jpg"

# a range outside what was measured
refused "range outside the photos" "is not inside what both photos measure" \
	"$WORK/ok/front.jpg" "$WORK/ok/side.jpg" --from 0 --to 150

# usage errors: 64, the option named
usage() {
	what=$1 msg=$2
	shift 2
	run "$PHOTO" "$@"
	expect_status 64 "$what"
	expect_err "$msg" "$what"
	expect_empty_out "$what"
}
f=$WORK/ok/front.jpg
usage "no photo" "expected a front photo"
usage "three photos" "at most two photos" "$f" "$f" "$f"
usage "bad marker" "option --marker" "$f" --marker 0:abc
usage "marker without size" "expected ID:SIZE_MM" "$f" --marker 3
usage "marker id beyond the dictionary" "is not in dictionary 4x4_50" "$f" --marker 60:80
usage "unknown dictionary" "unknown marker dictionary" "$f" --dict 9x9_9
usage "bad format" "option --format" "$f" --format xml
usage "bad step" "option --step" "$f" --step 0
usage "bad number" "option --from" "$f" --from 1x
usage "to before from" "--to must be greater than --from" "$f" --from 10 --to 5
usage "unknown option" "unknown option '--colour'" "$f" --colour red
usage "missing value" "option --to needs a value" "$f" --to
finish
