#!/bin/sh
# Issue 11, the store: history compares like with like (the range both limbs
# cover, stated; no figures with a note when it is too short).  Expected
# values are cylinder closed forms, V = h C^2 / 4 pi, computed here.
#   trust_cli.sh LIMBVOL SOURCE_DIR
LIMBVOL=$1
. "$2/tests/lib.sh"
unset LIMBVOL_DB XDG_DATA_HOME
export HOME="$tmp/home"
mkdir -p "$HOME"
db="$tmp/h.db"
cyl() { awk -v h="$1" -v c="$2" 'BEGIN { printf "%.6f", h * c * c / (4 * 3.14159265358979) }'; }
# the first non-null number of KEY in stdout
jnum() { grep -o "\"$1\": -\?[0-9][0-9.]*" "$tmp/out" | head -n 1 | sed 's/.*: //'; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a - b }'; }

rec() { # PATIENT LIMB DATE PHASE VALUES...
	p=$1 l=$2 d=$3 ph=$4
	shift 4
	run "$LIMBVOL" record --db "$db" --patient "$p" --limb "$l" --date "$d" --phase "$ph" "$@"
	expect_status 0 "record $p $l $d $ph"
}
# right arm 0-20 cm (C 25) against left arm 0-12 cm (C 20): compared over 0-12
rec H1 right-arm 2026-03-02 baseline --affected 25 25 25 25 25 25
rec H1 left-arm 2026-03-02 baseline 20 20 20 20
run "$LIMBVOL" history --db "$db" H1 --format json
expect_status 0 "history of different lengths"
expect_near "$(json_num ev_ml)" "$(sub "$(cyl 12 25)" "$(cyl 12 20)")" 0.001 "EV over the common 0-12 cm"
expect_near "$(json_num pev_percent)" 56.25 0.001 "PEV over the common 0-12 cm (625/400 - 1)"
expect_near "$(json_num compared_to_cm)" 12 1e-9 "history states the range compared"
run "$LIMBVOL" history --db "$db" H1
expect_out "0-12" "the text history shows the range"

# issue 11: right arm 0-20 cm against left arm 0-8 cm: no figures, a note
rec H2 right-arm 2026-03-02 pre --affected 25 25 25 25 25 25
rec H2 left-arm 2026-03-02 pre 20 20 20
run "$LIMBVOL" history --db "$db" H2 --format json
expect_status 0 "history with too short a common range"
expect_out '"ev_ml": null' "no EV over 8 cm of 20"
expect_out '"pev_percent": null' "no PEV over 8 cm of 20"
expect_out 'shorter than 10 cm' "the note says why"
run "$LIMBVOL" history --db "$db" H2
expect_out "shorter than 10 cm" "the text history notes it"
checks=$((checks + 1)); grep -q "726" "$tmp/out" && fail "the old EV of unequal lengths (726.4) is gone"

# pre -> post over what both cover: post measured 0-16 against a pre of 0-20
rec H3 right-arm 2026-03-09 pre 25 25 25 25 25 25
rec H3 right-arm 2026-03-09 post 24 24 24 24 24
run "$LIMBVOL" history --db "$db" H3 --format json
expect_near "$(jnum change_ml)" "$(sub "$(cyl 16 24)" "$(cyl 16 25)")" 0.001 "post - pre over the common 0-16 cm"

# tape files: both sides of a visit over different ranges compare over the shared one
printf 'patient,limb,date,phase,site_cm,circumference_cm\n' >"$tmp/v.csv"
for s in 0 4 8 12 16 20; do echo "F1,right-arm,2026-03-02,pre,$s,25" >>"$tmp/v.csv"; done
for s in 0 4 8 12; do echo "F1,left-arm,2026-03-02,pre,$s,20" >>"$tmp/v.csv"; done
run "$LIMBVOL" tape --format json "$tmp/v.csv"
expect_status 0 "a tape file with sides of different lengths"
expect_near "$(json_num excess_ml)" "$(sub "$(cyl 12 25)" "$(cyl 12 20)")" 0.001 "file: EV over the common 0-12 cm"
expect_near "$(json_num compared_to_cm)" 12 1e-9 "file: the range is stated"
expect_near "$(json_num volume_ml)" "$(cyl 20 25)" 0.01 "file: the limb's own volume is still its whole range"
finish
