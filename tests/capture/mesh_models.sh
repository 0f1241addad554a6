#!/bin/bash
# mesh_models.sh TOOL [ROLLS [FLAGS]] - what section models make of the true widths
# of every shared mesh in the poses of mesh_poses.sh (TOOL: the mesh_models
# program, tests/capture/mesh_models.c; the models: mesh_models_lib.c), and,
# with ROLLS (e.g. "0 30 60 90 120 150"), of the same limbs turned about
# their axes by those angles (the front camera's direction; default 0, the
# suite's poses); FLAGS go to TOOL (--tape: each site's perimeters).  The
# sections depend only on the mesh, the bend and the range: poses that
# share them are measured once ("== NAME (= OTHER...)").
# doc/photo.md quotes the figures; mesh_section_sd.sh checks the sd on them.
TOOL=${1:?usage: mesh_models.sh TOOL [ROLLS [FLAGS]]}
ROLLS=${2:-0}
FLAGS=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
MESHES=$here/../data/meshes
. "$here/mesh_poses.sh"

opt() { sed -n "s/.*--$1 \([^ ]*\).*/\1/p" <<<"$2"; }

declare -A first same
order=()
while IFS='|' read -r name mesh opts; do
	[ "$mesh" = - ] && continue # an analytic shape: no mesh
	key="$mesh $(opt bend "$opts") $(opt bend-at "$opts") $(opt from "$opts") $(opt to "$opts")"
	if [ -n "${first[$key]:-}" ]; then
		same[${first[$key]}]+=" $name"
		continue
	fi
	first[$key]=$name
	order+=("$name|$mesh|$opts")
done <<<"$POSES"

for entry in "${order[@]}"; do
	IFS='|' read -r name mesh opts <<<"$entry"
	# shellcheck disable=SC2046
	set -- $(mesh_args "$mesh")
	stl=$2 lm=$4 tw=$6
	bend=$(opt bend "$opts") at=$(opt bend-at "$opts") step=$(opt step "$opts")
	for roll in $ROLLS; do
		echo "== $name roll $roll${same[$name]:+ (=${same[$name]})}"
		# shellcheck disable=SC2086
		"$TOOL" "$stl" "$lm" "$tw" "$(opt from "$opts")" "$(opt to "$opts")" "${step:-4}" \
			${bend:+$bend $at} --roll "$roll" $FLAGS || exit 1
	done
done
