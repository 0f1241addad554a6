#!/bin/bash
# limbvol batch warns as limbvol photo does (issue 9): a set whose manifest
# gives the marker's size wrong (a card printed at 80 mm given as 0:50), in
# photos whose EXIF states the focal length and the focus distance, is
# measured with a warning on stderr that names the photo; the same set with
# the right size gives none.  (The generator's 55-degree lens on 800 x 600 is
# 33 mm equivalent, the camera 80 cm from the card: photo_failures.sh.)
BATCH=$1 GEN=$2 EDIT=$3 WORK=$4
here=$(dirname "$0")
. "$here/../lib.sh"
. "$here/common.sh"
rm -rf "$WORK"
mkdir -p "$WORK"

gen "$WORK/src" --seed 21 || exit 1
for s in wrong right; do
	mkdir -p "$WORK/sets/$s"
	for v in front side; do
		"$EDIT" exif "$WORK/src/$v.jpg" "$WORK/sets/$s/$v.jpg" 33 0.8 || fail "imgedit exif failed"
	done
done
printf 'front=front.jpg\nside=side.jpg\nmarker=0:50\nfrom=0\nto=20\n' >"$WORK/sets/wrong/manifest.txt"
printf 'front=front.jpg\nside=side.jpg\nmarker=0:80\nfrom=0\nto=20\n' >"$WORK/sets/right/manifest.txt"

run "$BATCH" "$WORK/sets/wrong" --out "$WORK/wrong.csv"
expect_status 0 "marker size typed wrong: measured"
expect_err "warning: $WORK/sets/wrong/front.jpg: the marker puts the camera 50 cm from it, the camera's focus 80 cm" \
	"marker size typed wrong: the front photo's warning"
expect_err "warning: $WORK/sets/wrong/side.jpg: the marker puts the camera 50 cm" \
	"marker size typed wrong: the side photo's warning"
checks=$((checks + 1))
[ "$(grep -c '^limbvol batch: warning: ' "$tmp/err")" -eq 2 ] ||
	fail "one warning a line, one per photo: $(cat "$tmp/err")"
run "$BATCH" "$WORK/sets/right" --out "$WORK/right.csv"
expect_status 0 "the right marker size: measured"
checks=$((checks + 1))
grep -q "warning" "$tmp/err" && fail "the right marker size: no warning expected ($(cat "$tmp/err"))"
finish
