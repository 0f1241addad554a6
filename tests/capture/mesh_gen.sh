#!/bin/bash
# limbvol-gen --mesh: every shared mesh renders in every test pose
# (mesh_poses.sh) with a whole truth.json, the generator refuses malformed
# meshes and scenes that break the protocol, and the same options give the
# same files.  (What limbvol photo measures on these sets:
# mesh_accuracy.sh.)
GEN=$1 WORK=$2
here=$(cd "$(dirname "$0")" && pwd)
MESHES=$here/../data/meshes
. "$here/../lib.sh"
. "$here/common.sh"
. "$here/mesh_poses.sh"
mkdir -p "$WORK"

while IFS='|' read -r name mesh opts; do
	d=$WORK/$name
	rm -rf "$d"
	[ "$mesh" = - ] && continue
	# a quarter of the size: the scene's geometry does not depend on it
	if [[ $opts =~ --size\ ([0-9]+)x([0-9]+) ]]; then
		opts="$opts --size $((BASH_REMATCH[1] / 4))x$((BASH_REMATCH[2] / 4))"
	fi
	# shellcheck disable=SC2046,SC2086
	run "$GEN" --out "$d" $(mesh_args "$mesh") $opts --one-view
	expect_status 0 "$name: rendered"
	[ "$status" -eq 0 ] || continue
	# the sites every step from..to, each with a hull no longer than...
	n=$(truth_list "$d" circumference_cm | wc -l)
	want=$(awk -v a="$(truth_num "$d" from_cm)" -v b="$(truth_num "$d" to_cm)" \
		-v s="$(truth_num "$d" step_cm)" 'BEGIN { print int((b - a) / s + 1e-9) + 1 }')
	expect_near "$n" "$want" 0 "$name: one circumference per site"
	# the isoperimetric inequality for every section: area <= C^2 / 4 pi
	paste <(truth_list "$d" circumference_cm) <(truth_list "$d" area_cm2) >"$tmp/ca"
	checks=$((checks + 1))
	awk '{ if (!($2 > 0 && $2 <= $1 * $1 / (4 * 3.14159265358979))) exit 1 }' "$tmp/ca" ||
		fail "$name: a section's area exceeds what its hull perimeter encloses"
	# the volume between the mean and the largest section area times the length
	checks=$((checks + 1))
	awk -v v="$(truth_num "$d" volume_ml)" -v a="$(truth_num "$d" from_cm)" \
		-v b="$(truth_num "$d" to_cm)" '{ if ($2 > m) m = $2; if (n++ == 0 || $2 < lo) lo = $2 }
		END { exit !(v >= lo * (b - a) && v <= m * (b - a)) }' "$tmp/ca" ||
		fail "$name: the volume is not between the smallest and largest section times the length"
	grep -q '"proximal\|proximal=' "$d/manifest.txt" && fail "$name: proximal= for a limb whose end is in the frame"
done <<<"$POSES"

# the generator refuses a malformed mesh, and says what it expected
arm=$MESHES/FMA7163_right_arm.stl
head -c 100000 "$arm" >"$WORK/truncated.stl"
# shellcheck disable=SC2046
run "$GEN" --out "$WORK/bad" $(mesh_args arm | sed "s|$arm|$WORK/truncated.stl|")
expect_status 65 "truncated STL"
expect_err "truncated or not a binary STL" "truncated STL: the message"
expect_err "truncated.stl" "truncated STL: the file is named"
# shellcheck disable=SC2046
run "$GEN" --out "$WORK/bad" $(mesh_args arm | sed "s|$arm|$WORK/none.stl|")
expect_status 66 "missing STL"
# the range must stay where the mesh is closed (the arm's shoulder cut)
# shellcheck disable=SC2046
run "$GEN" --out "$WORK/bad" $(mesh_args arm) --size 400x300 --distance 70 --fov 46 \
	--landmark-at 0.37,0.5 --from 0 --to 40
expect_status 64 "range beyond the mesh's closed part"
expect_err "closed part of the mesh" "range beyond the closed part: the message"

# the same options give the same files
# shellcheck disable=SC2046
for k in 1 2; do
	"$GEN" --out "$WORK/same$k" $(mesh_args amp) --size 400x300 --tilt -90 --distance 60 \
		--fov 31.6 --landmark-at 0.4,0.7 --from 0 --to 15 --step 3 >/dev/null 2>&1
done
checks=$((checks + 1))
cmp -s "$WORK/same1/front.jpg" "$WORK/same2/front.jpg" && cmp -s "$WORK/same1/truth.json" \
	"$WORK/same2/truth.json" || fail "a mesh set is not the same twice"

# scenes that break the protocol are refused
# shellcheck disable=SC2046
run "$GEN" --out "$WORK/bad" $(mesh_args arm) --size 400x300 --distance 150 --fov 55 \
	--landmark-at 0.5,0.5 --from 0 --to 28
expect_status 64 "the whole arm in the frame"
expect_err "proximal end must leave it" "the whole arm in the frame: the message"
# shellcheck disable=SC2046
run "$GEN" --out "$WORK/bad" $(mesh_args arm) --size 400x300 --distance 70 --fov 46 \
	--landmark-at 0.2,0.5 --from 0 --to 28
expect_status 64 "the hand outside the frame"
expect_err "distal end" "the hand outside the frame: the message"
run "$GEN" --out "$WORK/bad" --mesh "$arm"
expect_status 64 "--mesh without --landmark"
# --swell: a depth in range, on a mesh; --swell-taper FULL below NONE, with --swell
# shellcheck disable=SC2046
run "$GEN" --out "$WORK/bad" $(mesh_args arm) --swell 31
expect_status 64 "--swell beyond 30 mm"
expect_err "option --swell: expected -30 to 30 mm, found '31'" "--swell 31: the message"
run "$GEN" --out "$WORK/bad" --swell 1
expect_status 64 "--swell without --mesh"
expect_err "--swell swells a --mesh" "--swell without --mesh: the message"
# shellcheck disable=SC2046
run "$GEN" --out "$WORK/bad" $(mesh_args arm) --swell 1 --swell-taper 28:0
expect_status 64 "--swell-taper FULL above NONE"
expect_err "expected FULL:NONE" "--swell-taper 28:0: the message"
# shellcheck disable=SC2046
run "$GEN" --out "$WORK/bad" $(mesh_args arm) --swell-taper 0:28
expect_status 64 "--swell-taper without --swell"
finish
