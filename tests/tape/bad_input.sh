#!/bin/bash
# Every malformed input of `limbvol tape`: a clear message that says where
# (argument, or file:line:column) and what was expected, the documented exit
# code (64 arguments, 65 data, 66 missing file), and nothing on stdout.
LIMBVOL=$1
. "$(dirname "$0")/../lib.sh"

bad_args() { # CODE TEXT DESCRIPTION -- ARGS...
	local code=$1 text=$2 desc=$3
	shift 4
	run "$LIMBVOL" tape "$@"
	expect_status "$code" "$desc"
	expect_err "$text" "$desc"
	expect_empty_out "$desc"
}

bad_args 64 "argument 3: expected a circumference in cm, found 'abc'" "text where a number belongs" -- 17.5 19 abc
bad_args 64 "expected a circumference in cm, found '1x9'" "junk after a number" -- 17.5 1x9
bad_args 64 "'-5'): circumference -5 cm is not positive" "negative value" -- 17.5 -5 20
bad_args 64 "circumference 0 cm is not positive" "zero" -- 17.5 0 20
bad_args 64 "found 'nan'" "NaN" -- 17.5 nan
bad_args 64 "found 'inf'" "infinity" -- 17.5 inf
bad_args 64 "circumference 151 cm is implausible (over 150 cm)" "implausible circumference" -- 17.5 151
bad_args 64 "option --step: expected a spacing above 0 and up to 50 cm" "spacing over 50 cm" -- --step 60 17 18
bad_args 64 "sites 0 and 60 cm are 60 cm apart" "uneven spacing over 50 cm" -- --sites 0,60 17 18
bad_args 64 "sites must increase: 4 cm comes after 8 cm" "sites not increasing" -- --sites 0,8,4 17 18 19
bad_args 64 "site 4 cm is repeated" "duplicated site" -- --sites 0,4,4 17 18 19
bad_args 64 "--sites lists 3 sites but 2 circumferences" "sites and values differ" -- --sites 0,4,8 17 18
bad_args 64 "1 circumference given: a limb needs at least 2 sites" "one site" -- 17.5
bad_args 64 "the other limb has 2 circumferences, this one 3" "--other count differs" -- 17 18 19 --other 17 18
bad_args 64 "no circumferences given" "nothing given" --
bad_args 64 "unknown option '--sep'" "unknown option" -- --sep 4 17 18
bad_args 64 "option --format: expected text, csv or json, found 'xml'" "bad format" -- --format xml 17 18
bad_args 64 "option --step needs a value" "missing option value" -- 17 18 --step
bad_args 64 "option --unit: expected cm, mm or in" "bad unit" -- --unit ft 17 18
bad_args 64 "option --model: expected frustum or disc" "bad model" -- --model sphere 17 18
bad_args 64 "--from and --to go together" "--from alone" -- --from 2 17 18
bad_args 66 "nosuch.csv: cannot open" "missing file" -- nosuch.csv
bad_args 64 "the chart's file name must end in .png, .svg or .pdf" "--plot with another extension" -- 17 18 --plot p.gif
bad_args 73 "cannot create /nonexistent-dir/p.png" "--plot where nothing can be written" -- 17 18 --plot /nonexistent-dir/p.png
bad_args 64 "no --other or -i with it" "-i with a file" -- -i nosuch.csv
bad_args 64 "must end in .png, .svg or .pdf" "--plot with a file, another extension" -- --plot p.gif nosuch.csv

# files: file:line:column and what was expected
bad_file() { # CODE TEXT DESCRIPTION CONTENT
	printf '%b' "$4" > "$tmp/in.csv"
	run "$LIMBVOL" tape "$tmp/in.csv"
	expect_status "$1" "$3"
	expect_err "$2" "$3"
	expect_empty_out "$3"
}
H='patient,limb,date,phase,site_cm,circumference_cm\n'
bad_file 65 "in.csv:3:30: expected a number, found 'abc'" "text in a number column" \
	"${H}P1,left-arm,2026-01-02,pre,0,20\nP1,left-arm,2026-01-02,pre,4,abc\n"
bad_file 65 "in.csv:3:30: circumference -1 cm is not positive" "negative circumference" \
	"${H}P1,left-arm,2026-01-02,pre,0,20\nP1,left-arm,2026-01-02,pre,4,-1\n"
bad_file 65 "in.csv:3:30: circumference 0 cm is not positive" "zero circumference" \
	"${H}P1,left-arm,2026-01-02,pre,0,20\nP1,left-arm,2026-01-02,pre,4,0\n"
bad_file 65 "in.csv:3:30: expected a number, found 'NaN'" "NaN in a file" \
	"${H}P1,left-arm,2026-01-02,pre,0,20\nP1,left-arm,2026-01-02,pre,4,NaN\n"
bad_file 65 "in.csv:3:30: expected a number, found 'inf'" "inf in a file" \
	"${H}P1,left-arm,2026-01-02,pre,0,20\nP1,left-arm,2026-01-02,pre,4,inf\n"
bad_file 65 "in.csv:3:30: circumference 180 cm is implausible" "implausible in a file" \
	"${H}P1,left-arm,2026-01-02,pre,0,20\nP1,left-arm,2026-01-02,pre,4,180\n"
bad_file 65 "in.csv:3:28: sites 0 and 55 cm are 55 cm apart" "spacing over 50 cm in a file" \
	"${H}P1,left-arm,2026-01-02,pre,0,20\nP1,left-arm,2026-01-02,pre,55,21\n"
bad_file 65 "in.csv:4:28: sites must increase: 2 cm comes after 4 cm" "not increasing in a file" \
	"${H}P1,left-arm,2026-01-02,pre,0,20\nP1,left-arm,2026-01-02,pre,4,21\nP1,left-arm,2026-01-02,pre,2,21\n"
bad_file 65 "in.csv:3:28: site 0 cm is repeated" "duplicated site in a file" \
	"${H}P1,left-arm,2026-01-02,pre,0,20\nP1,left-arm,2026-01-02,pre,0,21\n"
bad_file 65 "in.csv:2: a measurement needs at least 2 sites, this one has 1" "one site in a file" \
	"${H}P1,left-arm,2026-01-02,pre,0,20\nP1,right-arm,2026-01-02,pre,0,20\nP1,right-arm,2026-01-02,pre,4,20\n"
bad_file 65 "in.csv:1:1: the first line is not a header" "missing header" \
	"P1,left-arm,2026-01-02,pre,0,20\nP1,left-arm,2026-01-02,pre,4,21\n"
bad_file 65 "the header has no 'circumference_cm' column" "missing column" \
	"patient,limb,site_cm\nP1,left-arm,0\n"
bad_file 65 "in.csv:1:14: unknown column 'circ'" "misspelt column" \
	"limb,site_cm,circ\nleft-arm,0,20\n"
bad_file 65 "in.csv:1:14: column 'limb' appears twice" "duplicated column" \
	"limb,site_cm,limb,circumference_cm\n"
bad_file 65 "in.csv:2:1: expected a limb (left-arm, right-arm, left-leg or right-leg), found 'arm'" "bad limb" \
	"limb,site_cm,circumference_cm\narm,0,20\n"
bad_file 65 "in.csv:2:12: expected a phase (baseline, pre, post or other), found 'during'" "bad phase" \
	"limb,site_cm,phase,circumference_cm\nleft-arm,0,during,20\n"
bad_file 65 "in.csv:2:10: expected a date YYYY-MM-DD" "bad date" \
	"limb,date,site_cm,circumference_cm\nleft-arm,2026-02-30,0,20\n"
bad_file 65 "in.csv:2:11: expected 3 fields as in the header, found 2" "too few fields" \
	"limb,site_cm,circumference_cm\nleft-arm,0\n"
bad_file 65 "in.csv:2:" "too many fields" \
	"limb,site_cm,circumference_cm\nleft-arm,0,20,5\n"
bad_file 65 "are not consecutive: this measurement started at line 2" "rows of one measurement split" \
	"limb,site_cm,circumference_cm\nleft-arm,0,20\nleft-arm,4,20\nright-arm,0,20\nright-arm,4,20\nleft-arm,8,20\n"
bad_file 65 "in.csv:1: empty file: expected a header line" "empty file" ""
bad_file 65 "no measurements after the header" "header only" "$H"
long=$(head -c 5000 /dev/zero | tr '\0' 'x')
bad_file 65 "in.csv:2: line is longer than 4096 bytes" "a line longer than any real one" "${H}${long}\n"
bad_file 65 "in.csv:2:1: quoted field is not closed" "unclosed quote" \
	"patient,limb,site_cm,circumference_cm\n\"P1,left-arm,0,20\n"
# an error after valid measurements: still nothing on stdout
bad_file 65 "in.csv:6:" "error after good rows prints nothing" \
	"limb,site_cm,circumference_cm\nleft-arm,0,20\nleft-arm,4,20\nright-arm,0,20\nright-arm,4,20\nleft-leg,0,x\n"

finish
