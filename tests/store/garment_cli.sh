#!/bin/sh
# limbvol garment (issue 13): the RAL-GZ 387 measuring points of a
# made-to-measure garment found on a limb's shape, the others given (--point)
# or asked on a terminal, lengths from the floor (leg) or the wrist (arm).
# The limbs are synthetic, their narrowest and widest places known by
# construction; between sites the profile is linear, so a value read off at a
# position is the linear interpolation, computed here.
#   garment_cli.sh LIMBVOL SOURCE_DIR
LIMBVOL=$1
. "$2/tests/lib.sh"
unset LIMBVOL_DB XDG_DATA_HOME
export HOME="$tmp/home"
mkdir -p "$HOME"
export LIMBVOL_DB="$tmp/g.db"
# a leg every 4 cm from 0: ankle narrowest at 4 cm (21), calf widest at 24
# (37), narrowest below the knee at 36 (33), then the thigh
LEG="24 21 23 27 32 35.5 37 36 34 33 36 40 44 47 50 52 54 55 56"
# an arm every 4 cm: wrist narrowest at 4 (15.5), forearm widest at 16 (24),
# the elbow's dip at 24 (23), the upper arm
ARM="16 15.5 18 21.5 24 23.5 23 24.5 26 27.5 28.5 29"
# csv POINT FIELD: a field of the form's CSV in $tmp/out
# the source, the last column (the "where" before it may hold commas)
src() { awk -F, -v p="$1" '$1 == p { print $NF }' "$tmp/out"; }
pt() { awk -F, -v p="$1" -v k="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } $1 == p { print $c[k] }' "$tmp/out"; }

# ---- a typed leg: the shape gives cB, cC, cD; cF halfway between cE and cG ----
run "$LIMBVOL" garment --limb left-leg --step 4 $LEG --floor 6 --point cB1=10 --point cE=40 \
	--point cG=70 --format csv
expect_status 0 "garment of a typed leg"
expect_near "$(pt cB circumference_cm)" 21 1e-9 "cB: the narrowest ankle"
expect_near "$(pt cB position_cm)" 4 1e-9 "cB at 4 cm"
expect_near "$(pt cB length_cm)" 10 1e-9 "lB from the floor: 6 + 4"
expect_near "$(pt cC circumference_cm)" 37 1e-9 "cC: the widest calf"
expect_near "$(pt cC length_cm)" 30 1e-9 "lC: 6 + 24"
expect_near "$(pt cD circumference_cm)" 33 1e-9 "cD: narrowest below the knee"
expect_near "$(pt cD position_cm)" 36 1e-9 "cD at 36 cm"
expect_near "$(pt cB1 circumference_cm)" 25 1e-9 "cB1 read off at 10 cm: halfway from 23 to 27"
expect_near "$(pt cF position_cm)" 55 1e-9 "cF halfway between cE (40) and cG (70)"
expect_near "$(pt cF circumference_cm)" 49.25 1e-9 "cF read off at 55: 47 + 3/4 (50 - 47)"
expect_near "$(pt cG circumference_cm)" 55.5 1e-9 "cG read off at 70"
checks=$((checks + 1))
[ "$(src cB)" = found ] && [ "$(src cE)" = "read off" ] && [ "$(src cF)" = halfway ] ||
	fail "the source of each value: $(cat "$tmp/out")"
checks=$((checks + 1))
grep -q '^cA,' "$tmp/out" && fail "cA without --foot" || :
# ---- what the shape cannot tell: refused without a terminal, named ----
run "$LIMBVOL" garment --limb left-leg --step 4 $LEG
expect_status 65 "missing points without a terminal"
expect_err "missing: cB1, cE, cF, cG, --floor" "the missing points named"
expect_empty_out "nothing printed for a form with holes"
run "$LIMBVOL" garment --limb left-leg --step 4 $LEG --floor 6 --point cB1=10 --point cE=40 --point cG=90
expect_status 65 "a position outside the measurement"
expect_err "outside the measured limb" "says why"
run "$LIMBVOL" garment --limb left-leg --step 4 $LEG --floor 6 --point cB1=10 --point cE=40 \
	--point cG=90:60 --foot --point cA=:23.5 --point cY=:31 --format json
expect_status 0 "cG beyond the measurement with its circumference, the foot given"
expect_out '"point": "cA", "length_name": "", "circumference_cm": 23.5' "the foot's cA"
expect_out '"point": "cF", "length_name": "lF", "circumference_cm": 54.25' "cF at 65 cm (40 to 90): 54 + 1/4 (55 - 54)"
run "$LIMBVOL" garment --limb left-leg --step 4 $LEG --point cZ=4
expect_status 64 "an unknown point"
run "$LIMBVOL" garment --limb left-leg --step 4 $LEG --point cB=x
expect_status 64 "a point that is no number"
# ---- asked on a terminal (script gives it one) ----
if command -v script >/dev/null; then
	printf '10\n40\n70\n6\n' | script -qec "'$LIMBVOL' garment --limb left-leg --step 4 $LEG --format csv" /dev/null >"$tmp/out" 2>&1
	checks=$((checks + 1))
	tr -d '\r' <"$tmp/out" | grep -q '^cG,lG,55.5,76,70,' && grep -q '^cB1,lB1,25,16,10,' "$tmp/out" &&
		grep -q "cE, middle of the knee" "$tmp/out" ||
		fail "garment on a terminal: the answers used: $(cat "$tmp/out")"
fi
# ---- an arm: lengths from the wrist point cC ----
run "$LIMBVOL" garment --limb right-arm --step 4 $ARM --point cE=24 --point cG=44 --format csv
expect_status 0 "garment of a typed arm"
expect_near "$(pt cC circumference_cm)" 15.5 1e-9 "cC: the narrowest wrist"
expect_near "$(pt cC length_cm)" 0 1e-9 "lC = 0: arm lengths from the wrist"
expect_near "$(pt cD circumference_cm)" 24 1e-9 "cD: the widest forearm"
expect_near "$(pt cD length_cm)" 12 1e-9 "lD: 16 - 4"
expect_near "$(pt cF circumference_cm)" 26.75 1e-9 "cF halfway between 24 and 44: at 34, 26 + 1/2 (27.5 - 26)"
expect_near "$(pt cG length_cm)" 40 1e-9 "lG: 44 - 4"
# ---- a stored measurement, a tape file ----
run "$LIMBVOL" record --patient G1 --limb left-leg --date 2026-03-02 --step 4 $LEG
expect_status 0 "record the leg"
run "$LIMBVOL" garment 1 --floor 6 --point cB1=10 --point cE=40 --point cG=70 --format csv
expect_status 0 "garment of stored measurement 1"
expect_near "$(pt cC circumference_cm)" 37 1e-9 "the stored leg's calf"
run "$LIMBVOL" garment 99 --floor 6
expect_status 66 "no measurement 99"
{ echo "patient,limb,date,phase,site_cm,circumference_cm"; s=0; for c in $ARM; do echo "G2,left-arm,2026-03-02,other,$s,$c"; s=$((s + 4)); done; s=0; for c in $LEG; do echo "G2,right-leg,2026-03-02,other,$s,$c"; s=$((s + 4)); done; } >"$tmp/t.csv"
run "$LIMBVOL" garment "$tmp/t.csv" --limb right-leg --floor 0 --point cB1=10 --point cE=40 --point cG=70 --format csv
expect_status 0 "garment of a tape file's leg"
expect_near "$(pt cD length_cm)" 36 1e-9 "the file's leg, floor 0"
# ---- a photo measurement: found on its continuous profile (slices every 1 cm) ----
# equal front and side widths C / pi: the ellipse's perimeter is C.  The ankle
# is narrowest at 5 cm, between the sites a 4 cm tape would have.
awk 'BEGIN {
	print "record,patient,limb,date,phase,site_cm,circumference_cm,width_side_cm,measurement,session,kind,notes,method,model,tape_sd_cm,volume_ml,sd_ml,source,birth_year,sex,weight_kg,affected,landmark"
	print "patient,PH,,,,,,,,,,,,,,,,,,,,,"
	pi = 3.14159265358979
	for (s = 0; s <= 60; s++) {
		if (s <= 5) c = 24 - 3 * s / 5; else if (s <= 25) c = 21 + 16 * (s - 5) / 20;
		else if (s <= 37) c = 37 - 4 * (s - 25) / 12; else c = 33 + (s - 37) * 0.8
		w = c / pi
		printf "site,PH,left-leg,2026-03-02,other,%d,%.9f,%.9f,1,,,,photo,ellipse,0.05,10000,10,set1,,,,,\n", s, w, w
	}
}' >"$tmp/photo.csv"
run "$LIMBVOL" import "$tmp/photo.csv"
expect_status 0 "import a photo measurement"
id=$("$LIMBVOL" history PH --format csv | awk -F, 'NR == 2 { print $2 }')
run "$LIMBVOL" garment "$id" --floor 2 --point cB1=12.5 --point cE=45 --point cG=60 --format csv
expect_status 0 "garment of a photo measurement"
expect_near "$(pt cB position_cm)" 5 1e-9 "the photo's ankle, narrowest at 5 cm"
expect_near "$(pt cB circumference_cm)" 21 1e-6 "its perimeter there"
expect_near "$(pt cC position_cm)" 25 1e-9 "the photo's calf at 25 cm"
expect_near "$(pt cD position_cm)" 37 1e-9 "below its knee at 37 cm"
expect_near "$(pt cB1 circumference_cm)" 27 1e-6 "cB1 read off at 12.5 cm: 21 + 16 x 7.5 / 20"

finish
