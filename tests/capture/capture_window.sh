#!/bin/bash
# limbvol capture's preview window under Xvfb: the window opens and shows
# the overlays (a screenshot checked for their colours, the bars' text
# inside the frame), space takes the views from a video source, r drops the
# last view, q and Escape quit without writing; no display: a clear refusal.
# Skipped (exit 77, "SKIP: ...") only where Xvfb cannot start.
# Nothing waits a fixed time: each step waits for what it needs (a line on
# stderr, the window mapped, the overlays on screen, the process's end) up to
# a generous limit, so that a loaded machine or the Asan build only makes it
# slower.  Xvfb picks its own free display (-displayfd): tests in parallel
# never share one.
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
# the display number Xvfb took, written to fd 3 once it accepts connections
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$WORK/xvfb.display" >"$WORK/xvfb.log" 2>&1 &
xvfb=$!
pid=
trap 'kill $pid $xvfb 2>/dev/null; rm -rf "$tmp"' EXIT
# (each session's stderr is emptied before it starts: the child opens it
# only later, and wait_for must not read the last session's lines)
end=$((SECONDS + 60))
while [ ! -s "$WORK/xvfb.display" ] && kill -0 $xvfb 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.1; done
n=$(tr -cd 0-9 <"$WORK/xvfb.display")
if [ -z "$n" ]; then
	echo "SKIP: Xvfb could not start: $(head -c 300 "$WORK/xvfb.log")"
	exit 77
fi
export DISPLAY=:$n XDG_RUNTIME_DIR=$WORK/xdg
mkdir -m 700 -p "$XDG_RUNTIME_DIR"

# wait_for TEXT: until the session's stderr says TEXT (up to 120 s, or
# until the session ends)
wait_for() {
	local end=$((SECONDS + 120))
	until grep -qF -- "$1" "$tmp/err"; do
		kill -0 $pid 2>/dev/null && [ $SECONDS -lt $end ] || return 1
		sleep 0.05
	done
}
# the ready line once the limb is still (not "hold still; ready: ...")
READY=": ready: press space for the front view"
# window: the session's window once it is mapped (up to 120 s)
window() {
	timeout 120 xdotool search --sync --onlyvisible --name "limbvol capture" 2>/dev/null | head -n 1
}
# press WINDOW KEY: the key to the window once it has the focus
press() {
	checks=$((checks + 1))
	timeout 30 xdotool windowfocus --sync "$1" key "$2" 2>/dev/null || fail "xdotool could not press $2"
}
# overlays: screenshots until every overlay colour shows in one (up to 60 s);
# the last one's counts in $WORK/colours
overlays() {
	local end=$((SECONDS + 60))
	while :; do
		xwd -id "$wid" -silent -display "$DISPLAY" | xwdtopnm >"$WORK/shot.ppm" 2>/dev/null
		"$MKVIDEO" colours "$WORK/shot.ppm" "$@" >"$WORK/colours" 2>&1
		awk '$2 >= 40 { n++ } END { exit n != '$#' }' "$WORK/colours" && return
		[ $SECONDS -lt $end ] || return
		sleep 0.2
	done
}
# ended: wait up to 120 s for the session ($pid) to end; its exit in $status
ended() {
	local end=$((SECONDS + 120))
	while kill -0 $pid 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.05; done
	kill -0 $pid 2>/dev/null && { fail "the session did not end within 120 s"; kill $pid; }
	wait $pid
	status=$?
	pid=
}

# 1. space twice (front, then side at the video's end); the overlays on
# screen at the end, where the last frame stays
: >"$tmp/err"
"$CAPTURE" --source "$WORK/arm.avi" --out "$WORK/out" "${ID[@]}" --from 0 --to 40 --format json \
	>"$tmp/out" 2>"$tmp/err" &
pid=$!
wid=$(window)
checks=$((checks + 1))
[ -n "$wid" ] || fail "the preview window opens"
wait_for "$READY" || fail "the front view becomes ready: $(cat "$tmp/err")"
# (at once: the still front view lasts 40 frames)
press "$wid" space
wait_for "front view taken" || fail "space takes the front view: $(cat "$tmp/err")"
wait_for "end of the video" || fail "the video plays to its end: $(cat "$tmp/err")"
# outline green, marker red, axis yellow, sites cyan, the guidance line green (ready)
overlays 00ff40 ff2020 ffe000 20e0ff 40ff40
while read -r c n; do
	checks=$((checks + 1))
	[ "${n:-0}" -ge 40 ] || fail "the screenshot shows the overlay colour $c: $n pixels"
done <"$WORK/colours"
checks=$((checks + 1))
[ "$(wc -l <"$WORK/colours")" -eq 5 ] || fail "the screenshot's colours: $(head -c 300 "$WORK/colours")"
# the bars' text (green, amber, red) stays inside the 800 px wide frame: none
# in its last 4 columns, top and bottom (the keys' line is the longest)
for box in -4,0,4,24 -4,-24,4,24; do
	n=$("$MKVIDEO" colours "$WORK/shot.ppm" --box $box 40ff40 ffc000 ff6040 |
		awk '{ n += $2 } END { print n + 0 }')
	checks=$((checks + 1))
	[ "$n" -eq 0 ] || fail "the text of the bars runs off the frame: $n text pixels in $box"
done
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
	wid=$(window)
	wait_for "$READY" || fail "$1: not ready: $(cat "$tmp/err")"
	press "$wid" space
	wait_for "front view taken" || fail "$1: space: $(cat "$tmp/err")"
	if [ "$3" = r ]; then
		press "$wid" r
		wait_for "front view dropped: take it again" ||
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
