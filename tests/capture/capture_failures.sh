#!/bin/bash
# limbvol capture's refusals, each with its message and exit code and
# nothing written: no camera at the device, a truncated, empty or
# undecodable video, a video ending before the side view, a sensor's noise
# not taken for movement, no marker within --timeout, a marker of another
# id, Ctrl-C in the middle (and after the set is written, while the store is
# locked).  A camera unplugged mid-capture: capture_device.sh.
CAPTURE=$1 GEN=$2 MKVIDEO=$3 WORK=$4
here=$(dirname "$0")
. "$here/../lib.sh"
. "$here/common.sh"
arm_video T-01 pre 21 --noise 6 --seed 1 || exit 1

# ---- failures: a message, an exit code, nothing written ----
nothing_in() {
	checks=$((checks + 1))
	[ ! -e "$1" ] || [ -z "$(ls -A "$1")" ] || fail "$2: nothing may be written: $(ls -A "$1")"
}
run "$CAPTURE" --device /dev/video99 --out "$WORK/f1" "${ID[@]}" --headless
expect_status 66 "no camera at the device"
expect_err "no camera at /dev/video99" "names the device"
expect_empty_out "no camera"
nothing_in "$WORK/f1" "no camera"
run "$CAPTURE" --device 98 --out "$WORK/f1" "${ID[@]}" --headless
expect_status 66 "--device N is /dev/videoN"
expect_err "/dev/video98" "--device 98"

run "$CAPTURE" --device /dev/null --out "$WORK/f1" "${ID[@]}" --headless
expect_status 74 "a device node that is not a camera"
expect_err "cannot open the camera at /dev/null" "names the device"
nothing_in "$WORK/f1" "not a camera"

size=$(stat -c %s "$WORK/arm.avi")
head -c $((size * 55 / 100)) "$WORK/arm.avi" >"$WORK/truncated.avi"
run "$CAPTURE" --source "$WORK/truncated.avi" --out "$WORK/f2" "${ID[@]}" --headless --still-frames 8
expect_status 65 "a truncated video"
checks=$((checks + 1))
grep -qE "truncated|damaged|not a video" "$tmp/err" || fail "truncated video: $(cat "$tmp/err")"
expect_empty_out "truncated video"
nothing_in "$WORK/f2" "truncated video"
# only limbvol's own lines: the decoder's log (FFmpeg's "[mjpeg @ 0x...] ...") is silenced
checks=$((checks + 1))
[ -z "$(grep -v '^limbvol capture: ' "$tmp/err")" ] ||
	fail "truncated video: a line not of limbvol capture on stderr: $(grep -v '^limbvol capture: ' "$tmp/err" | head -n 2)"

: >"$WORK/empty.avi"
run "$CAPTURE" --source "$WORK/empty.avi" --out "$WORK/f3" "${ID[@]}" --headless
expect_status 65 "an empty video"
expect_err "is empty" "an empty video is named"
printf 'not a video\n' >"$WORK/text.avi"
run "$CAPTURE" --source "$WORK/text.avi" --out "$WORK/f3" "${ID[@]}" --headless
expect_status 65 "a file that is not a video"
expect_err "not a video" "undecodable video"
run "$CAPTURE" --source "$WORK/missing.avi" --out "$WORK/f3" "${ID[@]}" --headless
expect_status 66 "a missing video"
nothing_in "$WORK/f3" "bad videos"

"$MKVIDEO" "$WORK/front-only.avi" "$WORK/arm/front.jpg" "$WORK/arm/side.jpg" --only-front ||
	fail "mkvideo --only-front"
run "$CAPTURE" --source "$WORK/front-only.avi" --out "$WORK/f4" "${ID[@]}" --headless \
	--still-frames 8
expect_status 65 "a video that ends before the side view"
expect_err "before the side view" "says which view is missing"
nothing_in "$WORK/f4" "video ending early"

# a sensor's noise is not movement: the front view under a strong noise (a sum
# of two uniforms of +-16 grey levels: sd 6.5) is still taken, and the noise
# is never taken for the turn
"$MKVIDEO" "$WORK/noisy.avi" "$WORK/arm/front.jpg" "$WORK/arm/side.jpg" --only-front --noise 16 \
	--still 30 --seed 7 || fail "mkvideo --noise 16"
run "$CAPTURE" --source "$WORK/noisy.avi" --out "$WORK/f4" "${ID[@]}" --headless --still-frames 8
expect_status 65 "a noisy front view, no turn"
expect_err "front view taken" "noise: the image is still all the same"
expect_err "no turn was seen after the front view" "noise is not movement"
nothing_in "$WORK/f4" "noisy video"

"$MKVIDEO" "$WORK/no-marker.avi" "$WORK/arm/front.jpg" "$WORK/arm/side.jpg" --no-marker ||
	fail "mkvideo --no-marker"
run "$CAPTURE" --source "$WORK/no-marker.avi" --out "$WORK/f5" "${ID[@]}" --headless --timeout 1.5
expect_status 65 "no marker within --timeout"
expect_err "no marker with id 0 seen for 1.5 s" "the timeout's message"
nothing_in "$WORK/f5" "no marker"

gen "$WORK/arm3" --seed 21 --from 0 --to 40 --marker 3:80 || exit 1
"$MKVIDEO" "$WORK/id3.avi" "$WORK/arm3/front.jpg" "$WORK/arm3/side.jpg" || fail "mkvideo id 3"
run "$CAPTURE" --source "$WORK/id3.avi" --out "$WORK/f6" "${ID[@]}" --headless --still-frames 8
expect_status 65 "a marker of another id"
expect_err "marker id 3 found, id 0 expected" "names both ids"
nothing_in "$WORK/f6" "other marker"
run "$CAPTURE" --source "$WORK/id3.avi" --out "$WORK/f6" "${ID[@]}" --headless --still-frames 8 \
	--marker 3:80 --format json --from 0 --to 40
expect_status 0 "the same video with --marker 3:80"
expect_rel "$(json_num volume_ml)" "$(truth_num "$WORK/arm3" volume_ml)" 0.02 "marker 3 volume"

# Ctrl-C in the middle: exit 130, no set, no temporary folder (a sequence of
# one still front view: the front view is taken, then the turn never comes)
mkdir -p "$WORK/still"
for i in $(seq -w 0 399); do ln -s "$WORK/arm/front.jpg" "$WORK/still/$i.jpg"; done
mkdir -p "$WORK/f7"
# (emptied first: the redirection below happens in the child, later, and the
# last run's "front view taken" would send the signal before the handler is set)
: >"$tmp/err"
"$CAPTURE" --source "$WORK/still/%03d.jpg" --out "$WORK/f7" "${ID[@]}" --headless --still-frames 8 \
	>"$tmp/out" 2>"$tmp/err" &
pid=$!
# (the signal only once the front view is taken: before its handler is set,
# a background job ignores SIGINT)
for _ in $(seq 1 600); do grep -q "front view taken" "$tmp/err" && break; sleep 0.1; done
kill -INT $pid
wait $pid
status=$?
expect_status 130 "Ctrl-C"
expect_err "interrupted: no photo set written" "Ctrl-C says nothing was written"
nothing_in "$WORK/f7" "Ctrl-C"

# Ctrl-C once the set is written, while its record waits for a store that
# another program holds locked (sqlite3: BEGIN IMMEDIATE): the set is whole,
# Ctrl-C no longer undoes it, and it is recorded when the lock goes; the
# session must not say "no photo set written" of a set it wrote
run "$CAPTURE" --source "$WORK/arm.avi" --out "$WORK/f9" "${ID[@]}" --headless --still-frames 8 \
	--db "$WORK/busy.db"
expect_status 0 "a first capture makes the store"
rm -rf "$WORK/f9"
sqlite3 "$WORK/busy.db" 'BEGIN IMMEDIATE;' '.shell sleep 20' >/dev/null 2>&1 &
holder=$!
: >"$tmp/err"
"$CAPTURE" --source "$WORK/arm.avi" --out "$WORK/f9" "${ID[@]}" --date 2026-03-03 --headless \
	--still-frames 8 --db "$WORK/busy.db" >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 1 600); do grep -q "photo set written to" "$tmp/err" && break; sleep 0.1; done
sleep 0.3
kill -INT $pid
sleep 0.3
kill $holder
wait $pid
status=$?
wait $holder 2>/dev/null
expect_status 0 "Ctrl-C after the set was written"
checks=$((checks + 1))
! grep -q "no photo set written" "$tmp/err" || fail "a written set said unwritten: $(cat "$tmp/err")"
checks=$((checks + 1))
[ -f "$(find "$WORK/f9" -mindepth 2 -name manifest.txt | head -n 1)" ] || fail "the set stays whole"
checks=$((checks + 1))
[ "$(sqlite3 "$WORK/busy.db" 'SELECT count(*) FROM measurement')" = 2 ] ||
	fail "the set is recorded once the lock is gone: $(sqlite3 "$WORK/busy.db" 'SELECT count(*) FROM measurement')"

finish
