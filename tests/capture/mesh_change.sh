#!/bin/bash
# Does limbvol photo follow a change of a real limb's volume?  Each shared
# mesh (tests/data/meshes, ATTRIBUTION.md) in two poses of mesh_poses.sh is
# rendered by limbvol-gen as it is and swollen (--swell MM: every vertex
# moved out along its normal, as edema does; --swell-taper: growing towards
# the distal end) or shrunk (after drainage), and limbvol photo measures
# both.  The photo's change V_swollen - V_base is compared with the mesh's
# true change (truth.json of each set, the slice areas of the swollen mesh),
# and each virtual tape site's change with the change of the convex-hull
# circumference there.  The second set is a new photo session: other sensor
# noise (--seed 2), the same pose.
#
# The bars (doc/clinical.md, section 4: what a change must exceed):
# - volume: the error of the photo's change at most half the smallest MDC95
#   doc/clinical.md gives for tape volumetry, intra-rater scaled SEM 0.6 %
#   (Tidhar et al. 2015): MDC95 = 1.96 sqrt(2) 0.6 % = 1.66 % of the volume,
#   half of it 0.83 % of the base volume.  A photo that meets it tells apart
#   every change the best tape practice can, and misreads a change near the
#   5 % and 10 % thresholds (section 3) by less than 1 point.
# - tape: each site's change within 1.96 sqrt(2) 0.1 cm = 0.28 cm of the
#   hull's change: the MDC95 of two tape readings, each read to 1 mm (sd
#   0.1 cm, section 2).
#
# mesh_change.sh PHOTO GEN WORK [all]: the suite's poses (capture::
# mesh_change), or every mesh pose of mesh_poses.sh with "all" (doc/photo.md's
# table).  Prints one row a change: pose, swelling, base volume, true change,
# photo change, the change of elliptical slices of the true widths, the
# photo's error (mL, % of the change, % of the volume), the largest tape
# error, and the sd limbvol states for the difference, sqrt(sd1^2 + sd2^2).
PHOTO=$1 GEN=$2 WORK=$3 MODE=${4:-suite}
VOLUME_BAR=0.0083 # of the base volume: half of 1.96 * sqrt(2) * 0.6 %
TAPE_BAR=0.28     # cm: 1.96 * sqrt(2) * 0.1 cm
SUITE_POSES="arm-hanging arm-horizontal amp-hanging amp-horizontal olt-hanging olt-horizontal"
# swellings per mesh (MM, or MM/FULL:NONE for --swell-taper FULL:NONE): the
# arm over 0-28 cm (about 1170 mL, 650 cm2 of skin) -0.5 mm is -2.8 %
# (drainage), +0.5 mm +2.8 %, +1.5 mm +8.5 %, and +1.5 mm tapered from the
# wrist to none at the elbow +3.9 %; the residual limbs over 0-15 cm +1 mm
# +4 to +5 %, +3 mm +12 to +15 %.
amounts() {
	case $1 in
	arm) echo "-0.5 0.5 1.5 1.5/0:28" ;;
	*) echo "1 3" ;;
	esac
}
here=$(cd "$(dirname "$0")" && pwd)
MESHES=$here/../data/meshes
. "$here/../lib.sh"
. "$here/common.sh"
. "$here/mesh_poses.sh"
mkdir -p "$WORK"

# render NAME SEED MESH OPTS SWELL: the set WORK/NAME and its photo
# measurement WORK/NAME.json; 1 when either fails
render() {
	local d=$WORK/$1 sw=${5%%/*} taper=
	[ "$5" != "${5#*/}" ] && taper=${5#*/}
	rm -rf "$d"
	# shellcheck disable=SC2046,SC2086
	if ! "$GEN" --out "$d" $(mesh_args "$3") $4 --seed "$2" ${sw:+--swell "$sw"} \
		${taper:+--swell-taper "$taper"} >"$d.gen.log" 2>&1; then
		fail "$1: limbvol-gen failed: $(cat "$d.gen.log")"
		return 1
	fi
	run "$PHOTO" "$d/front.jpg" "$d/side.jpg" --marker "$(sed -n 's/^marker=//p' "$d/manifest.txt")" \
		--from "$(truth_num "$d" from_cm)" --to "$(truth_num "$d" to_cm)" \
		--step "$(truth_num "$d" step_cm)" --format json
	expect_status 0 "$1: limbvol photo"
	[ "$status" -eq 0 ] || return 1
	cp "$tmp/out" "$d.json"
}
num() { grep -o "\"$2\": -\?[0-9.][0-9.eE+-]*" "$1" | head -n 1 | sed 's/.*: //'; }
sites() { grep -o '"circumference_cm": -\?[0-9.][0-9.eE+-]*' "$1" | sed 's/.*: //'; }

printf '%-16s %-9s %8s %16s %8s %8s %8s %7s %7s %6s %7s\n' pose swell_mm base_ml \
	"true_change" photo ellipse err_ml "%chg" "%vol" tape_mm sd_diff
while IFS='|' read -r name mesh opts; do
	[ "$mesh" = - ] && continue
	[ "$MODE" = all ] || echo " $SUITE_POSES " | grep -q " $name " || continue
	render "$name" 1 "$mesh" "$opts" "" || continue
	b=$WORK/$name
	for a in $(amounts "$mesh"); do
		s=$name.swell${a//[\/:]/_}
		render "$s" 2 "$mesh" "$opts" "$a" || continue
		vb=$(truth_num "$b" volume_ml) vs=$(truth_num "$WORK/$s" volume_ml)
		pb=$(num "$b.json" volume_ml) ps=$(num "$WORK/$s.json" volume_ml)
		eb=$(truth_num "$b" ellipse_volume_ml) es=$(truth_num "$WORK/$s" ellipse_volume_ml)
		sb=$(num "$b.json" volume_sd_ml) ss=$(num "$WORK/$s.json" volume_sd_ml)
		dt=$(sub_num "$vs" "$vb") dp=$(sub_num "$ps" "$pb")
		# tape: (photo swollen - photo base) - (hull swollen - hull base) a site
		paste <(truth_list "$b" circumference_cm) <(truth_list "$WORK/$s" circumference_cm) \
			<(sites "$b.json") <(sites "$WORK/$s.json") |
			awk '{ print $4 - $3 - ($2 - $1) }' >"$tmp/tape"
		tape=$(awk '{ d = $1 < 0 ? -$1 : $1; if (d > m) m = d } END { printf "%.2f", m }' "$tmp/tape")
		awk -v n="$name" -v a="$a" -v vb="$vb" -v dt="$dt" -v dp="$dp" -v de="$(sub_num "$es" "$eb")" \
			-v t="$tape" -v sb="$sb" -v ss="$ss" 'BEGIN { e = dp - dt
			printf "%-16s %-9s %8.1f %8.2f %+6.2f%% %8.2f %8.2f %+7.2f %+6.1f%% %+6.2f%% %6.1f %7.1f\n",
				n, a, vb, dt, 100 * dt / vb, dp, de, e, 100 * e / dt, 100 * e / vb, 10 * t,
				sqrt(sb * sb + ss * ss) }'
		expect_near "$dp" "$dt" "$(awk -v v="$vb" -v r=$VOLUME_BAR 'BEGIN { print r * v }')" \
			"$s: the photo's change of volume against the mesh's (mL; bar $VOLUME_BAR of the base)"
		[ "$(wc -l <"$tmp/tape")" -gt 0 ] && [ "$(truth_list "$b" circumference_cm | wc -l)" -eq \
			"$(sites "$WORK/$s.json" | wc -l)" ] || fail "$s: the tape sites do not pair"
		expect_near "$tape" 0 "$TAPE_BAR" "$s: largest error of a tape site's change (cm)"
	done
done <<<"$POSES"

finish
