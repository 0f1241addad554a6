#!/bin/bash
# gen_mesh_bench.sh - how long limbvol-gen takes to render a real limb mesh
# (tests/data/meshes: the arm, 22,364 triangles) at photo sizes, against the
# analytic arm of the same scene and size rendered in the same run.
#
#   tests/bench/gen_mesh_bench.sh [BUILD_DIR]
#
# Prints per size the CPU time (user + system, the best of 3 runs) of a
# front + side set from the mesh and from the analytic arm, and their ratio.
# The target (issue 9): a mesh of 20k-50k triangles at photo size (12 MP)
# in at most a few seconds.  Not part of the test suite.
set -eu
build=${1:-build}
gen=$(cd "$build/bin" && pwd)/limbvol-gen
here=$(cd "$(dirname "$0")" && pwd)
MESHES=$here/../data/meshes
. "$here/../capture/mesh_poses.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# cpu CMD...: the best of 3 runs' user + system seconds
cpu() {
	best=
	for _ in 1 2 3; do
		/usr/bin/time -o "$work/time" -f "%U %S" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
		t=$(awk '{ print $1 + $2 }' "$work/time")
		best=$(awk -v a="$t" -v b="${best:-$t}" 'BEGIN { print (a < b ? a : b) }')
	done
	echo "$best"
}

printf '%-10s %10s %12s %7s\n' size mesh_s analytic_s ratio
for size in 800x600 1600x1200 4000x3000; do
	# shellcheck disable=SC2046
	m=$(cpu "$gen" --out "$work/m" $(mesh_args arm) --size "$size" --distance 70 \
		--fov "$(fov 60 70)" --landmark-at 0.37,0.5 --from 0 --to 28)
	a=$(cpu "$gen" --out "$work/a" --size "$size" --distance 70 --fov "$(fov 60 70)" \
		--landmark-at 0.45,0.5 --hand 10)
	[ -n "$m" ] && [ -n "$a" ] || { echo "$size: a render failed" >&2; exit 1; }
	awk -v s="$size" -v m="$m" -v a="$a" 'BEGIN { printf "%-10s %10.2f %12.2f %7.2f\n", s, m, a, m / a }'
done
