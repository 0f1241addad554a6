#!/bin/bash
# mesh_report.sh BUILD_DIR [WORK]: render every shared mesh in the test poses
# (mesh_poses.sh) and measure each with limbvol photo; prints per pose the
# truth (the mesh's exact volume), what elliptical slices on the true widths
# give, the measured volume, its error and its stated sd, and the worst
# virtual-tape error against the convex-hull circumferences; vs_ellip_% is
# the measured volume against elliptical slices on the true widths (what
# the measurement itself gets wrong, the model's error left out); vs_plane_%
# against the silhouette's widths in the marker plane (plane_volume_ml:
# before perspective correction).  A report, not
# a test: it never fails on a value (tests/capture/mesh_accuracy.sh does).
# limbvol-gen writes the rendering camera's focal length into the photos'
# EXIF, as a phone does; with NOEXIF=1 in the environment the photos are
# rendered without it (--no-exif) and the perspective correction assumes a
# focal length (doc/photo.md, Accuracy).
B=${1:?usage: mesh_report.sh BUILD_DIR [WORK]}
WORK=${2:-$B/tests/capture/work/mesh-report}
here=$(cd "$(dirname "$0")" && pwd)
MESHES=$here/../data/meshes
GEN=$B/bin/limbvol-gen PHOTO=$B/bin/limbvol-photo
. "$here/mesh_poses.sh"
mkdir -p "$WORK"

num() { grep -o "\"$2\": *-\?[0-9.e+-]*" "$1" | head -n 1 | sed 's/.*: *//'; }
list() { grep -o "\"$2\": *-\?[0-9.e+-]*" "$1" | sed 's/.*: *//'; }
manifest() { sed -n "s/^$2=//p" "$1/manifest.txt"; }

printf '%-26s %9s %9s %9s %8s %7s %11s %11s %7s  %s\n' pose truth_mL ellip_mL photo_mL error_% sd_% \
	vs_ellip_% vs_plane_% tape_mm note
echo "$POSES" | while IFS='|' read -r name mesh opts; do
	d=$WORK/$name
	rm -rf "$d"
	# shellcheck disable=SC2046,SC2086
	if ! "$GEN" --out "$d" $(mesh_args "$mesh") $opts ${NOEXIF:+--no-exif} >"$d.gen.log" 2>&1; then
		printf '%-26s gen failed: %s\n' "$name" "$(head -n 1 "$d.gen.log")"
		continue
	fi
	t=$d/truth.json
	prox=$(manifest "$d" proximal)
	# shellcheck disable=SC2046
	"$PHOTO" "$d/front.jpg" "$d/side.jpg" --marker "$(manifest "$d" marker)" ${prox:+--proximal "$prox"} \
		--from "$(num "$t" from_cm)" --to "$(num "$t" to_cm)" --step "$(num "$t" step_cm)" \
		--format json >"$d/photo.json" 2>"$d/photo.err"
	rc=$?
	if [ $rc -ne 0 ]; then
		e=$(num "$t" ellipse_volume_ml)
		printf '%-26s %9.1f %9s %9s  exit %d: %s\n' "$name" "$(num "$t" volume_ml)" \
			"$(printf '%.1f' "${e:-0}" | sed "s/^0.0$/-/")" - $rc "$(head -n 1 "$d/photo.err")"
		continue
	fi
	list "$t" circumference_cm >"$d/tape.truth"
	list "$d/photo.json" circumference_cm >"$d/tape.photo"
	tape=$(paste "$d/tape.truth" "$d/tape.photo" | awk '{ e = ($2 - $1) * 10; if (e < 0) e = -e;
		if (e > m) m = e } END { printf "%.1f", m }')
	awk -v n="$name" -v t="$(num "$t" volume_ml)" -v e="$(num "$t" ellipse_volume_ml)" \
		-v pl="$(num "$t" plane_volume_ml)" \
		-v p="$(num "$d/photo.json" volume_ml)" -v sd="$(num "$d/photo.json" volume_sd_ml)" \
		-v tape="$tape" 'BEGIN { printf "%-26s %9.1f %9s %9.1f %+8.2f %7.2f %11s %11s %7s  %s\n", n, t,
			e == "" ? "-" : sprintf("%.1f", e), p, (p - t) / t * 100, sd / t * 100,
			e == "" ? "-" : sprintf("%+.2f", (p - e) / e * 100),
			pl == "" ? "-" : sprintf("%+.2f", (p - pl) / pl * 100), tape, (p - t > 2 * sd || t - p > 2 * sd) ? "outside 2 sd" : "" }'
done
