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

# no marker: another dictionary, another id
gen "$WORK/dict" --dict 6x6_50 && refused "no marker" "no marker found" "$WORK/dict/front.jpg"
gen "$WORK/id" --marker 7:80 && refused "wrong marker id" "no marker with id 0 (found id 7)" \
	"$WORK/id/front.jpg"
run "$PHOTO" "$WORK/id/front.jpg" --marker 7:80
expect_status 0 "--marker 7:80 finds marker 7"

# marker too small to measure (found, but under 60 px)
gen "$WORK/small" --marker 0:45 && refused "marker too small" "marker too small to measure" \
	"$WORK/small/front.jpg"

# the limb cut off at both ends: its distal part stretched to the left edge
"$EDIT" stretch "$WORK/ok/front.jpg" "$WORK/cut.png" $((lx + 20)) $((ly - 25)) $((ly + 25)) &&
	refused "limb cut off at both ends" "cut off at both ends" "$WORK/cut.png"

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

# front and side views whose limbs do not agree (ends 6 cm apart)
gen "$WORK/short" --tip -12 --marker-side above &&
	refused "front and side do not agree" "front and side views do not agree" \
		"$WORK/ok/front.jpg" "$WORK/short/side.jpg"

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
