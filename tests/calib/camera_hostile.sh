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
refused "$W/deep-flow.yml" "deep-flow.yml:5:39: not a camera file: nested deeper than 32 levels" "YAML [ x 300000"
{ echo "$head"; printf 'board:\n'; reps 250000 '- '; echo 1; } >"$W/deep-items.yml"
refused "$W/deep-items.yml" "deep-items.yml:6:63: not a camera file: nested deeper than 32 levels" "YAML '- ' x 250000"
{ printf '{\n "image_width": 640,\n "board": '; reps 300000 '['; echo; } >"$W/deep.json"
refused "$W/deep.json" "deep.json:3:42: not a camera file: nested deeper than 32 levels" "JSON [ x 300000"
{ printf '{\n "image_width": 640,\n "board": '; reps 150000 '{"a":'; echo; } >"$W/deep-obj.json"
refused "$W/deep-obj.json" "deep-obj.json:3:166: not a camera file: nested deeper than 32 levels" "JSON {\"a\": x 150000"
{ printf '<?xml version="1.0"?>\n<opencv_storage>\n'; reps 200000 '<a>'; echo; } >"$W/deep.xml"
refused "$W/deep.xml" "deep.xml:3:94: not a camera file: nested deeper than 32 levels" "XML <a> x 200000"

# ---- sizes ----
printf '%s\ncamera_matrix: !!opencv-matrix\n   rows: 100000\n   cols: 100000\n   dt: d\n   data: [ 1. ]\n%s\n' \
	"$head" "$D" >"$W/huge.yml"
refused "$W/huge.yml" "huge.yml:5:1: not a camera file: camera_matrix is declared 100000x100000 (at most 9 values expected): expected a 3x3 matrix of numbers" \
	"a matrix declared 100000x100000"
printf '%s\n%s\ndistortion_coefficients: []\n' "$head" "$K" >"$W/empty-dist.yml"
refused "$W/empty-dist.yml" "empty-dist.yml:10:1: not a camera file: distortion_coefficients is empty: expected a list of 4, 5, 8, 12 or 14 numbers" \
	"distortion_coefficients: []"
printf '%s\ncamera_matrix: !!opencv-matrix\n   rows: 2\n   cols: 2\n   dt: d\n   data: [ 1., 0., 0., 1. ]\n%s\n' \
	"$head" "$D" >"$W/2x2.yml"
refused "$W/2x2.yml" "2x2.yml:5:1: not a camera file: camera_matrix is not 3x3 (it is 2x2)" "a 2x2 camera matrix"
printf '%s\ncamera_matrix: !!opencv-matrix\n   rows: 3\n   cols: 3\n   dt: d\n   data: [ 1., 0. ]\n%s\n' \
	"$head" "$D" >"$W/short.yml"
refused "$W/short.yml" "short.yml:5:1: not a camera file: camera_matrix declares 3x3 but its data holds 2 values" \
	"a matrix with too few values"
printf '%s\n%s\ndistortion_coefficients: [ 0.1, 0.2, 0.3 ]\n' "$head" "$K" >"$W/three.yml"
refused "$W/three.yml" "three.yml:10:1: not a camera file: distortion_coefficients is not a list of 4, 5, 8, 12 or 14 numbers" \
	"three distortion coefficients"
printf '%s\n%s\n' "$head" "$K" >"$W/nodist.yml"
refused "$W/nodist.yml" "nodist.yml:9:1: not a camera file: no distortion_coefficients" "no distortion_coefficients"
printf '%%YAML:1.0\n---\nimage_width: 1e300\nimage_height: 480\n' >"$W/wide.yml"
refused "$W/wide.yml" "wide.yml:3:14: not a camera file: image_width out of range (expected 1 to 100000)" "image_width 1e300"

# ---- parse errors, non-text, non-files ----
printf '%s\ncamera_matrix: !!opencv-matrix\n   rows: 3\n  cols: 3\n' "$head" >"$W/indent.yml"
refused "$W/indent.yml" "indent.yml:" "bad indentation: a line"
checks=$((checks + 1))
grep -q "indent.yml:7:3: not a camera file: bad indentation: expected a key at column 1, found column 3" "$tmp/err" ||
	fail "a parse error names its line and column: $(cat "$tmp/err")"
printf '%s\nboard: "a\0b"\n' "$head" >"$W/nul.yml"
refused "$W/nul.yml" "nul.yml:5:10: not a camera file: byte 0x00" "a NUL byte"
mkfifo "$W/fifo.yml"
refused "$W/fifo.yml" "fifo.yml is not a camera file: not a regular file" "a FIFO"
head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' '#' >"$W/big.yml"
refused "$W/big.yml" "big.yml is not a camera file: larger than 1048576 bytes" "over 1 MiB"

# ---- what limbvol's own parser refuses (OpenCV's is never run on a camera file) ----
printf '%s\nboard: &a x\n' "$head" >"$W/anchor.yml"
refused "$W/anchor.yml" "anchor.yml:5:8: not a camera file: anchors and aliases (& *) are not read in camera files" "a YAML anchor"
printf '%s\nboard: |\n  text\n' "$head" >"$W/block.yml"
refused "$W/block.yml" "block.yml:5:8: not a camera file: block scalars (| >) are not read in camera files" "a YAML block scalar"
printf '%s\n%s\n%s\n---\nimage_width: 1\n' "$head" "$K" "$D" >"$W/two-docs.yml"
refused "$W/two-docs.yml" "two-docs.yml:15:1: not a camera file: expected one YAML document, found a second ---" "a second YAML document"
printf '%s\ncamera_matrix: !!opencv-matrix\n\trows: 3\n' "$head" >"$W/tab.yml"
refused "$W/tab.yml" "tab.yml:6:1: not a camera file: a tab in the indentation (YAML indents with spaces)" "a tab in the indentation"
printf '%s\ncamera_matrix: [ 500, 0, 320,\n   0, 500, 240\n' "$head" >"$W/open-list.yml"
refused "$W/open-list.yml" "open-list.yml:5:16: not a camera file: a list not closed (expected ']' before the end of the file)" "a flow list never closed"
printf '%s\nimage_width: 800\n' "$head" >"$W/twice.yml"
refused "$W/twice.yml" "twice.yml:5:1: not a camera file: image_width given twice (first at line 3)" "a key given twice"
printf '%s\n%s\n%s\nboard: "%s"\n' "$head" "$K" "$D" "$(reps 120 b)" >"$W/long-board.yml"
refused "$W/long-board.yml" "long-board.yml:15:8: not a camera file: board longer than 95 characters" "a board text of 120 characters"
printf '%s\nboard: "caf\\u00e9"\n' "$head" >"$W/u-escape.yml"
# (a backslash in a message is shown doubled: cli/escape.h)
refused "$W/u-escape.yml" "u-escape.yml:5:12: not a camera file: \\\\u00e9 is not ASCII" "a non-ASCII escape"
printf '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<opencv_storage>\n</opencv_storage>\n' >"$W/doctype.xml"
refused "$W/doctype.xml" "doctype.xml:2:1: not a camera file: <!DOCTYPE, <![CDATA[ and <? are not read" "an XML DOCTYPE"
printf '<?xml version="1.0"?>\n<opencv_storage>\n<image_width>640</image_height>\n' >"$W/tags.xml"
refused "$W/tags.xml" "tags.xml:3:17: not a camera file: expected </image_width>" "XML end tag of another element"
printf '{\n "image_width": 640\n}\nx\n' >"$W/junk.json"
refused "$W/junk.json" "junk.json:4:1: not a camera file: expected the end of the file after the last '}', found 'x'" "JSON: bytes after the object"
printf '{\n "image_width": 640,\n "board": "a\\qb"\n}\n' >"$W/escape.json"
refused "$W/escape.json" "escape.json:3:13: not a camera file: unknown escape \\\\q in a string" "JSON: an unknown escape"

# photo --camera reads through the same reader
timeout 30 "$PHOTO" "$W/nowhere.jpg" --camera "$W/deep-flow.yml" >"$tmp/out" 2>"$tmp/err"
status=$?
expect_status 65 "photo --camera with a deep file"
expect_err "deep-flow.yml:5:39: not a camera file: nested deeper" "photo --camera: the same message"

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
# calib show - reads the camera file from standard input, located as "-"
"$CAL" show - --format json <"$W/good.yml" >"$tmp/out" 2>"$tmp/err"
status=$?
expect_status 0 "calib show - reads standard input"
expect_out '"fx": 500.0000' "calib show -: fx"
"$CAL" show - <"$W/deep-flow.yml" >"$tmp/out" 2>"$tmp/err"
status=$?
expect_status 65 "calib show - on a deep file"
expect_err "limbvol calib show: -:5:39: not a camera file: nested deeper than 32 levels" "calib show -: located at -"
# files OpenCV 4.6's FileStorage wrote (tests/calib/opencv/, written as its
# calibration sample writes them, with its extra keys, lists, nested maps and
# comments): K = 500.25 0 320.5 / 0 501 240, distortion -0.1 0.01 0.001
# -0.002 1e-05, 12 frames
for f in "$here"/opencv/sample.yml "$here"/opencv/sample.xml "$here"/opencv/sample.json; do
	run "$CAL" show "$f" --format json
	expect_status 0 "OpenCV's ${f##*/} reads"
	expect_out '"fx": 500.2500, "fy": 501.0000, "cx": 320.5000, "cy": 240.0000' "${f##*/}: K"
	expect_out '"distortion": [-0.10000000, 0.01000000, 0.00100000, -0.00200000, 0.00001000]' "${f##*/}: distortion"
	expect_out '"board": "chessboard:9x6:25mm"' "${f##*/}: board"
	expect_out '"views": 12' "${f##*/}: nr_of_frames"
done
finish
