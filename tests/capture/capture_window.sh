#!/bin/bash
# limbvol capture's preview window under Xvfb: the window opens and shows
# the overlays (a screenshot checked for their colours, the bars' text
# inside the frame), space takes the views from a video source, r drops the
# last view, q and Escape quit without writing; no display: a clear refusal.
# Skipped (exit 77, "SKIP: ...") only where Xvfb cannot start.
CAPTURE=$1 GEN=$2 MKVIDEO=$3 WORK=$4
here=$(dirname "$0")
. "$here/../lib.sh"
. "$here/common.sh"
arm_video T-02 post 31 --still 40 --leave 0 || exit 1
# without a display: refused before the window toolkit could end the process
(unset DISPLAY WAYLAND_DISPLAY; run "$CAPTURE" --source "$WORK/arm.avi" --out "$WORK/nodisplay" \
	"${ID[@]}"; echo "$status" >"$tmp/status"; cp "$tmp/err" "$tmp/err.nodisplay")
status=$(cat "$tmp/status")
cp "$tmp/err.nodisplay" "$tmp/err"
expect_status 74 "no display"
expect_err "use --headless" "no display: the message names --headless"

for tool in Xvfb xdotool xwd xwdtopnm; do
	if ! command -v $tool >/dev/null; then
		echo "SKIP: $tool is not installed (scripts/install-deps.sh installs it)"
		exit 77
	fi
done
for n in $(seq 90 120); do
	[ -e /tmp/.X11-unix/X$n ] || [ -e /tmp/.X$n-lock ] || break
done
Xvfb :$n -screen 0 1280x1024x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 1 50); do [ -e /tmp/.X11-unix/X$n ] && break; sleep 0.1; done
if [ ! -e /tmp/.X11-unix/X$n ]; then
	echo "SKIP: Xvfb could not start: $(head -c 300 "$WORK/xvfb.log")"
	exit 77
fi
export DISPLAY=:$n XDG_RUNTIME_DIR=$WORK/xdg
mkdir -m 700 -p "$XDG_RUNTIME_DIR"

# wait_for TEXT SECONDS: until the session's stderr says TEXT
wait_for() {
	for _ in $(seq 1 $(($2 * 10))); do grep -qF -- "$1" "$tmp/err" && return 0; sleep 0.1; done
	return 1
}
window() { xdotool search --sync --name "limbvol capture" 2>/dev/null | head -n 1; }
press() { xdotool windowfocus --sync "$1" key "$2" 2>/dev/null; }
# ended: wait up to 10 s for the session ($pid) to end; its exit in $status
ended() {
	for _ in $(seq 1 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
	kill $pid 2>/dev/null
	wait $pid
	status=$?
}

# 1. the overlays on screen, space twice (front, then side at the video's end)
"$CAPTURE" --source "$WORK/arm.avi" --out "$WORK/out" "${ID[@]}" --from 0 --to 40 --format json \
	>"$tmp/out" 2>"$tmp/err" &
pid=$!
wid=$(timeout 20 bash -c "$(declare -f window); window")
checks=$((checks + 1))
[ -n "$wid" ] || fail "the preview window opens"
wait_for "ready: press space for the front view" 30 ||
	fail "the front view becomes ready: $(cat "$tmp/err")"
sleep 0.3
xwd -id "$wid" -silent -display "$DISPLAY" | xwdtopnm >"$WORK/shot.ppm" 2>/dev/null
# space while the front view is still on screen (the turn begins 3 s after
# "ready"); the screenshot is looked at afterwards
press "$wid" space
# outline green, marker red, axis yellow, sites cyan, the guidance line green (ready)
for c in 00ff40 ff2020 ffe000 20e0ff 40ff40; do
	n=$("$MKVIDEO" colours "$WORK/shot.ppm" $c | awk '{ print $2 }')
	checks=$((checks + 1))
	[ "${n:-0}" -ge 40 ] || fail "the screenshot shows the overlay colour $c: $n pixels"
done
# the bars' text (green, amber, red) stays inside the 800 px wide frame: none
# in its last 4 columns, top and bottom (the keys' line is the longest)
for box in -4,0,4,24 -4,-24,4,24; do
	n=$("$MKVIDEO" colours "$WORK/shot.ppm" --box $box 40ff40 ffc000 ff6040 |
		awk '{ n += $2 } END { print n + 0 }')
	checks=$((checks + 1))
	[ "$n" -eq 0 ] || fail "the text of the bars runs off the frame: $n text pixels in $box"
done
wait_for "front view taken" 10 || fail "space takes the front view: $(cat "$tmp/err")"
wait_for "end of the video" 30 || fail "the video plays to its end: $(cat "$tmp/err")"
press "$wid" space
ended
expect_status 0 "two views taken with space"
expect_err "side view taken" "the side view"
expect_rel "$(json_num volume_ml)" "$(truth_num "$WORK/arm" volume_ml)" 0.02 "volume from the window session"
set=$(find "$WORK/out" -mindepth 1 -maxdepth 1 -type d | head -n 1)
checks=$((checks + 1))
[ -f "$set/manifest.txt" ] && [ -f "$set/front.png" ] && [ -f "$set/side.png" ] ||
	fail "the set is written: $(ls -R "$WORK/out")"

# quit_session KEY DIR RETAKE: a session that takes the front view (and with
# RETAKE r drops it again), then KEY quits it: exit 1, nothing in DIR
quit_session() {
	: >"$tmp/err" # not the last session's lines: the child redirects it later
	"$CAPTURE" --source "$WORK/arm.avi" --out "$WORK/$2" "${ID[@]}" >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	wid=$(timeout 20 bash -c "$(declare -f window); window")
	wait_for "ready: press space for the front view" 30 || fail "$1: not ready: $(cat "$tmp/err")"
	press "$wid" space
	wait_for "front view taken" 10 || fail "$1: space: $(cat "$tmp/err")"
	if [ "$3" = r ]; then
		press "$wid" r
		wait_for "front view dropped: take it again" 10 ||
			fail "r drops the front view: $(cat "$tmp/err")"
	fi
	press "$wid" "$1"
	ended
	expect_status 1 "$1 quits"
	expect_err "quit: no photo set written" "$1 says nothing was written"
	checks=$((checks + 1))
	[ ! -e "$WORK/$2" ] || [ -z "$(ls -A "$WORK/$2")" ] || fail "$1 leaves nothing: $(ls -A "$WORK/$2")"
}
# 2. q quits without writing; 3. r drops the view taken, Escape quits
quit_session q quit -
quit_session Escape esc r
finish
