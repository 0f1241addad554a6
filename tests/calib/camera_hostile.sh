#!/bin/bash
# Hostile camera files (issue 14), through `limbvol calib show` and
# `limbvol photo --camera`: nesting a few hundred thousand levels deep in
# each format (OpenCV's parser crashed), a matrix declared 100000x100000 (an
# 80 GB allocation), empty or mis-sized matrices, parse errors, a FIFO, NUL
# bytes.  Each is refused with exit 65, in bounded time, by a message that
# names file:line and what was expected.  Good files in the three formats
# still read.  usage: camera_hostile.sh BIN_DIR WORK
BIN=$1 WORK=$2
here=$(dirname "$0")
. "$here/../lib.sh"
CAL=$BIN/limbvol-calib PHOTO=$BIN/limbvol-photo
case $WORK in */*/*) ;; *) echo "refusing the work folder '$WORK'" >&2; exit 2 ;; esac
rm -rf "$WORK"
mkdir -p "$WORK"
W=$WORK

# refused FILE MESSAGE WHAT: calib show exits 65 within 30 s saying MESSAGE
refused() {
	timeout 30 "$CAL" show "$1" >"$tmp/out" 2>"$tmp/err"
	status=$?
	[ "$status" -ne 124 ] || fail "$3: calib show did not finish within 30 s"
	expect_status 65 "$3"
	expect_err "$2" "$3"
	expect_empty_out "$3"
}
# reps N TEXT: TEXT N times
reps() { awk -v n="$1" -v t="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", t }'; }

head='%YAML:1.0
---
image_width: 640
image_height: 480'
K='camera_matrix: !!opencv-matrix
   rows: 3
   cols: 3
   dt: d
   data: [ 500., 0., 320., 0., 500., 240., 0., 0., 1. ]'
D='distortion_coefficients: !!opencv-matrix
   rows: 5
   cols: 1
   dt: d
   data: [ -0.1, 0.01, 0., 0., 0. ]'

# ---- nesting ----
{ echo "$head"; printf 'board: '; reps 300000 '['; echo; } >"$W/deep-flow.yml"
refused "$W/deep-flow.yml" "deep-flow.yml:5: not a camera file: nested deeper than 32 levels" "YAML [ x 300000"
{ echo "$head"; printf 'board:\n'; reps 250000 '- '; echo 1; } >"$W/deep-items.yml"
refused "$W/deep-items.yml" "deep-items.yml:6: not a camera file: nested deeper than 32 levels" "YAML '- ' x 250000"
{ printf '{\n "image_width": 640,\n "board": '; reps 300000 '['; echo; } >"$W/deep.json"
refused "$W/deep.json" "deep.json:3: not a camera file: nested deeper than 32 levels" "JSON [ x 300000"
{ printf '{\n "image_width": 640,\n "board": '; reps 150000 '{"a":'; echo; } >"$W/deep-obj.json"
refused "$W/deep-obj.json" "deep-obj.json:3: not a camera file: nested deeper than 32 levels" "JSON {\"a\": x 150000"
{ printf '<?xml version="1.0"?>\n<opencv_storage>\n'; reps 200000 '<a>'; echo; } >"$W/deep.xml"
refused "$W/deep.xml" "deep.xml:3: not a camera file: nested deeper than 32 levels" "XML <a> x 200000"

# ---- sizes ----
printf '%s\ncamera_matrix: !!opencv-matrix\n   rows: 100000\n   cols: 100000\n   dt: d\n   data: [ 1. ]\n%s\n' \
	"$head" "$D" >"$W/huge.yml"
refused "$W/huge.yml" "huge.yml:5: not a camera file: camera_matrix is declared 100000x100000 (at most 9 values expected): expected a 3x3 matrix of numbers" \
	"a matrix declared 100000x100000"
printf '%s\n%s\ndistortion_coefficients: []\n' "$head" "$K" >"$W/empty-dist.yml"
refused "$W/empty-dist.yml" "empty-dist.yml:10: not a camera file: distortion_coefficients is empty: expected a list of 4, 5, 8, 12 or 14 numbers" \
	"distortion_coefficients: []"
printf '%s\ncamera_matrix: !!opencv-matrix\n   rows: 2\n   cols: 2\n   dt: d\n   data: [ 1., 0., 0., 1. ]\n%s\n' \
	"$head" "$D" >"$W/2x2.yml"
refused "$W/2x2.yml" "2x2.yml:5: not a camera file: camera_matrix is not 3x3 (it is 2x2)" "a 2x2 camera matrix"
printf '%s\ncamera_matrix: !!opencv-matrix\n   rows: 3\n   cols: 3\n   dt: d\n   data: [ 1., 0. ]\n%s\n' \
	"$head" "$D" >"$W/short.yml"
refused "$W/short.yml" "short.yml:5: not a camera file: camera_matrix declares 3x3 but its data holds 2 values" \
	"a matrix with too few values"
printf '%s\n%s\ndistortion_coefficients: [ 0.1, 0.2, 0.3 ]\n' "$head" "$K" >"$W/three.yml"
refused "$W/three.yml" "three.yml:10: not a camera file: distortion_coefficients is not a list of 4, 5, 8, 12 or 14 numbers" \
	"three distortion coefficients"
printf '%s\n%s\n' "$head" "$K" >"$W/nodist.yml"
refused "$W/nodist.yml" "nodist.yml:9: not a camera file: no distortion_coefficients" "no distortion_coefficients"
printf '%%YAML:1.0\n---\nimage_width: 1e300\nimage_height: 480\n' >"$W/wide.yml"
refused "$W/wide.yml" "wide.yml:3: not a camera file: image_width out of range (expected 1 to 100000)" "image_width 1e300"

# ---- parse errors, non-text, non-files ----
printf '%s\ncamera_matrix: !!opencv-matrix\n   rows: 3\n  cols: 3\n' "$head" >"$W/indent.yml"
refused "$W/indent.yml" "indent.yml:" "bad indentation: a line"
checks=$((checks + 1))
grep -q "indent.yml:[0-9][0-9]*: not a camera file" "$tmp/err" || fail "a parse error names its line: $(cat "$tmp/err")"
printf '%s\nboard: "a\0b"\n' "$head" >"$W/nul.yml"
refused "$W/nul.yml" "nul.yml:5:10: not a camera file: byte 0x00" "a NUL byte"
mkfifo "$W/fifo.yml"
refused "$W/fifo.yml" "fifo.yml is not a camera file: not a regular file" "a FIFO"
head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' '#' >"$W/big.yml"
refused "$W/big.yml" "big.yml is not a camera file: larger than 1048576 bytes" "over 1 MiB"

# photo --camera reads through the same reader
timeout 30 "$PHOTO" "$W/nowhere.jpg" --camera "$W/deep-flow.yml" >"$tmp/out" 2>"$tmp/err"
status=$?
expect_status 65 "photo --camera with a deep file"
expect_err "deep-flow.yml:5: not a camera file: nested deeper" "photo --camera: the same message"

# ---- good files in each format still read ----
printf '%s\n%s\n%s\n' "$head" "$K" "$D" >"$W/good.yml"
cat >"$W/good.json" <<'EOF'
{
    "image_width": 640,
    "image_height": 480,
    "camera_matrix": { "type_id": "opencv-matrix", "rows": 3, "cols": 3, "dt": "d",
        "data": [ 500.0, 0.0, 320.0, 0.0, 500.0, 240.0, 0.0, 0.0, 1.0 ] },
    "distortion_coefficients": [ -0.1, 0.01, 0.0, 0.0, 0.0 ]
}
EOF
cat >"$W/good.xml" <<'EOF'
<?xml version="1.0"?>
<opencv_storage>
<image_width>640</image_width>
<image_height>480</image_height>
<camera_matrix type_id="opencv-matrix">
  <rows>3</rows><cols>3</cols><dt>d</dt>
  <data>500. 0. 320. 0. 500. 240. 0. 0. 1.</data></camera_matrix>
<distortion_coefficients type_id="opencv-matrix">
  <rows>5</rows><cols>1</cols><dt>d</dt>
  <data>-0.1 0.01 0. 0. 0.</data></distortion_coefficients>
</opencv_storage>
EOF
for f in good.yml good.json good.xml; do
	run "$CAL" show "$W/$f" --format json
	expect_status 0 "$f reads"
	expect_out "\"fx\": 500.0000" "$f: fx"
	expect_out "\"distortion\": [-0.10000000, 0.01000000" "$f: distortion"
done
finish
