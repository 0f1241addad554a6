#!/bin/bash
# limbvol capture's guidance for each thing that stops a measurement, in
# the words of limbvol-capture(1): one-frame image sequences of generated
# photos (limbvol-gen, edited by imgedit as photo_failures.sh edits them).
# Headless, the session ends with its only frame (exit 65, nothing written)
# and names the guidance it gave last.
CAPTURE=$1 GEN=$2 EDIT=$3 WORK=$4
here=$(dirname "$0")
. "$here/../lib.sh"
. "$here/common.sh"
rm -rf "$WORK"
mkdir -p "$WORK"
ID=(--patient T-04 --limb left-arm --phase pre --date 2026-03-02)

# guided WHAT GUIDANCE IMAGE OPTIONS...: IMAGE as the one frame gives GUIDANCE
guided() {
	what=$1 msg=$2 img=$3
	shift 3
	rm -rf "$WORK/seq" "$WORK/out"
	mkdir -p "$WORK/seq"
	cp "$img" "$WORK/seq/000.${img##*.}"
	run "$CAPTURE" --source "$WORK/seq/%03d.${img##*.}" --out "$WORK/out" "${ID[@]}" --headless \
		"$@"
	expect_status 65 "$what"
	expect_err "before the front view was taken (last: $msg" "$what"
	checks=$((checks + 1))
	[ ! -e "$WORK/out" ] || [ -z "$(ls -A "$WORK/out")" ] || fail "$what: nothing written"
}

gen "$WORK/ok" --marker-side above || exit 1
lx=$(grep -o '"landmark_px": \[[0-9.]*' "$WORK/ok/truth.json" | sed 's/.*\[//')
ly=$(grep -o '"landmark_px": \[[0-9.]*, [0-9.]*' "$WORK/ok/truth.json" | sed 's/.*, //')
lx=${lx%.*} ly=${ly%.*}

guided "a measurable frame, but one alone" "hold still" "$WORK/ok/front.jpg"
gen "$WORK/dict" --dict 6x6_50 &&
	guided "no marker" "marker not found: show the whole card" "$WORK/dict/front.jpg"
gen "$WORK/small" --marker 0:45 &&
	guided "marker too small" "marker too small: move the camera closer" "$WORK/small/front.jpg"
gen "$WORK/right" --marker-side above --landmark-at 0.62,0.45 &&
	"$EDIT" cutmargin "$WORK/right/front.jpg" "$WORK/margin.png" 0.5 &&
	guided "the card's margin cut by the frame" \
		"marker touches the edge: move the card into the frame" "$WORK/margin.png"
"$EDIT" stretch "$WORK/ok/front.jpg" "$WORK/cut.png" $((lx + 20)) $((ly - 25)) $((ly + 25)) &&
	guided "the limb crossing both frame edges" "limb touches both edges: step back" \
		"$WORK/cut.png"
# --proximal against the photo is not a limb too long for the frame: the
# pipeline's own words
guided "--proximal against the photo" \
	"the limb leaves the frame at one end only, the opposite of the proximal direction given" \
	"$WORK/ok/front.jpg" --proximal left
guided "a range longer than the frame shows" "the range 0.0 to 80.0 cm is not whole in the frame" \
	"$WORK/ok/front.jpg" --from 0 --to 80
"$EDIT" copyrows "$WORK/ok/front.jpg" "$WORK/blobs.png" $((ly - 60)) $((ly + 60)) 170 &&
	guided "two separate blobs" "two separate blobs" "$WORK/blobs.png"
finish
