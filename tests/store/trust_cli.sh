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
# JSON numbers read back to the same double (issue 9): the volumes are the
# closed forms 1200/pi and 3125/pi to the last digits, not rounded to 0.001
run "$LIMBVOL" history --db "$db" H1 --format json
checks=$((checks + 1))
grep -o '"volume_ml": [0-9.e+-]*' "$tmp/out" | sed 's/.*: //' | awk '{ a = 1200 / 3.14159265358979323846;
	b = 3125 / 3.14159265358979323846; d = $1 - a; e = $1 - b; d = d < 0 ? -d : d; e = e < 0 ? -e : e
	if (!((d < e ? d / a : e / b) < 1e-12)) bad = 1; n++ } END { exit bad || n != 2 }' ||
	fail "history JSON: volumes to the last digit expected: $(grep -o '"volume_ml": [0-9.e+-]*' "$tmp/out")"

# at 80 columns the 'over cm' column is cut for a drainage course: the range
# is still stated, under the table, for the rows it differs in
"$LIMBVOL" record --db "$tmp/w.db" "$2/samples/patient-followup.csv" >/dev/null 2>&1 || fail "record the sample course"
run "$LIMBVOL" record --db "$tmp/w.db" --patient LV-0001 --limb right-arm --date 2026-05-04T09:00 --phase pre 25 25 25 25 25 25
run "$LIMBVOL" record --db "$tmp/w.db" --patient LV-0001 --limb left-arm --date 2026-05-04T09:05 --phase pre 20 20 20 20
expect_status 0 "a short pair after the course"
run env COLUMNS=80 "$LIMBVOL" history --db "$tmp/w.db" LV-0001
expect_out "not shown at this width:" "80 columns cut some columns"
expect_out "EV, PEV over 0-40 cm; id 21 over 0-12 cm." "80 columns: the compared ranges stated under the table"

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
expect_near "$(jnum change_to_cm)" 16 1e-9 "history states the change's range"
run "$LIMBVOL" history --db "$db" H3
expect_out "change over 0-16 cm, the range it shares with its pre" "the text history states the change's range"
# RVC over what all four share: a baseline pair over 0-12 cm, a visit over 0-20
rec H4 right-arm 2026-03-02 baseline --affected 20 20 20 20
rec H4 left-arm 2026-03-02 baseline 20 20 20 20
rec H4 right-arm 2026-04-02 other 25 25 25 25 25 25
rec H4 left-arm 2026-04-02 other 20 20 20 20 20 20
run "$LIMBVOL" history --db "$db" H4 --format json
expect_near "$(grep -o '"rvc_percent": [0-9][0-9.e+-]*' "$tmp/out" | tail -n 1 | sed 's/.*: //')" 56.25 0.001 \
	"RVC over the common 0-12 cm ((625 x 400) / (400 x 400) - 1)"
expect_near "$(grep -o '"rvc_to_cm": [0-9][0-9.e+-]*' "$tmp/out" | tail -n 1 | sed 's/.*: //')" 12 1e-9 "history states the RVC's range"
expect_near "$(grep -o '"ev_ml": [0-9][0-9.e+-]*' "$tmp/out" | tail -n 1 | sed 's/.*: //')" "$(sub "$(cyl 20 25)" "$(cyl 20 20)")" 0.001 "the visit's EV over its own 0-20 cm"
run "$LIMBVOL" history --db "$db" H4
expect_out "RVC over 0-12 cm, the range it shares with the baseline pair" "the text history states the RVC's range"

# tape files: both sides of a visit over different ranges compare over the shared one
printf 'patient,limb,date,phase,site_cm,circumference_cm\n' >"$tmp/v.csv"
for s in 0 4 8 12 16 20; do echo "F1,right-arm,2026-03-02,pre,$s,25" >>"$tmp/v.csv"; done
for s in 0 4 8 12; do echo "F1,left-arm,2026-03-02,pre,$s,20" >>"$tmp/v.csv"; done
run "$LIMBVOL" tape --format json "$tmp/v.csv"
expect_status 0 "a tape file with sides of different lengths"
expect_near "$(json_num excess_ml)" "$(sub "$(cyl 12 25)" "$(cyl 12 20)")" 0.001 "file: EV over the common 0-12 cm"
expect_near "$(json_num compared_to_cm)" 12 1e-9 "file: the range is stated"
expect_near "$(json_num volume_ml)" "$(cyl 20 25)" 0.01 "file: the limb's own volume is still its whole range"

# the sample photo sets: left arm 0-52 cm, right arm 0-56 cm.  Compared as
# equals they gave EV 94.8 mL, PEV 4.0 % (class none); over the common 0-52
# cm the truth (the generator's widths, elliptical slices) is about 320 mL.
BIN=${3:-}
if [ -n "$BIN" ] && [ -x "$BIN/limbvol-batch" ]; then
	mkdir -p "$tmp/sets"
	cp -r "$2/samples/photos/arm-left" "$2/samples/photos/arm-right" "$tmp/sets/"
	run "$BIN/limbvol-batch" "$tmp/sets" --jobs 2 --db "$tmp/ph.db" --out "$tmp/ph.csv"
	expect_status 0 "batch of the sample arm sets"
	left=$(grep -o '"volume_ml": [0-9.]*' "$2/samples/photos/arm-left/truth.json" | head -n 1 | sed 's/.*: //')
	right=$(grep -o '"site_cm": [0-9.]*, "circumference_cm": [0-9.]*, "width_front_cm": [0-9.]*, "width_side_cm": [0-9.]*' \
		"$2/samples/photos/arm-right/truth.json" | tr -d '",:' |
		awk '{ s = $2; p = $6; q = $8
			if (NR > 1 && s <= 52) v += (s - s0) * 3.14159265358979 / 4 * (2 * p0 * q0 + p0 * q + p * q0 + 2 * p * q) / 6
			s0 = s; p0 = p; q0 = q } END { printf "%.4f", v }')
	run "$LIMBVOL" history --db "$tmp/ph.db" DEMO-01 --format json
	expect_near "$(jnum compared_to_cm)" 52 1e-9 "photo sets: compared over the common 0-52 cm"
	expect_near "$(jnum ev_ml)" "$(sub "$left" "$right")" 25 "photo sets: EV over 0-52 cm against the generator's truth"
fi

# ---- the duplicate rule ----
count() { "$LIMBVOL" patients --db "$1" --format csv | awk -F, -v p="$2" '$1 == p { print $2 }'; }
d2="$tmp/d.db"
run "$LIMBVOL" record --db "$d2" --patient D1 --limb left-arm --date 2026-04-01T09:30 --phase pre 20 21 22 23
expect_status 0 "record once"
run "$LIMBVOL" record --db "$d2" --patient D1 --limb left-arm --date 2026-04-01T09:30 --phase pre 20 21 22 23
expect_status 65 "record refuses an exact duplicate"
expect_err "already stored as id 1" "the refusal names the stored id"
expect_err "--allow-duplicate" "the refusal says how to store it anyway"
checks=$((checks + 1)); [ "$(count "$d2" D1)" = 1 ] || fail "the duplicate was not stored"
run "$LIMBVOL" record --db "$d2" --patient D1 --limb left-arm --date 2026-04-01T09:31 --phase pre 20 21 22 23
expect_status 0 "another time is another measurement"
run "$LIMBVOL" record --db "$d2" --patient D1 --limb left-arm --date 2026-04-01T09:30 --phase pre 20 21 22 23.1
expect_status 0 "another value is another measurement"
run "$LIMBVOL" record --db "$d2" --patient D1 --limb left-arm --date 2026-04-01T09:30 --phase pre --allow-duplicate 20 21 22 23
expect_status 0 "--allow-duplicate stores it"
checks=$((checks + 1)); [ "$(count "$d2" D1)" = 4 ] || fail "4 measurements, one of them a duplicate"

# a file recorded twice: the second time is refused, naming the line and the stored id
printf 'patient,limb,date,phase,site_cm,circumference_cm\nR2,left-arm,2026-04-03,pre,0,20\nR2,left-arm,2026-04-03,pre,4,21\n' >"$tmp/r1.csv"
run "$LIMBVOL" record --db "$d2" "$tmp/r1.csv"
expect_status 0 "record a file once"
run "$LIMBVOL" record --db "$d2" "$tmp/r1.csv"
expect_status 65 "record the same file again"
expect_err "r1.csv:2: left-arm 2026-04-03 pre: the same measurement" "a file's duplicate: its line"
expect_err "already stored as id 5" "a file's duplicate: the stored id"

# an export/import round trip reproduces the store exactly, duplicates included
for f in csv json; do
	"$LIMBVOL" export --db "$d2" D1 --format $f >"$tmp/e.$f" || fail "export $f"
	run "$LIMBVOL" import --db "$tmp/rt-$f.db" "$tmp/e.$f"
	expect_status 0 "import of the $f export into an empty store"
	checks=$((checks + 1)); [ "$(count "$tmp/rt-$f.db" D1)" = 4 ] || fail "$f round trip: 4 measurements, the duplicate kept"
	"$LIMBVOL" export --db "$tmp/rt-$f.db" D1 --format $f | cmp -s - "$tmp/e.$f" || fail "$f round trip: the store is reproduced exactly"
	checks=$((checks + 1))
	# into the store it came from: every one is a duplicate, reported by id and line
	run "$LIMBVOL" import --db "$tmp/rt-$f.db" "$tmp/e.$f"
	expect_status 0 "import of a store into itself"
	expect_err "stored as id 1" "$f import names the stored id"
	expect_err "e.$f:" "$f import names the line"
	expect_out "4 duplicates of stored measurements, skipped" "$f import counts them"
	checks=$((checks + 1)); [ "$(count "$tmp/rt-$f.db" D1)" = 4 ] || fail "$f: nothing stored twice"
done
# a tape file imported twice: the second time is reported, --allow-duplicate stores it
printf 'patient,limb,date,phase,site_cm,circumference_cm\nT1,left-arm,2026-04-02,pre,0,20\nT1,left-arm,2026-04-02,pre,4,21\n' >"$tmp/t.csv"
"$LIMBVOL" import --db "$tmp/t.db" "$tmp/t.csv" >/dev/null 2>&1
run "$LIMBVOL" import --db "$tmp/t.db" "$tmp/t.csv"
expect_err "t.csv:2: the same measurement is stored as id 1" "tape import: the duplicate's line and id"
run "$LIMBVOL" import --db "$tmp/t.db" --allow-duplicate "$tmp/t.csv"
checks=$((checks + 1)); [ "$(count "$tmp/t.db" T1)" = 2 ] || fail "import --allow-duplicate stores it"
printf 'patient,limb,date,phase,site_cm,circumference_cm\nT1,left-leg,2026-04-02,pre,0,22\nT1,left-leg,2026-04-02,pre,4,2.3\n' >"$tmp/u.csv"
run "$LIMBVOL" import --db "$tmp/t.db" "$tmp/u.csv"
expect_status 65 "import refuses a leg of 2.3 cm"
expect_err "u.csv:3: left-leg, site 4 cm" "import: the site and line"

# ---- a post without a pre of the same limb on the same day says so ----
p3="$tmp/p.db"
run "$LIMBVOL" record --db "$p3" --patient LV-0001 --limb right-arm --phase pre --date 2026-05-04 --step 4 17.9 20.8 23.5 25.6
expect_status 0 "the tour's pre"
run "$LIMBVOL" record --db "$p3" --patient LV-0001 --limb right-arm --phase post --step 4 17.5 20.5 23.2 25.4
expect_status 0 "a post without a date is stored"
expect_err "no pre measurement of right-arm on" "a post with no pre that day says so"
run "$LIMBVOL" record --db "$p3" --patient LV-0001 --limb right-arm --phase post --date 2026-05-04 --step 4 17.6 20.6 23.3 25.5
expect_status 0 "the tour's post, dated"
checks=$((checks + 1)); grep -q "no pre measurement" "$tmp/err" && fail "a post with its pre says nothing"
run "$LIMBVOL" history --db "$p3" LV-0001 --format json
expect_near "$(jnum change_ml)" "$(awk 'BEGIN { pi = 3.14159265358979
	v = 0; split("17.9 20.8 23.5 25.6", a, " "); split("17.6 20.6 23.3 25.5", b, " ")
	for (i = 1; i < 4; i++) v += 4 * (b[i]^2 + b[i]*b[i+1] + b[i+1]^2 - a[i]^2 - a[i]*a[i+1] - a[i+1]^2) / (12 * pi)
	printf "%.6f", v }')" 0.002 "the dated post pairs with the pre: post - pre"
finish
