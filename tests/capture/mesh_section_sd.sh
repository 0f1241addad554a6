#!/bin/bash
# mesh_section_sd.sh TOOL - the section-shape term of limbvol photo's sd
# (capture/src/photo.h: PHOTO_SECTION_REL_SD with two views,
# PHOTO_SECTION_REL_SD_ONE_VIEW with one) against what elliptical slices
# (two views) and circular slices (one) make of the true widths of every
# shared mesh, each turned about its axis by 0 to 150 degrees in 30-degree
# steps (mesh_models.sh, truth from the meshes): the error within 2 sd on at
# least 95 % of them (issue 9's coverage), and the sd no more than 1.5 times
# their RMS (an sd that large would say less than the photos know).  The
# same for the virtual tape's section term (PHOTO_TAPE_SECTION_REL_SD, _ONE_VIEW):
# the ellipse's (circle's) perimeter against the convex hull's at every site.
TOOL=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
header=$here/../../capture/src/photo.h
sd2=$(sed -n 's/^#define PHOTO_SECTION_REL_SD \([0-9.]*\).*/\1/p' "$header")
sd1=$(sed -n 's/^#define PHOTO_SECTION_REL_SD_ONE_VIEW \([0-9.]*\).*/\1/p' "$header")
tsd2=$(sed -n 's/^#define PHOTO_TAPE_SECTION_REL_SD \([0-9.]*\).*/\1/p' "$header")
tsd1=$(sed -n 's/^#define PHOTO_TAPE_SECTION_REL_SD_ONE_VIEW \([0-9.]*\).*/\1/p' "$header")
checks=$((checks + 1))
[ -n "$sd2" ] && [ -n "$sd1" ] && [ -n "$tsd2" ] && [ -n "$tsd1" ] ||
	fail "the section sd constants are not in $header"

run bash "$here/mesh_models.sh" "$TOOL" "0 30 60 90 120 150" --tape
expect_status 0 "mesh_models.sh"
n=$(grep -c '^model ell2' "$tmp/out")
checks=$((checks + 1))
[ "$n" -ge 24 ] || fail "expected at least 4 limbs x 6 turns, got $n"

# coverage MODEL SD: fraction within 2 sd, RMS (both of the volume errors;
# tape-ell2, tape-circ: of the tape lines' perimeters against the hull's)
coverage() {
	awk -v m="$1" -v sd="$2" '$1 == "model" && $2 == m { e = $4 / 100 }
		$1 == "tape" && m == "tape-ell2" { e = $6 / $4 - 1 }
		$1 == "tape" && m == "tape-circ" { e = $8 / $4 - 1 }
		e != "" { n++; ss += e * e; if (e < 0) e = -e; if (e <= 2 * sd) in2++; e = "" }
		END { if (n) printf "%.4f %.5f %d\n", in2 / n, sqrt(ss / n), n }' "$tmp/out"
}
n=$(grep -c '^tape' "$tmp/out")
checks=$((checks + 1))
[ "$n" -ge 150 ] || fail "expected at least 150 tape sites, got $n"
for pair in "ell2 $sd2 two views" "circ $sd1 one view" "tape-ell2 $tsd2 two views" \
	"tape-circ $tsd1 one view"; do
	set -- $pair
	read -r frac rms count <<<"$(coverage "$1" "$2")"
	echo "$1 ($3 $4): sd $2, within 2 sd: $frac of $count, RMS error $rms"
	checks=$((checks + 1))
	awk -v f="$frac" 'BEGIN { exit !(f >= 0.95) }' ||
		fail "$1: the error is within 2 sd ($2) on only $frac of the meshes' turns"
	checks=$((checks + 1))
	awk -v r="$rms" -v s="$2" 'BEGIN { exit !(s <= 1.5 * r) }' ||
		fail "$1: sd $2 is more than 1.5 times the RMS error $rms"
done
finish
