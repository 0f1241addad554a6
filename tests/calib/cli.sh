#!/bin/sh
# CLI tests of limbvol-calib: exit codes, messages and values, on inputs
# rendered by calib_scene from known cameras (camera A: fx 760, fy 765,
# cx 318, cy 242, k1 -0.25; camera B for the marker scene).
# usage: cli.sh BIN_DIR
set -u
BIN=$1
CAL="$BIN/limbvol-calib"
SCENE="$BIN/calib_scene"
T=$(mktemp -d /tmp/lvcalibcli.XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0
checks=0

fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# expect CODE SUBSTRING CMD...: run CMD, check its exit code and that
# stdout+stderr contain SUBSTRING ("" for any).
expect() {
	code=$1; want=$2; shift 2
	checks=$((checks + 1))
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -ne "$code" ]; then
		fail "$* -> exit $got, expected $code"; cat "$T/out" "$T/err" >&2; return
	fi
	if [ -n "$want" ] && ! grep -qF -- "$want" "$T/out" "$T/err"; then
		fail "$* -> output lacks '$want'"; cat "$T/out" "$T/err" >&2
	fi
}

# within VALUE WANT TOL NAME: |VALUE - WANT| <= TOL
within() {
	checks=$((checks + 1))
	if ! awk -v g="$1" -v w="$2" -v t="$3" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(g != "" && d <= t) }'; then
		fail "$4 = '$1', expected $2 within $3"
	fi
}

# json_num KEY FILE: the number after "KEY": in a one-line JSON file
json_num() { sed -n "s/.*\"$1\": \(-\{0,1\}[0-9.]*\).*/\1/p" "$2" | head -n 1; }

# --- the program itself
expect 0 "camera calibration" "$CAL" --summary
expect 0 "limbvol calib camera" "$CAL" --help
expect 69 "not a calib subcommand" "$CAL" frobnicate
expect 64 "" "$CAL"
for sub in board marker camera check undistort show; do
	expect 0 "usage: limbvol calib $sub" "$CAL" "$sub" --help
done

# --- printable sheets
expect 0 "chessboard:9x6:25mm" "$CAL" board --squares 10x7 --square-mm 25 --out "$T/board.pdf"
checks=$((checks + 1))
head -c 5 "$T/board.pdf" | grep -q '%PDF-' || fail "board.pdf is not a PDF"
# A4 landscape in points: 297 x 210 mm * 72 / 25.4
checks=$((checks + 1))
grep -aq 'MediaBox \[ 0 0 841.88976[0-9]* 595.27559[0-9]* \]' "$T/board.pdf" || fail "board.pdf is not A4 landscape"
expect 0 "wrote" "$CAL" marker --id 2 --size-mm 80 --paper letter --out "$T/marker.pdf"
checks=$((checks + 1))
grep -aq 'MediaBox \[ 0 0 612 792 \]' "$T/marker.pdf" || fail "marker.pdf is not Letter portrait"
expect 0 "charuco:5x7:30mm:22.5mm:4x4_50" "$CAL" board --type charuco --out "$T/charuco.png" --dpi 100
expect 64 "--out FILE.pdf or FILE.png is required" "$CAL" board --squares 10x7
expect 64 "expected a4 or letter" "$CAL" board --paper a3 --out "$T/x.pdf"
expect 64 "expected COLSxROWS" "$CAL" board --squares 10by7 --out "$T/x.pdf"
expect 64 "expected chessboard or charuco" "$CAL" board --type circles --out "$T/x.pdf"
expect 64 "does not fit A4" "$CAL" board --squares 12x9 --square-mm 30 --out "$T/x.pdf"
expect 64 "must end in .pdf or .png" "$CAL" board --out "$T/x.svg"
expect 64 "expected a number" "$CAL" marker --size-mm big --out "$T/x.pdf"
expect 64 "not in the dictionary" "$CAL" marker --id 60 --out "$T/x.pdf"
expect 73 "cannot create" "$CAL" marker --out "$T/no/such/dir/m.pdf"
checks=$((checks + 1))
[ ! -e "$T/x.pdf" ] || fail "a failed board left $T/x.pdf"

# --- calibration from synthetic views of camera A
mkdir "$T/views"
"$SCENE" views "$T/views" 10 || fail "calib_scene views"
expect 0 "RMS reprojection error" "$CAL" camera "$T"/views/view*.png --board chessboard:9x6:20mm --out "$T/a.yml"
# a camera file that cannot be written: 73, the file and the system's reason
expect 73 "cannot create /nonexistent-dir/a.yml: No such file or directory" "$CAL" camera \
	--board=chessboard:9x6:20mm --out=/nonexistent-dir/a.yml -- "$T"/views/view*.png
expect 0 "" "$CAL" show --format json "$T/a.yml"
cp "$T/out" "$T/a.json"
within "$(json_num fx "$T/a.json")" 760 3.8 "fx"    # 0.5 %
within "$(json_num fy "$T/a.json")" 765 3.8 "fy"
within "$(json_num cx "$T/a.json")" 318 3 "cx"
within "$(json_num cy "$T/a.json")" 242 3 "cy"
within "$(json_num rms_px "$T/a.json")" 0 0.2 "rms"
within "$(json_num views "$T/a.json")" 10 0 "views"
expect 0 "focal length:    fx 7" "$CAL" show "$T/a.yml"
checks=$((checks + 1))
grep -q '^camera_matrix: !!opencv-matrix' "$T/a.yml" && grep -q '^distortion_coefficients:' "$T/a.yml" &&
	grep -q '^image_width: 640' "$T/a.yml" && grep -q '^avg_reprojection_error:' "$T/a.yml" &&
	grep -q '^board: "chessboard:9x6:20mm"' "$T/a.yml" || fail "camera file keys"

# a view through another lens is dropped as an outlier, and the result is
# still camera A
"$SCENE" odd "$T/odd.png" || fail "calib_scene odd"
expect 0 "dropped: outlier:" "$CAL" camera "$T"/views/view*.png "$T/odd.png" --board chessboard:9x6:20mm \
	--out "$T/o.yml"
checks=$((checks + 1))
grep -q "^views used: 10 of 11" "$T/out" || fail "the odd view was not the one dropped"
expect 0 "" "$CAL" show --format json "$T/o.yml"
within "$(json_num fx "$T/out")" 760 3.8 "fx without the odd view"
expect 0 '"used": false, "corners": 54, "corners_used": 0' "$CAL" camera "$T"/views/view*.png "$T/odd.png" \
	--board chessboard:9x6:20mm --out "$T/o.yml" --format json
within "$(json_num views_used "$T/out")" 10 0 "views_used in json"
within "$(json_num fy "$T/out")" 765 3.8 "fy in json"
# views all near the centre: the coverage warning
expect 0 "warning: the views cover the image poorly" "$CAL" camera "$T"/views/view0[0569].png \
	--board chessboard:9x6:20mm --out "$T/o.yml"

# undistort straightens the board's lines: the corners of a flat board fit
# a homography (RMS px) once the lens distortion is removed, with the true
# camera A and with the calibrated one
"$SCENE" camera "$T/true.yml" || fail "calib_scene camera"
before=$("$SCENE" straightness "$T/views/view02.png")
checks=$((checks + 1))
awk -v b="$before" 'BEGIN { exit !(b > 0.4) }' || fail "view02 should be bent by the lens: $before px"
for cam in true a; do
	expect 0 "wrote $T/u.png" "$CAL" undistort --camera "$T/$cam.yml" "$T/views/view02.png" "$T/u.png"
	within "$("$SCENE" straightness "$T/u.png")" 0 0.12 "straightness after undistort with $cam.yml"
done
# IN from standard input ('-')
checks=$((checks + 1))
"$CAL" undistort --camera "$T/true.yml" - "$T/u-stdin.png" <"$T/views/view02.png" >/dev/null 2>"$T/err" ||
	fail "undistort - exits $?: $(cat "$T/err")"
within "$("$SCENE" straightness "$T/u-stdin.png")" 0 0.12 "straightness after undistort from standard input"

# --- bad input
"$SCENE" blank "$T/blank1.png" 640 480 && "$SCENE" blank "$T/blank2.png" 640 480 &&
	"$SCENE" blank "$T/small.png" 320 240 || fail "calib_scene blank"
expect 0 "skipped $T/blank1.png: no chessboard of 9x6 inner corners found" \
	"$CAL" camera "$T"/views/view0[0-4].png "$T/blank1.png" --board chessboard:9x6:20mm --out "$T/b.yml"
expect 65 "at least 3 usable views" \
	"$CAL" camera "$T/views/view00.png" "$T/views/view01.png" "$T/blank1.png" "$T/blank2.png" \
	--board chessboard:9x6:20mm --out "$T/c.yml"
checks=$((checks + 1))
[ ! -e "$T/c.yml" ] || fail "a failed calibration wrote c.yml"
expect 65 "is 320x240 pixels but the first image is 640x480" \
	"$CAL" camera "$T/views/view00.png" "$T/small.png" "$T"/views/view0[1-3].png --board chessboard:9x6:20mm --out "$T/c.yml"
expect 66 "cannot read $T/missing.png" \
	"$CAL" camera "$T/missing.png" "$T"/views/view0[0-3].png --board chessboard:9x6:20mm --out "$T/c.yml"
echo "not an image" >"$T/text.png"
expect 0 "skipped $T/text.png" \
	"$CAL" camera "$T"/views/view0[0-3].png "$T/text.png" --board chessboard:9x6:20mm --out "$T/c.yml"
expect 64 "bad board 'chessboard:9x6'" "$CAL" camera "$T/views/view00.png" --board chessboard:9x6 --out "$T/c.yml"
expect 64 "--board SPEC is required" "$CAL" camera "$T/views/view00.png" --out "$T/c.yml"
expect 64 "no images given" "$CAL" camera --board chessboard:9x6:20mm --out "$T/c.yml"

printf 'hello\nworld\n' >"$T/notcam.yml"
expect 65 "not a camera file" "$CAL" show "$T/notcam.yml"
expect 65 "not a camera file" "$CAL" show "$T/views/view00.png"
expect 66 "cannot read" "$CAL" show "$T/nothere.yml"
expect 65 "the camera file is for 640x480 images" "$CAL" undistort --camera "$T/a.yml" "$T/small.png" "$T/u2.png"
checks=$((checks + 1))
[ ! -e "$T/u2.png" ] || fail "a failed undistort wrote u2.png"

# --- scale check with markers (camera B): marker 0 80 mm, marker 1 60 mm,
# a known length of 150 mm on the same card
mkdir "$T/m"
known=$("$SCENE" marker "$T/m") || fail "calib_scene marker"
expect 0 "ok (tolerance 1.0 %)" "$CAL" check --camera "$T/m/cam.yml" "$T/m/scene.png" \
	--marker 0:80 --marker 1:60 --known-mm "$known"
expect 0 "" "$CAL" check --camera "$T/m/cam.yml" "$T/m/scene.png" --marker 0:80 --marker 1:60 \
	--known-mm "$known" --format json
cp "$T/out" "$T/ok.json"
errs=$(sed 's/"scale_error_pct": /\n/g' "$T/ok.json" | sed -n '2,$s/^\(-\{0,1\}[0-9.]*\).*/\1/p')
for e in $errs; do within "$e" 0 0.5 "scale error with the right sizes"; done
# tilt of the card: rotations 25 and 15 deg -> acos(cos 25 cos 15) = 28.9 deg
within "$(json_num tilt_deg "$T/ok.json")" 28.9 0.5 "tilt"
# a marker printed 5 % larger than declared scales every length by 84/80
expect 1 "FAILED (tolerance 1.0 %)" "$CAL" check --camera "$T/m/cam.yml" "$T/m/scene.png" \
	--marker 0:84 --marker 1:60 --known-mm "$known"
expect 1 '"ok": false' "$CAL" check --camera "$T/m/cam.yml" "$T/m/scene.png" --marker 0:84 --marker 1:60 \
	--known-mm "$known" --format json
errs=$(sed 's/"scale_error_pct": /\n/g' "$T/out" | sed -n '2,$s/^\(-\{0,1\}[0-9.]*\).*/\1/p')
[ -n "$errs" ] || fail "no scale errors in the json"
for e in $errs; do within "$e" 5 0.5 "scale error of a marker declared 84 mm"; done
expect 0 "no second length" "$CAL" check --camera "$T/m/cam.yml" "$T/m/scene.png" --marker 0:80
# the image from standard input ('-'): the same measurement, named "-"
checks=$((checks + 1))
"$CAL" check --camera "$T/m/cam.yml" - --marker 0:80 --marker 1:60 --known-mm "$known" \
	--format json <"$T/m/scene.png" >"$T/stdin.json" 2>"$T/err" || fail "check - exits $?: $(cat "$T/err")"
grep -qF '"image": "-"' "$T/stdin.json" || fail "check -: the image is named '-': $(cat "$T/stdin.json")"
[ "$(sed 's/"image": "[^"]*"//' "$T/stdin.json")" = "$(sed 's/"image": "[^"]*"//' "$T/ok.json")" ] ||
	fail "check - measures as the file does"
expect 65 "is not an image that can be decoded" "$CAL" check --camera "$T/m/cam.yml" - --marker 0:80 </dev/null
expect 65 "marker 7 (dictionary 4x4_50) not found" "$CAL" check --camera "$T/m/cam.yml" "$T/m/scene.png" --marker 7:80
expect 65 "the camera file is for 640x480 images" "$CAL" check --camera "$T/a.yml" "$T/m/scene.png" --marker 0:80
expect 65 "not a camera file" "$CAL" check --camera "$T/notcam.yml" "$T/m/scene.png" --marker 0:80
expect 64 "expected ID:SIZE_MM" "$CAL" check --camera "$T/m/cam.yml" "$T/m/scene.png" --marker 0
expect 64 "expected LEN:X1,Y1,X2,Y2" "$CAL" check --camera "$T/m/cam.yml" "$T/m/scene.png" --marker 0:80 --known-mm 100:1,2,3
expect 64 "--marker ID:SIZE_MM is required" "$CAL" check --camera "$T/m/cam.yml" "$T/m/scene.png"
expect 66 "cannot read" "$CAL" check --camera "$T/m/cam.yml" "$T/m/none.png" --marker 0:80

# --- through the dispatcher
if [ -x "$BIN/limbvol" ]; then
	expect 0 "image size:      640x480 px" "$BIN/limbvol" calib show "$T/a.yml"
fi

# OpenCV's sample views (doc/calib.md): left07.jpg has one corner dropped, "an
# outlier" (not "1 corner ... outliers"); skipped without Debian's opencv-doc
D=/usr/share/doc/opencv-doc/examples/data
if [ -r "$D/left07.jpg" ]; then
	expect 0 "(1 corner dropped as an outlier)" \
		"$CAL" camera "$D"/left0[1-9].jpg "$D"/left1[1-4].jpg --board chessboard:9x6:25mm \
		--out "$T/opencv.yml"
fi

echo "$checks checks, $fails failed"
[ "$fails" -eq 0 ]
