# common.sh - helpers of the capture tests (sourced after ../lib.sh).

# gen DIR OPTIONS...: render a set with limbvol-gen (small images, fast)
gen() {
	d=$1
	shift
	rm -rf "$d"
	"$GEN" --out "$d" --size 800x600 "$@" >"$d.gen.log" 2>&1 ||
		{ fail "limbvol-gen $* failed: $(cat "$d.gen.log")"; return 1; }
}

# truth_num DIR KEY: the first number after "KEY": in DIR/truth.json
truth_num() { grep -o "\"$2\": *-\?[0-9.]*" "$1/truth.json" | head -n 1 | sed 's/.*: *//'; }

# truth_list DIR KEY, out_list KEY: every number after "KEY": (one a line)
truth_list() { grep -o "\"$2\": *-\?[0-9.]*" "$1/truth.json" | sed 's/.*: *//'; }
out_list() { grep -o "\"$1\": *-\?[0-9.]*" "$tmp/out" | sed 's/.*: *//'; }

# pinhole_camera SET [WIDTH]: a camera file of the generator's pinhole for
# the photos of SET (gen): its focal length and image size from
# SET/truth.json, the principal point at the centre, no distortion; stated
# for an image WIDTH px wide (default the photos'; another width is a camera
# file for other photos)
pinhole_camera() {
	local f w h
	f=$(truth_num "$1" focal_px)
	w=$(truth_num "$1" width_px)
	h=$(truth_num "$1" height_px)
	cat <<YML
%YAML:1.0
---
image_width: ${2:-$w}
image_height: $h
camera_matrix: !!opencv-matrix
   rows: 3
   cols: 3
   dt: d
   data: [ $f, 0., $(awk -v w="$w" 'BEGIN { print (w - 1) / 2 }'), 0., $f, $(awk -v h="$h" 'BEGIN { print (h - 1) / 2 }'), 0., 0., 1. ]
distortion_coefficients: !!opencv-matrix
   rows: 1
   cols: 5
   dt: d
   data: [ 0., 0., 0., 0., 0. ]
avg_reprojection_error: 0.2
YML
}

# expect_rel GOT WANT REL DESCRIPTION: |got - want| <= rel * |want|
expect_rel() {
	checks=$((checks + 1))
	awk -v g="$1" -v w="$2" -v r="$3" 'BEGIN { d = g - w; if (d < 0) d = -d; if (w < 0) w = -w;
		exit !(g != "" && d <= r * w) }' ||
		fail "$4: got '$1', expected $2 within $(awk -v r="$3" 'BEGIN { print r * 100 }') %"
}

# expect_lists_near A_FILE B_FILE TOL DESCRIPTION: same count, each pair within TOL
expect_lists_near() {
	checks=$((checks + 1))
	if [ "$(wc -l <"$1")" -ne "$(wc -l <"$2")" ] || [ ! -s "$1" ]; then
		fail "$4: $(wc -l <"$1") values expected, $(wc -l <"$2") found"
		return
	fi
	worst=$(paste "$1" "$2" | awk '{ d = $2 - $1; if (d < 0) d = -d; if (d > m) { m = d; at = NR } }
		END { printf "%.4f at %d", m, at }')
	awk -v w="${worst% at *}" -v t="$3" 'BEGIN { exit !(w <= t) }' ||
		fail "$4: largest difference $worst (site), tolerance $3"
}

# arm_video PATIENT PHASE SEED MKVIDEO-OPTIONS... (bash): the capture tests' start:
# a fresh $WORK; ID, the options naming the measurement (PATIENT's left arm,
# PHASE, 2026-03-02); $WORK/arm, a generated arm set of PATIENT from 0 to
# 40 cm (SEED), and its video $WORK/arm.avi (mkvideo with the options).
# 1 when either cannot be made.
arm_video() {
	rm -rf "$WORK"
	mkdir -p "$WORK"
	ID=(--patient "$1" --limb left-arm --phase "$2" --date 2026-03-02)
	gen "$WORK/arm" --seed "$3" --from 0 --to 40 --patient "$1" || return 1
	"$MKVIDEO" "$WORK/arm.avi" "$WORK/arm/front.jpg" "$WORK/arm/side.jpg" "${@:4}" ||
		{ fail "mkvideo"; return 1; }
}
