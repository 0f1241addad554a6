#!/bin/bash
# One option grammar for every limbvol program (cli/opt.h), end to end:
# GNU long options with `--x=V` and `--x V`, `--` before operands, `-` for
# standard input, bundled short options; one error form; the exit codes of
# README.md's table on each path.  The volumes asserted are closed forms: a
# cylinder of circumference C over length L holds C^2 L / (4 pi).
LIMBVOL=$(realpath "$1")
BIN=$(dirname "$LIMBVOL")
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.sh"

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
ok 0 "an option given twice: the last wins" -- "$LIMBVOL" tape --step 4 --format=csv --step=2 --format=json 20 20 20
expect_near "$(json_num volume_ml)" "$(awk -v c="$cyl" 'BEGIN { print c / 2 }')" 0.01 "--step 4 then --step=2"
ok 0 "--sites given twice: the last wins" -- "$LIMBVOL" tape --sites 0,1,2 --sites=0,4,8 --format=json 20 20 20
expect_near "$(json_num volume_ml)" "$cyl" 0.01 "--sites twice"
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
ok 0 "record --patient=P2 - (a tape CSV on standard input)" -- "$LIMBVOL" record --db="$tmp/t.db" \
	--patient=P2 --date=2026-03-02 --format=json - <"$tmp/-arm.csv"
expect_near "$(json_num volume_ml)" "$cyl" 0.01 "record -: the cylinder's volume"
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

# ---- the programs of capture/ and calib/ (when built next to limbvol)
if [ -x "$BIN/limbvol-photo" ] && [ -x "$BIN/limbvol-gen" ] && [ -x "$BIN/limbvol-calib" ]; then
	ok 0 "limbvol-gen --out=DIR --size=WxH" -- "$BIN/limbvol-gen" --out="$tmp/set" --size=800x600 --from=0 --to=40
	truth=$(grep -o '"volume_ml": [0-9.]*' "$tmp/set/truth.json" | head -n 1 | sed 's/.*: //')
	cp "$tmp/set/front.jpg" "$tmp/-front.jpg"
	(cd "$tmp" && "$LIMBVOL" photo --format=json --from=0 --to=40 --marker=0:80 -- -front.jpg set/side.jpg \
		>"$tmp/out" 2>"$tmp/err")
	status=$?
	expect_status 0 "photo --format=json --from=0 --to=40 -- -front.jpg"
	expect_near "$(json_num volume_ml)" "$truth" "$(awk -v t="$truth" 'BEGIN { print t * 0.03 }')" \
		"photo: the generated limb's volume within 3 %"
	ok 64 "photo: unknown option" -- "$LIMBVOL" photo --colour=red "$tmp/set/front.jpg"
	expect_err "limbvol photo: unknown option '--colour'" "photo: the one error form"
	ok 64 "photo: a number expected" -- "$LIMBVOL" photo --step=x "$tmp/set/front.jpg"
	expect_err "limbvol photo: option --step: expected a number, found 'x'" "photo --step=x"
	ok 64 "photo: a flag's value" -- "$LIMBVOL" photo --timing=1 "$tmp/set/front.jpg"
	mkdir "$tmp/t"
	ok 0 "photo: '-' reads the front photo from standard input" -- env TMPDIR="$tmp/t" "$LIMBVOL" photo \
		--format=json --from=0 --to=40 - "$tmp/set/side.jpg" <"$tmp/set/front.jpg"
	expect_near "$(json_num volume_ml)" "$truth" "$(awk -v t="$truth" 'BEGIN { print t * 0.03 }')" \
		"photo -: the generated limb's volume within 3 %"
	ok 64 "photo: one photo from standard input at most" -- env TMPDIR="$tmp/t" "$LIMBVOL" photo - - \
		<"$tmp/set/front.jpg"
	expect_err "only one photo can come from standard input" "photo - -"
	checks=$((checks + 1))
	[ -z "$(ls -A "$tmp/t")" ] || fail "photo -: the copy of standard input is left: $(ls -A "$tmp/t")"
	ok 0 "photo -V" -- "$BIN/limbvol-photo" -V
	expect_out "limbvol " "photo -V"
	ok 64 "batch: a whole number expected" -- "$LIMBVOL" batch --jobs=1.5 "$tmp/set"
	expect_err "limbvol batch: option --jobs: expected a whole number" "batch --jobs=1.5"
	ok 0 "batch -j1 --format=json -- DIR" -- "$LIMBVOL" batch -j1 --format=json -- "$tmp"
	expect_out '"status":"ok"' "batch: the set measured"
	ok 64 "gen: unknown option" -- "$BIN/limbvol-gen" --frob --out="$tmp/x"
	expect_err "limbvol gen: unknown option '--frob'" "gen: the one error form"
	ok 64 "gen: a value expected" -- "$BIN/limbvol-gen" --out
	expect_err "option --out needs a value" "gen --out"
	ok 69 "calib: an unknown subcommand" -- "$LIMBVOL" calib frobnicate
	expect_err "limbvol calib: 'frobnicate' is not a calib subcommand" "calib unknown subcommand"
	ok 64 "calib board: the one error form" -- "$LIMBVOL" calib board --paper=a3 --out="$tmp/b.pdf"
	expect_err "limbvol calib board: option --paper: expected a4 or letter, found 'a3'" "calib --paper=a3"
	ok 0 "calib marker --id=3 --size-mm=60 --out=FILE" -- "$LIMBVOL" calib marker --id=3 --size-mm=60 --out="$tmp/m.png"
	ok 73 "calib marker --out where nothing can be written" -- "$LIMBVOL" calib marker --out=/nonexistent-dir/m.png
	expect_err "/nonexistent-dir/m.png: " "calib marker: the file and the reason"
	ok 64 "calib show: two files" -- "$LIMBVOL" calib show --format=json -- a.yml b.yml
	expect_err "one camera file only" "calib show: --format=json --"
	ok 0 "limbvol help calib check" -- "$LIMBVOL" help calib check
	expect_out "usage: limbvol calib check" "help calib check: the subcommand's help"
	expect_out "  --known-mm LEN:X1,Y1,X2,Y2" "help calib check: its options"
	ok 0 "limbvol calib help show" -- "$LIMBVOL" calib help show
	expect_out "usage: limbvol calib show" "calib help show"
fi

# ---- the bash completion, generated from the same tables
ok 0 "limbvol --completion bash" -- "$LIMBVOL" --completion bash
cp "$tmp/out" "$tmp/limbvol.bash"
bash -n "$tmp/limbvol.bash" || fail "the completion script is not valid bash"
# every option each command's --help lists is in its completion
for c in tape mask record patients history trend export import delete; do
	want=$("$LIMBVOL" "$c" --help | grep -E -- '^  (-[a-zA-Z], )?--[a-z]' | grep -o -- '--[a-z][a-z0-9-]*' | sort -u)
	got=$(sed -n "/^\t'$c')/,/;;/p" "$tmp/limbvol.bash" | grep "opts=" | head -n 1)
	for w in $want; do
		checks=$((checks + 1))
		case " ${got#*=} " in *"$w"*) ;; *) fail "completion of $c lacks $w" ;; esac
	done
done
# what bash offers, through the completion function itself
complete_words() { # WORDS...: COMPREPLY for the last word
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _limbvol; printf "%s\n" "${COMPREPLY[@]}"' \
		sh "$tmp/limbvol.bash" "$@"
}
checks=$((checks + 1)); complete_words limbvol ta | grep -qx tape || fail "completion: commands"
checks=$((checks + 1)); complete_words limbvol tape --for | grep -qx -- --format || fail "completion: tape --for"
checks=$((checks + 1))
[ "$(complete_words limbvol tape --format '' | sort | tr '\n' ' ')" = "csv json text " ] || fail "completion: --format values"
checks=$((checks + 1))
[ "$(complete_words limbvol tape --format = j)" = json ] || fail "completion: --format=j"
checks=$((checks + 1)); complete_words limbvol tape --step '' | grep -q . && fail "completion: --step takes a number, not words"
if [ -x "$BIN/limbvol-calib" ]; then
	checks=$((checks + 1)); complete_words limbvol calib ch | grep -qx check || fail "completion: calib subcommands"
	checks=$((checks + 1)); complete_words limbvol calib check --kn | grep -qx -- --known-mm || fail "completion: calib check options"
	checks=$((checks + 1)); complete_words limbvol help calib u | grep -qx undistort || fail "completion: help calib SUB"
	checks=$((checks + 1)); complete_words limbvol batch --j | grep -qx -- --jobs || fail "completion: batch --jobs"
	checks=$((checks + 1)); complete_words limbvol gen --mask | grep -qx -- --mask-only || fail "completion: gen"
fi

finish
