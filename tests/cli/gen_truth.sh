#!/bin/bash
# The generator's truth against closed forms (computed here with awk), its
# photo sets' files and manifest, determinism, and its refusals.
GEN=$1
. "$(dirname "$0")/../lib.sh"

calc() { awk "BEGIN { pi = atan2(0, -1); printf \"%.6f\", $1 }"; }
tnum() { grep -o "\"$2\": -\?[0-9.]*" "$1/truth.json" | head -n 1 | sed 's/.*: //'; }

run "$GEN" --out "$tmp/cyl" --mask-only --shape cylinder --radius 4 --from 0 --to 30 --size 600x300
expect_status 0 "cylinder"
expect_near "$(tnum "$tmp/cyl" volume_ml)" "$(calc 'pi * 16 * 30')" 0.001 "cylinder volume"
expect_near "$(tnum "$tmp/cyl" circumference_cm)" "$(calc '2 * pi * 4')" 0.0001 "cylinder circumference"

run "$GEN" --out "$tmp/cone" --mask-only --shape cone --radius 4 --taper 0.04 --from 0 --to 40 --size 800x300 --landmark-at 0.2,0.5
expect_status 0 "cone"
expect_near "$(tnum "$tmp/cone" volume_ml)" "$(calc 'pi / 3 * 40 * (16 + 4 * 5.6 + 5.6 * 5.6)')" 0.001 "cone volume"

run "$GEN" --out "$tmp/ell" --mask-only --shape ellipse --radius 4 --ratio 0.5 --from 0 --to 20 --size 600x300
expect_status 0 "ellipse"
expect_near "$(tnum "$tmp/ell" volume_ml)" "$(calc 'pi * 4 * 2 * 20')" 0.001 "elliptic cylinder volume"
# Ramanujan's second approximation, h = ((a - b) / (a + b))^2 = 1/9,
# relative error ~ 1e-7 at b/a = 0.5
expect_near "$(tnum "$tmp/ell" circumference_cm)" \
	"$(calc 'pi * 6 * (1 + 3 * (1 / 9) / (10 + sqrt(4 - 3 * (1 / 9))))')" 0.0001 \
	"ellipse perimeter"
expect_near "$(tnum "$tmp/ell" width_side_cm)" 4 1e-9 "side width"
[ -s "$tmp/ell/front.png" ] && [ -s "$tmp/ell/side.png" ] || fail "masks written"

# a photo set
run "$GEN" --out "$tmp/set" --size 480x360 --seed 3 --marker 7:60 --tilt -15 --landmark-at 0.3,0.6
expect_status 0 "photo set"
for f in front.jpg side.jpg manifest.txt truth.json; do
	checks=$((checks + 1))
	[ -s "$tmp/set/$f" ] || fail "photo set: $f missing"
done
checks=$((checks + 1))
[ "$(head -c 3 "$tmp/set/front.jpg" | od -An -tx1 | tr -d ' ')" = "ffd8ff" ] || fail "front.jpg is not a JPEG"
for kv in patient=SYN-3 limb=left-arm front=front.jpg side=side.jpg marker=7:60.0 step=4.00 from=0.00; do
	checks=$((checks + 1))
	grep -qx "$kv" "$tmp/set/manifest.txt" || fail "manifest lacks $kv: $(tr '\n' ' ' < "$tmp/set/manifest.txt")"
done
checks=$((checks + 1))
grep -q '"marker_id": 7, "marker_size_mm": 60.00' "$tmp/set/truth.json" || fail "truth: marker"
checks=$((checks + 1))
ls "$tmp/set" | grep -q tmp && fail "temporary files left behind"
# the same seed gives the same set; a different seed a different arm
run "$GEN" --out "$tmp/set2" --size 480x360 --seed 3 --marker 7:60 --tilt -15 --landmark-at 0.3,0.6
checks=$((checks + 1))
cmp -s "$tmp/set/front.jpg" "$tmp/set2/front.jpg" && cmp -s "$tmp/set/truth.json" "$tmp/set2/truth.json" ||
	fail "not deterministic"
run "$GEN" --out "$tmp/set3" --mask-only --seed 4 --size 480x360 --from 0 --to 20
run "$GEN" --out "$tmp/set4" --mask-only --seed 5 --size 480x360 --from 0 --to 20
checks=$((checks + 1))
[ "$(tnum "$tmp/set3" volume_ml)" != "$(tnum "$tmp/set4" volume_ml)" ] || fail "seeds do not vary the arm"

# EXIF, as a phone writes it: the lens's focal length (closed form from
# --size and --fov: f = W/2 / tan(fov/2) px), read by an independent reader
# (exif_tags.py; exiftool too when installed); --no-exif and PNG: none
run "$GEN" --out "$tmp/exif" --size 480x360 --fov 40 --from 0 --to 20
expect_status 0 "photo set with EXIF"
f_px=$(calc '240 / (sin(20 * pi / 180) / cos(20 * pi / 180))')
if command -v python3 >/dev/null; then
	tags=$(python3 "$(dirname "$0")/exif_tags.py" "$tmp/exif/side.jpg")
	tag() { echo "$tags" | sed -n "s/^$1=//p"; }
	# FocalLength (mm) times FocalPlaneXResolution (px per cm, unit 3) / 10
	expect_near "$(awk -v f="$(tag 920A)" -v r="$(tag A20E)" 'BEGIN { print f * r / 10 }')" "$f_px" 0.01 \
		"EXIF FocalLength x FocalPlaneXResolution: the focal length in px"
	expect_near "$(tag A210)" 3 0 "EXIF FocalPlaneResolutionUnit: cm"
	# FocalLengthIn35mmFilm: by the diagonal of a 36 x 24 mm frame, whole mm
	expect_near "$(tag A405)" "$(calc "int($f_px * sqrt(36 * 36 + 24 * 24) / 600 + 0.5)")" 0 \
		"EXIF FocalLengthIn35mmFilm"
	expect_near "$(tag A002)" 480 0 "EXIF PixelXDimension"
	run "$GEN" --out "$tmp/noexif" --size 480x360 --fov 40 --from 0 --to 20 --no-exif
	checks=$((checks + 1))
	[ -z "$(python3 "$(dirname "$0")/exif_tags.py" "$tmp/noexif/front.jpg")" ] || fail "--no-exif: EXIF written"
fi
checks=$((checks + 1))
[ "$(ls -A "$tmp/exif" | tr '\n' ' ')" = "front.jpg manifest.txt side.jpg truth.json " ] ||
	fail "EXIF: files left behind: $(ls -A "$tmp/exif" | tr '\n' ' ')"
if command -v exiftool >/dev/null; then
	checks=$((checks + 1))
	exiftool -validate -warning -a "$tmp/exif/front.jpg" | grep -q "Validate *: OK" ||
		fail "exiftool -validate: $(exiftool -validate -warning -a "$tmp/exif/front.jpg" | tr '\n' ' ')"
	expect_near "$(exiftool -n -s3 -FocalLengthIn35mmFormat "$tmp/exif/front.jpg")" \
		"$(calc "int($f_px * sqrt(36 * 36 + 24 * 24) / 600 + 0.5)")" 0 "exiftool: FocalLengthIn35mmFormat"
fi

# the card elsewhere along the limb: the manifest carries the offset
run "$GEN" --out "$tmp/off" --size 480x360 --marker-axial 8 --landmark-at 0.25,0.4
expect_status 0 "marker off the landmark"
checks=$((checks + 1))
grep -qx "origin_offset=-8.000" "$tmp/off/manifest.txt" || fail "manifest lacks origin_offset=-8.000"
checks=$((checks + 1))
grep -q "origin_offset" "$tmp/set/manifest.txt" && fail "origin_offset written for a card at 0"

# a cylinder straight in front of the camera: its silhouette in the marker
# plane is 2 r D / sqrt(D^2 - r^2) wide (imaging.md, perspective)
run "$GEN" --out "$tmp/cyl2" --shape cylinder --radius 4 --distance 80 --size 480x360 \
	--landmark-at 0.5,0.5 --from 0 --to 20
expect_status 0 "centred cylinder"
expect_near "$(tnum "$tmp/cyl2" plane_width_front_cm)" "$(calc '8 * 80 / sqrt(80 * 80 - 16)')" 0.00001 \
	"plane width of a centred cylinder"
expect_near "$(tnum "$tmp/cyl2" plane_volume_ml)" "$(calc 'pi * 16 * 6400 / (6400 - 16) * 20')" 0.001 \
	"plane volume of a centred cylinder"

# refusals
bad() { # CODE TEXT DESCRIPTION -- ARGS...
	local code=$1 text=$2 desc=$3
	shift 4
	run "$GEN" "$@"
	expect_status "$code" "$desc"
	expect_err "$text" "$desc"
}
bad 64 "--out DIR is required" "no --out" --
bad 64 "option --shape: expected arm, leg" "bad shape" -- --out "$tmp/x" --shape blob
bad 64 "distal end" "tip outside" -- --out "$tmp/x" --landmark-at 0.01,0.5 --size 480x360
bad 64 "is outside the frame" "range outside" -- --out "$tmp/x" --to 500 --from 0 --size 480x360
bad 64 "marker card falls outside the frame" "card outside" -- --out "$tmp/x" --landmark-at 0.3,0.95 --size 480x360
bad 64 "option --size" "huge size" -- --out "$tmp/x" --size 9000x9000
bad 64 "option --marker: id 60 is not in 4x4_50" "marker id" -- --out "$tmp/x" --marker 60:80 --size 480x360
run "$GEN" --summary
expect_status 0 "summary"
finish
