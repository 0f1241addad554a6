#!/bin/bash
# `limbvol mask` end to end on ideal masks from the generator: volumes and
# virtual-tape circumferences against closed forms computed here (awk), and
# a limb-like shape against the generator's independent integration.
LIMBVOL=$1
GEN=$2
. "$(dirname "$0")/../lib.sh"

# origin_of DIR: "X,Y" from DIR/truth.json
origin_of() { grep -o '"origin_px": \[[^]]*\]' "$1/truth.json" | sed 's/.*\[\(.*\), \(.*\)\]/\1,\2/'; }
calc() { awk "BEGIN { pi = atan2(0, -1); printf \"%.6f\", $1 }"; }

# elliptic cylinder, semi-axes 4 and 3 cm, 20 px/cm, tilted 10 degrees
"$GEN" --out "$tmp/ell" --mask-only --shape ellipse --radius 4 --ratio 0.75 \
	--px-per-cm 20 --size 1500x600 --landmark-at 0.2,0.45 --tilt 10 || fail "gen ellipse"
O=$(origin_of "$tmp/ell")
run "$LIMBVOL" mask "$tmp/ell/front.png" "$tmp/ell/side.png" --px-per-cm 20 --origin-px "$O" \
	--from 0 --to 40 --format json
expect_status 0 "ellipse"
expect_near "$(json_num volume_ml)" "$(calc 'pi * 4 * 3 * 40')" "$(calc 'pi * 4 * 3 * 40 * 0.005')" \
	"elliptic cylinder volume within 0.5 %"
# Ramanujan's perimeter of the 8 x 6 cm ellipse (good to ~1e-5 here)
P=$(calc 'pi * (3 * 7 - sqrt(15 * 13))')
expect_near "$(json_num circumference_cm)" "$P" 0.03 "ellipse circumference at site 0"
expect_out '"segments": [{"from_cm": 0, "to_cm": 4,' "segments every 4 cm"
expect_out '"site_cm": 40,' "last site"
expect_out '"volume_sd_ml": ' "sd reported"
# '-': either mask from standard input, the same closed form; one at most
mkdir "$tmp/t"
run env TMPDIR="$tmp/t" "$LIMBVOL" mask - "$tmp/ell/side.png" --px-per-cm 20 --origin-px "$O" \
	--from 0 --to 40 --format json <"$tmp/ell/front.png"
expect_status 0 "ellipse: front mask from standard input"
expect_near "$(json_num volume_ml)" "$(calc 'pi * 4 * 3 * 40')" "$(calc 'pi * 4 * 3 * 40 * 0.005')" \
	"front from standard input: elliptic cylinder volume within 0.5 %"
run env TMPDIR="$tmp/t" "$LIMBVOL" mask "$tmp/ell/front.png" - --px-per-cm 20 --origin-px "$O" \
	--from 0 --to 40 --format json <"$tmp/ell/side.png"
expect_near "$(json_num volume_ml)" "$(calc 'pi * 4 * 3 * 40')" "$(calc 'pi * 4 * 3 * 40 * 0.005')" \
	"side from standard input: elliptic cylinder volume within 0.5 %"
run "$LIMBVOL" mask - - --px-per-cm 20 --origin-px "$O" <"$tmp/ell/front.png"
expect_status 64 "two masks from standard input"
expect_err "only one mask can come from standard input" "mask - -"
checks=$((checks + 1))
[ -z "$(ls -A "$tmp/t")" ] || fail "mask -: the copy of standard input is left: $(ls -A "$tmp/t")"

# cone (circular), tilted 30 degrees, leaving the frame at the bottom right
"$GEN" --out "$tmp/cone" --mask-only --shape cone --radius 4 --taper 0.04 \
	--px-per-cm 15 --size 1200x900 --landmark-at 0.2,0.2 --tilt 30 || fail "gen cone"
O=$(origin_of "$tmp/cone")
V=$(calc 'pi / 3 * 40 * (16 + 4 * 5.6 + 5.6 * 5.6)')
run "$LIMBVOL" mask "$tmp/cone/front.png" "$tmp/cone/side.png" --px-per-cm 15 --origin-px "$O" \
	--from 0 --to 40 --step 5 --format json
expect_status 0 "cone"
expect_near "$(json_num volume_ml)" "$V" "$(calc "$V * 0.005")" "cone volume within 0.5 %"
expect_out '"site_cm": 35,' "sites every --step 5"
# one view: circles, flagged
run "$LIMBVOL" mask "$tmp/cone/front.png" --px-per-cm 15 --origin-px "$O" --from 0 --to 40
expect_status 0 "cone, one view"
expect_out "one view only" "one view flagged"
expect_out "volume 0.0 to 40.0 cm: " "text volume line"
got=$(grep -o 'volume 0.0 to 40.0 cm: [0-9.]*' "$tmp/out" | sed 's/.*: //')
expect_near "$got" "$V" "$(calc "$V * 0.005")" "cone volume from one view"
# csv
run "$LIMBVOL" mask "$tmp/cone/front.png" --px-per-cm 15 --origin-px "$O" --from 0 --to 40 --format csv
expect_status 0 "csv"
expect_out "patient,limb,date,phase,model,from_cm,to_cm" "csv header"
expect_out ",ellipse,0.00,40.00," "csv row"

# a limb-like shape (arm) against the generator's own integration
"$GEN" --out "$tmp/arm" --mask-only --shape arm --seed 7 --px-per-cm 12 --size 1300x400 \
	--landmark-at 0.1,0.5 --from 0 --to 60 --step 4 || fail "gen arm"
O=$(origin_of "$tmp/arm")
run "$LIMBVOL" mask "$tmp/arm/front.png" "$tmp/arm/side.png" --px-per-cm 12 --origin-px "$O" \
	--from 0 --to 60 --format json
expect_status 0 "arm"
TV=$(grep -o '"volume_ml": [0-9.]*' "$tmp/arm/truth.json" | sed 's/.*: //')
expect_near "$(json_num volume_ml)" "$TV" "$(calc "$TV * 0.01")" "arm volume within 1 % of the truth"
grep -o '"circumference_cm": [0-9.]*' "$tmp/arm/truth.json" | sed 's/.*: //' > "$tmp/want"
grep -o '"circumference_cm": [0-9.]*' "$tmp/out" | sed 's/.*: //' > "$tmp/got"
checks=$((checks + 1))
[ "$(wc -l < "$tmp/want")" -eq 16 ] && [ "$(wc -l < "$tmp/got")" -eq 16 ] ||
	fail "arm: 16 sites expected in both (truth $(wc -l < "$tmp/want"), mask $(wc -l < "$tmp/got"))"
checks=$((checks + 1))
paste "$tmp/got" "$tmp/want" | awk '{ d = $1 - $2; if (d < 0) d = -d; if (d > 0.1) exit 1 }' ||
	fail "arm: a circumference differs from the truth by more than 1 mm: $(paste "$tmp/got" "$tmp/want" | tr '\n' ' ')"

# a hand bent 35 degrees at the wrist: the axis is fitted on --from..--to
"$GEN" --out "$tmp/hand" --mask-only --hand 35 --px-per-cm 10 --size 900x400 \
	--landmark-at 0.4,0.6 --from 0 --to 40 || fail "gen hand"
O=$(origin_of "$tmp/hand")
TV=$(grep -o '"volume_ml": [0-9.]*' "$tmp/hand/truth.json" | sed 's/.*: //')
run "$LIMBVOL" mask "$tmp/hand/front.png" "$tmp/hand/side.png" --px-per-cm 10 --origin-px "$O" \
	--from 0 --to 40 --format json
expect_status 0 "bent hand"
expect_near "$(json_num volume_ml)" "$TV" "$(calc "$TV * 0.005")" "volume with a bent hand within 0.5 %"

# a side mask whose landmark is elsewhere: the range is outside the side view
run "$LIMBVOL" mask "$tmp/arm/front.png" "$tmp/arm/side.png" --px-per-cm 12 --origin-px "$O" \
	--side-origin-px 900,200 --from 0 --to 60
expect_status 65 "side range"
expect_err "not inside the side view" "side range message"
expect_empty_out "side range"
finish
