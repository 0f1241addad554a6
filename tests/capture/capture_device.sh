#!/bin/bash
# limbvol capture from a camera (--device), with fakecam.c in place of
# OpenCV's V4L2 capture: a camera serving a generated session (the limb
# arriving, still, turning, still, leaving, with sensor noise) gives the
# set of the generator's volume; a camera unplugged in the middle of the
# capture (it stops sending frames after the front view) ends it with its
# message and exit 74, nothing written.
FAKECAM=$1 GEN=$2 MKVIDEO=$3 WORK=$4
here=$(dirname "$0")
. "$here/../lib.sh"
. "$here/common.sh"
arm_video T-03 pre 21 --noise 6 --seed 4 || exit 1
truth=$(truth_num "$WORK/arm" volume_ml)
mkdir -p "$WORK/cam"
# 6 frames arriving, 14 still (front), 6 turning, 14 still (side), 5 leaving
"$MKVIDEO" "$WORK/cam/%03d.png" "$WORK/arm/front.jpg" "$WORK/arm/side.jpg" --noise 6 --seed 5 ||
	fail "mkvideo sequence"

# 1. the whole session from the camera
run "$FAKECAM" --device "$WORK/cam/%03d.png" --out "$WORK/out" "${ID[@]}" --from 0 --to 40 \
	--headless --still-frames 8 --format json
expect_status 0 "headless capture from a camera"
expect_err "side view taken" "both views from the camera"
expect_rel "$(json_num volume_ml)" "$truth" 0.02 "camera capture: volume vs the truth"
checks=$((checks + 1))
[ -f "$WORK/out/T-03-left-arm-2026-03-02-pre/manifest.txt" ] || fail "the set: $(ls -R "$WORK/out")"

# 2. unplugged after the front view (frame 30 of 45, in the side's stillness)
mkdir -p "$WORK/cut"
for i in $(seq 0 29); do cp "$(printf "$WORK/cam/%03d.png" "$i")" "$WORK/cut/"; done
run "$FAKECAM" --device "$WORK/cut/%03d.png" --out "$WORK/f1" "${ID[@]}" --from 0 --to 40 \
	--headless --still-frames 8
expect_status 74 "a camera unplugged mid-capture"
expect_err "front view taken" "the front view was taken before"
expect_err "stopped sending frames after 30 (unplugged?)" "the message says what happened"
expect_empty_out "unplugged"
checks=$((checks + 1))
[ ! -e "$WORK/f1" ] || [ -z "$(ls -A "$WORK/f1")" ] || fail "unplugged: nothing written: $(ls -A "$WORK/f1")"

# 3. unplugged before any view: the same
run "$FAKECAM" --device "$WORK/cut/%03d.png" --out "$WORK/f2" "${ID[@]}" --headless \
	--still-frames 40
expect_status 74 "unplugged before the front view"
expect_err "unplugged" "unplugged before the front view: the message"
checks=$((checks + 1))
[ ! -e "$WORK/f2" ] || [ -z "$(ls -A "$WORK/f2")" ] || fail "unplugged early: nothing written"
finish
