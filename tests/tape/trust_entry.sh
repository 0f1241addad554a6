#!/bin/bash
# Issue 11, entry: no silent unit traps.  The default spacing is 4 cm
# whatever --unit says; circumferences below the floor of a limb or jumping
# between neighbours as no limb does are asked again at the prompt and
# refused in quick entry and files (exit 65, the site named) unless
# --accept-unusual; `-i --other` asks for missing sites and keeps what was
# typed.  Expected volumes are frustum closed forms (frustum_ml, tests/lib.sh).
LIMBVOL=$1
. "$(dirname "$0")/../lib.sh"
export LIMBVOL_DRAFT="$tmp/draft"


# ---- the default spacing is 4 cm whatever --unit says ----
want=$(frustum_ml 4 17.6 20.4 23.2)
run "$LIMBVOL" tape --unit mm 176 204 232 --format json
expect_status 0 "--unit mm"
expect_near "$(json_num to_cm)" 8 1e-9 "--unit mm: sites every 4 cm, not 4 mm"
expect_near "$(json_num volume_ml)" "$want" 0.01 "--unit mm: the volume of 0-8 cm"
expect_near "$(json_num step_cm)" 4 1e-9 "--unit mm: the spacing is stated"
run "$LIMBVOL" tape --unit mm 176 204 232
expect_out "3 sites every 4 cm from 0 cm" "the text states the spacing"
expect_out "volume 0.0 to 8.0 cm" "the text range in cm"
run "$LIMBVOL" tape --unit mm 176 204 232 --format csv
csv_col() { awk -F, -v k="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == k) c = i } NR == 2 && c { print $c }' "$tmp/out"; }
expect_near "$(csv_col step_cm)" 4 1e-9 "--unit mm: CSV states the spacing too"
expect_near "$(csv_col to_cm)" 8 1e-9 "--unit mm: CSV range in cm"
run "$LIMBVOL" tape --sites 0,4,10 20 21 22 --format csv
checks=$((checks + 1)); [ -z "$(csv_col step_cm)" ] || fail "uneven sites: CSV step_cm empty, got $(csv_col step_cm)"
run "$LIMBVOL" tape --unit mm --step 40 176 204 232 --format json
expect_near "$(json_num volume_ml)" "$want" 0.01 "--unit mm --step 40: an explicit step is in mm"
run "$LIMBVOL" tape --unit in 7 8 9 --format json
expect_near "$(json_num to_cm)" 8 1e-9 "--unit in: the default spacing is 4 cm too"
run "$LIMBVOL" tape --unit in --step 2 7 8 9 --format json
expect_near "$(json_num to_cm)" 10.16 1e-9 "--unit in --step 2: 2 inches"

# ---- the floor and the jump: quick entry refuses, naming the site ----
bad() { # TEXT DESCRIPTION -- ARGS...
	local text=$1 desc=$2
	shift 3
	run "$LIMBVOL" "$@"
	expect_status 65 "$desc"
	expect_err "$text" "$desc"
	expect_err "--accept-unusual" "$desc: says how to accept it"
	expect_empty_out "$desc"
}
bad "site 0 cm: circumference 1.76 cm is below 8 cm" "mm values typed as cm" -- tape --unit mm 17.6 20.4
bad "site 0 cm: circumference 1.5 cm is below 8 cm" "1.5 2 2.5" -- tape 1.5 2 2.5
bad "site 8 cm: circumference 2.8 cm is below 8 cm" "a dropped digit" -- tape 24 26 2.8 29.5
bad "site 4 cm: circumference 62 cm" "a jump no limb has" -- tape 24 62 28
bad "other limb, site 8 cm" "the other limb is checked too" -- tape 24 26 28 --other 24 26 2.8
run "$LIMBVOL" tape 24 62 28 --format json --accept-unusual
expect_status 0 "--accept-unusual takes the rare real case"
expect_near "$(json_num volume_ml)" "$(frustum_ml 4 24 62 28)" 0.01 "--accept-unusual: the values as typed"
run "$LIMBVOL" tape 9 9.5 10
expect_status 0 "9 cm is an arm's (the arm floor is 8 cm)"
# the leg floor (10 cm) where the limb is known
run "$LIMBVOL" tape --sites 0,40 20 45 --format json
expect_status 0 "a wide spacing allows a larger change (x2.25 over 40 cm)"

# ---- files: the limb kind's floor, file:line and the site ----
H='patient,limb,date,phase,site_cm,circumference_cm\n'
printf "${H}P1,left-leg,2026-01-02,pre,0,22\nP1,left-leg,2026-01-02,pre,4,9\n" >"$tmp/leg.csv"
run "$LIMBVOL" tape "$tmp/leg.csv"
expect_status 65 "a leg under 10 cm in a file"
expect_err "leg.csv:3: left-leg, site 4 cm: circumference 9 cm is below 10 cm" "file: line and site named"
expect_err "--accept-unusual" "file: says how to accept it"
expect_empty_out "file refused"
run "$LIMBVOL" tape --accept-unusual "$tmp/leg.csv"
expect_status 0 "file with --accept-unusual"
# the store's ways in say the same: record and import
for cmd in record import; do
	run "$LIMBVOL" "$cmd" --db "$tmp/f-$cmd.db" "$tmp/leg.csv"
	expect_status 65 "$cmd: a leg under 10 cm in a file"
	expect_err "leg.csv:3: left-leg, site 4 cm" "$cmd: line and site named"
	expect_err "--accept-unusual" "$cmd: says how to accept it"
	run "$LIMBVOL" "$cmd" --db "$tmp/f-$cmd.db" --accept-unusual "$tmp/leg.csv"
	expect_status 0 "$cmd: file with --accept-unusual"
done
printf "${H}P1,left-arm,2026-01-02,pre,0,22\nP1,left-arm,2026-01-02,pre,4,9\n" >"$tmp/arm.csv"
run "$LIMBVOL" tape "$tmp/arm.csv"
expect_status 65 "9 after 22 at 4 cm is a jump"
expect_err "arm.csv:3: left-arm, site 4 cm" "file jump: line and site"

# ---- at the prompt: piped is refused with the line, a terminal asks again ----
run sh -c "printf '24\n26\n2.8\n29.5\n\n' | '$LIMBVOL' tape -i"
expect_status 65 "piped -i with a dropped digit"
expect_err "<stdin>:3: this limb, site 8 cm: circumference 2.8 cm is below 8 cm" "piped: the line and site"
if command -v script >/dev/null 2>&1; then
	run sh -c "printf '24\n26\n2.8\n28\n29.5\n\n' | script -qec '$LIMBVOL tape -i --format json' /dev/null"
	expect_status 0 "-i on a terminal: the slip is asked again"
	expect_out "type it again to keep it" "the prompt explains"
	expect_near "$(json_num volume_ml)" "$(frustum_ml 4 24 26 28 29.5)" 0.01 "the corrected value is used"
	run sh -c "printf '9\n9\n9.5\n9.5\n\n' | script -qec '$LIMBVOL record --db $tmp/k.db --patient K1 --limb left-leg -i --format json' /dev/null"
	expect_status 0 "typed again, an unusual value is kept"
	expect_out "below 10 cm" "a leg's floor at the prompt of record"
fi

# ---- -i --other: an early empty line asks for the missing sites ----
want_ev=$(sub_num "$(frustum_ml 4 24 26 28 29)" "$(frustum_ml 4 23 25 24 26)")
run sh -c "printf '24\n26\n28\n29\n\n23\n25\n\n24\n26\n' | '$LIMBVOL' tape -i --other --format json"
expect_status 0 "-i --other with an early empty line"
expect_near "$(json_num excess_ml)" "$want_ev" 0.01 "-i --other: the missing sites were asked for"
# interrupted: kept, and resumed
rm -f "$LIMBVOL_DRAFT"
run sh -c "printf '24\n26\n28\n29\n\n23\n' | '$LIMBVOL' tape -i --other"
expect_status 65 "-i --other interrupted"
expect_err "nothing typed is lost" "interrupted: nothing is lost"
expect_err "--resume" "interrupted: says how to go on"
expect_empty_out "interrupted"
checks=$((checks + 1)); [ "$(stat -c %a "$LIMBVOL_DRAFT" 2>/dev/null)" = 600 ] || fail "the draft is kept 0600"
run sh -c "printf '25\n24\n26\n' | '$LIMBVOL' tape --resume --format json"
expect_status 0 "--resume"
expect_near "$(json_num excess_ml)" "$want_ev" 0.01 "--resume goes on where it stopped"
checks=$((checks + 1)); [ ! -e "$LIMBVOL_DRAFT" ] || fail "a completed entry removes its draft"
run "$LIMBVOL" tape --resume
expect_status 64 "--resume with nothing kept"
expect_err "no interrupted entry is kept" "--resume with nothing kept: says so"
if command -v script >/dev/null 2>&1; then
	printf '24\n26\n28\n29\n\n23\n' | "$LIMBVOL" tape -i --other >/dev/null 2>&1
	run sh -c "printf 'y\n25\n24\n26\n' | script -qec '$LIMBVOL tape -i --other --format json' /dev/null"
	expect_status 0 "a terminal offers the kept entry"
	expect_out "an interrupted entry is kept" "the offer"
	expect_near "$(json_num excess_ml)" "$want_ev" 0.01 "the offered entry goes on"
fi
# record -i refused later (no such session): the typed values are kept
rm -f "$LIMBVOL_DRAFT"
run sh -c "printf '24\n26\n28\n\n' | '$LIMBVOL' record --db '$tmp/r.db' --patient R1 --limb left-arm --session 99 -i"
checks=$((checks + 1)); [ "$status" -ne 0 ] || fail "record --session 99 on a new store fails"
expect_err "nothing typed is lost" "record refused: the typed values are kept"
checks=$((checks + 1)); [ -s "$LIMBVOL_DRAFT" ] || fail "record refused: a draft exists"
finish
