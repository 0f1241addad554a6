#!/bin/bash
# One option grammar for every limbvol program (cli/opt.h), end to end:
# GNU long options with `--x=V` and `--x V`, `--` before operands, `-` for
# standard input, bundled short options; one error form; the exit codes of
# README.md's table on each path.  The volumes asserted are closed forms: a
# cylinder of circumference C over length L holds C^2 L / (4 pi).
LIMBVOL=$(realpath "$1")
BIN=$(dirname "$LIMBVOL")
. "$(dirname "$0")/../lib.sh"

ok() { # CODE DESCRIPTION -- ARGS...: exit CODE
	local code=$1 desc=$2
	shift 3
	run "$@"
	expect_status "$code" "$desc"
}

# ---- `limbvol tape --format=json --step=4 -- file.csv`, as GNU users expect
# A cylinder of circumference 20 cm from 0 to 8 cm: 400 * 8 / (4 pi) mL.
cyl=$(awk 'BEGIN { printf "%.2f", 400 * 8 / (4 * atan2(0, -1)) }')
printf 'limb,site_cm,circumference_cm\nleft-arm,0,20\nleft-arm,4,20\nleft-arm,8,20\n' >"$tmp/-arm.csv"
(cd "$tmp" && "$LIMBVOL" tape --format=json --step=4 -- -arm.csv >"$tmp/out" 2>"$tmp/err")
status=$?
expect_status 0 "tape --format=json --step=4 -- -arm.csv"
expect_near "$(json_num volume_ml)" "$cyl" 0.01 "tape -- FILE: the cylinder's volume"
ok 0 "tape --format json - (standard input)" -- "$LIMBVOL" tape --format json - <"$tmp/-arm.csv"
expect_near "$(json_num volume_ml)" "$cyl" 0.01 "tape -: the cylinder's volume"
ok 0 "typed values after --step=4, --format=json" -- "$LIMBVOL" tape --step=4 --format=json 20 20 20
expect_near "$(json_num volume_ml)" "$cyl" 0.01 "tape --step=4: the cylinder's volume"
# --step=2 halves the length: 400 * 4 / (4 pi)
ok 0 "options after the values" -- "$LIMBVOL" tape 20 20 20 --format=json --step=2
expect_near "$(json_num volume_ml)" "$(awk -v c="$cyl" 'BEGIN { print c / 2 }')" 0.01 "--step=2 after the values"
# the values after --other go to the other limb: 19 cm, 361 * 8 / (4 pi)
ok 0 "--other splits the values" -- "$LIMBVOL" tape --format=json 20 20 20 --other 19 19 19
expect_near "$(json_num other_volume_ml)" "$(awk 'BEGIN { printf "%.2f", 361 * 8 / (4 * atan2(0, -1)) }')" 0.01 "--other volume"
ok 0 "--tape-sd=0: no uncertainty" -- "$LIMBVOL" tape --tape-sd=0 --format=json 20 20 20
expect_near "$(json_num volume_sd_ml)" 0 0.0001 "--tape-sd=0"

# ---- one error form, exit 64
ok 64 "unknown option" -- "$LIMBVOL" tape --frob 20 20
expect_err "limbvol tape: unknown option '--frob'" "unknown option message"
expect_err "(see 'limbvol tape --help')" "the hint to see --help"
expect_empty_out "unknown option"
ok 64 "a number expected" -- "$LIMBVOL" tape --step=x 20 20
expect_err "limbvol tape: option --step: expected a number, found 'x'" "number message"
ok 64 "a value expected" -- "$LIMBVOL" record --db "$tmp/s.db" --patient
expect_err "limbvol record: option --patient needs a value" "missing value message"
ok 64 "a flag takes no value" -- "$LIMBVOL" tape --other=3 20 20
expect_err "option --other: takes no value" "flag with a value"
ok 64 "an option given twice" -- "$LIMBVOL" tape --step 4 --step 2 20 20
expect_err "option --step: given twice" "repeated option"
ok 0 "a repeatable option" -- "$LIMBVOL" tape --range a=0:4 --range=b=4:8 --format=csv 20 20 20
ok 64 "unknown short option" -- "$LIMBVOL" delete -yq 3
expect_err "limbvol delete: unknown option '-q'" "unknown short option message"
ok 64 "the dispatcher's own options" -- "$LIMBVOL" --frob
expect_err "limbvol: unknown option '--frob'" "dispatcher unknown option"

# ---- every built-in command takes --x=V, --help, and a store path as --db=PATH
db="$tmp/s.db"
ok 0 "record --db=PATH --patient=P ..." -- "$LIMBVOL" record --db="$db" --patient=P1 --limb=left-arm \
	--phase=baseline --date=2026-03-02 --step=4 20 20 20 --other 19 19 19
ok 0 "record -i with bundled flags and - for no more" -- "$LIMBVOL" record --db="$db" --patient=P1 \
	--limb=left-arm --phase=post --date=2026-03-09 -i <<<$'20\n20\n20\n'
ok 0 "history --format=csv --limb=left-arm" -- "$LIMBVOL" history --db="$db" --format=csv --limb=left-arm P1
expect_out "$(awk 'BEGIN { printf "%.3f", 400 * 8 / (4 * atan2(0, -1)) }' | sed 's/0*$//')" "history: the stored volume"
ok 0 "patients --birth-year=1961 -- P1" -- "$LIMBVOL" patients --db="$db" --birth-year=1961 -- P1
ok 0 "trend --format=csv" -- "$LIMBVOL" trend --db="$db" --format=csv P1
ok 0 "export --format=json --out=FILE" -- "$LIMBVOL" export --db="$db" --format=json --out="$tmp/x.json" P1
ok 0 "export --all" -- "$LIMBVOL" export --db="$db" --all --out="$tmp/x.csv"
ok 0 "import --db=PATH -" -- "$LIMBVOL" import --db="$tmp/t.db" - <"$tmp/x.csv"
expect_out "imported 3 measurements" "import from standard input"
ok 0 "delete -y (bundled short flag)" -- "$LIMBVOL" delete --db="$tmp/t.db" -y 1
for c in tape mask record patients history trend export import delete; do
	ok 0 "$c --help" -- "$LIMBVOL" "$c" --help
	expect_out "usage: limbvol $c" "$c --help: the usage"
	expect_out "  -h, --help" "$c --help: the options from the table"
	ok 0 "limbvol help $c" -- "$LIMBVOL" help "$c"
	expect_out "usage: limbvol $c" "help $c"
done

# ---- exit codes and messages the same in every command
ok 0 "limbvol -V" -- "$LIMBVOL" -V
expect_out "limbvol " "-V prints the version"
ok 0 "limbvol --version" -- "$LIMBVOL" --version
ok 69 "an unknown command" -- "$LIMBVOL" frobnicate
expect_err "limbvol: 'frobnicate' is not a limbvol command" "unknown command message"
ok 73 "trend --out where nothing can be written" -- "$LIMBVOL" trend --db="$db" P1 --out=/nonexistent-dir/x.png
expect_err "cannot create /nonexistent-dir/x.png: No such file or directory" "trend: the reason"
ok 73 "tape --plot where nothing can be written" -- "$LIMBVOL" tape 20 20 --plot=/nonexistent-dir/x.png
expect_err "cannot create /nonexistent-dir/x.png: No such file or directory" "tape --plot: the reason"
ok 73 "export --out where nothing can be written" -- "$LIMBVOL" export --db="$db" P1 --out=/nonexistent-dir/x.csv
expect_err "cannot create /nonexistent-dir/x.csv: No such file or directory" "export: the reason"

finish
