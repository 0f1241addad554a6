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

# pinhole_camera FOCAL_PX WIDTH HEIGHT [CX CY]: a camera file (OpenCV's YAML)
# of limbvol-gen's pinhole: that focal length, no distortion, the principal
# point at the image's centre unless given
pinhole_camera() {
	cx=${4:-$(awk -v w="$2" 'BEGIN { print (w - 1) / 2 }')}
	cy=${5:-$(awk -v h="$3" 'BEGIN { print (h - 1) / 2 }')}
	cat <<YML
%YAML:1.0
---
image_width: $2
image_height: $3
camera_matrix: !!opencv-matrix
   rows: 3
   cols: 3
   dt: d
   data: [ $1, 0., $cx, 0., $1, $cy, 0., 0., 1. ]
distortion_coefficients: !!opencv-matrix
   rows: 1
   cols: 5
   dt: d
   data: [ 0., 0., 0., 0., 0. ]
avg_reprojection_error: 0.2
YML
}
