#!/bin/bash
# Photos that are too large or not files (issue 14): the size a PNG or JPEG
# header declares is checked before decoding (a 20000 x 20000 PNG peaked at
# 1.2 GB, a 30000 x 30000 JPEG at 2.6 GB before they were refused); the limit
# (54 megapixels) lets a 48-megapixel photo through; a FIFO or a device given
# as a photo (on the command line or in a batch manifest) is refused at once
# instead of hanging.  Exit codes and messages checked, memory and time bounded.
PHOTO=$1 BATCH=$2 GEN=$3 DECLARE=$4 WORK=$5
here=$(dirname "$0")
. "$here/../lib.sh"
. "$here/common.sh"
case $WORK in */*/*) ;; *) echo "refusing the work folder '$WORK'" >&2; exit 2 ;; esac
rm -rf "$WORK"
mkdir -p "$WORK"
W=$WORK

# bounded_photo ARGS...: limbvol photo within 30 s, peak memory in $peak_kb
bounded_photo() {
	timeout 30 /usr/bin/time -f '%M' -o "$tmp/rss" "$PHOTO" "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	[ "$status" -ne 124 ] || fail "photo $* did not finish within 30 s"
	peak_kb=$(tail -n 1 "$tmp/rss" 2>/dev/null)
}
# small_peak WHAT: the run stayed under 200 MB (a decode would need GBs)
small_peak() {
	checks=$((checks + 1))
	[ -n "$peak_kb" ] && [ "$peak_kb" -lt 204800 ] || fail "$1: peak memory ${peak_kb:-?} kB, expected < 200 MB"
}

gen "$W/set" --size 640x480 --seed 5 || exit 1
"$DECLARE" blank 64 48 "$W/small.png" || exit 1

# ---- declared sizes over the limit, refused before decoding ----
"$DECLARE" size "$W/small.png" "$W/huge.png" 20000 20000 || exit 1
bounded_photo "$W/huge.png"
expect_status 65 "a PNG declaring 20000 x 20000"
expect_err "huge.png has 20000x20000 pixels (400 megapixels): more than the limit of 54 megapixels" \
	"PNG 20000 x 20000: the size and the limit named"
small_peak "PNG 20000 x 20000"
"$DECLARE" size "$W/set/front.jpg" "$W/huge.jpg" 30000 30000 || exit 1
bounded_photo "$W/huge.jpg"
expect_status 65 "a JPEG declaring 30000 x 30000"
expect_err "huge.jpg has 30000x30000 pixels (900 megapixels): more than the limit of 54 megapixels" \
	"JPEG 30000 x 30000: the size and the limit named"
small_peak "JPEG 30000 x 30000"
"$DECLARE" size "$W/set/front.jpg" "$W/over.jpg" 9000 6001 || exit 1
bounded_photo "$W/over.jpg"
expect_status 65 "a JPEG just over the limit (9000 x 6001)"
expect_err "more than the limit of 54 megapixels" "9000 x 6001 is over"
# 48 megapixels (8000 x 6000) is under the limit: decoded, then judged
"$DECLARE" blank 8000 6000 "$W/48mp.png" || exit 1
bounded_photo "$W/48mp.png"
checks=$((checks + 1))
grep -q "limit of 54 megapixels" "$tmp/err" && fail "48 megapixels refused for its size: $(cat "$tmp/err")"
expect_err "no marker" "48 MP: decoded and looked at (a black image has no marker)"

# ---- not files, not JPEG or PNG ----
mkfifo "$W/fifo.jpg"
bounded_photo "$W/fifo.jpg"
expect_status 65 "a FIFO as a photo"
expect_err "fifo.jpg is not a regular file: expected a JPEG or PNG photo" "FIFO: refused unread"
ln -s /dev/zero "$W/zero.jpg"
bounded_photo "$W/zero.jpg"
expect_status 65 "/dev/zero as a photo"
expect_err "zero.jpg is not a regular file" "/dev/zero: refused unread"
printf 'GIF89a this is no picture\n' >"$W/pic.gif"
bounded_photo "$W/pic.gif"
expect_status 65 "a file that is not a JPEG or PNG"
expect_err "pic.gif is not an image that can be decoded: expected a JPEG or PNG" "other formats: named"
printf 'P6\n# a comment\n20000 20000\n255\n' >"$W/huge.ppm"
bounded_photo "$W/huge.ppm"
expect_status 65 "a PPM declaring 20000 x 20000"
expect_err "huge.ppm has 20000x20000 pixels (400 megapixels): more than the limit" "PPM: header checked too"

# a FIFO as the side photo of a batch set: the set fails, the batch goes on
mkdir -p "$W/tree"
cp -r "$W/set" "$W/tree/good"
cp -r "$W/set" "$W/tree/fifo"
rm "$W/tree/fifo/side.jpg"
mkfifo "$W/tree/fifo/side.jpg"
timeout 60 "$BATCH" "$W/tree" --jobs 2 --out "$W/r.csv" >"$tmp/out" 2>"$tmp/err"
status=$?
[ "$status" -ne 124 ] || fail "batch with a FIFO photo did not finish within 60 s"
expect_status 1 "batch: one set with a FIFO photo fails"
checks=$((checks + 1))
grep -q "^$W/tree/fifo,failed,.*side.jpg is not a regular file" "$W/r.csv" ||
	fail "batch: the FIFO set's row says why: $(cat "$W/r.csv")"
checks=$((checks + 1))
grep -q "^$W/tree/good,ok," "$W/r.csv" || fail "batch: the good set is measured"
finish
