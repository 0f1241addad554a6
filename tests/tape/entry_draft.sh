#!/bin/bash
# Issue 11, entry: typed values are never thrown away.  An interrupted -i
# entry is kept as a draft; a draft declined at the offer (or left when
# input is piped) survives the next entry, interrupted or not, and is offered
# again; an empty line before a limb has what it needs asks on.  Expected
# volumes are frustum closed forms (frustum_ml, tests/lib.sh).
LIMBVOL=$1
. "$(dirname "$0")/../lib.sh"
export LIMBVOL_DRAFT="$tmp/draft"

has_script() { command -v script >/dev/null 2>&1; }

# ---- an empty line before a limb has 2 sites (or all of --sites) asks on ----
run sh -c "printf '20\n\n21\n22\n\n' | '$LIMBVOL' tape -i --format json"
expect_status 0 "-i: an empty line after one site asks on"
expect_near "$(json_num volume_ml)" "$(frustum_ml 4 20 21 22)" 0.01 "-i: the site typed before the empty line is kept"
run sh -c "printf '20\n21\n\n22\n' | '$LIMBVOL' tape -i --sites 0,4,8 --format json"
expect_status 0 "-i --sites: an empty line before the last site asks on"
expect_near "$(json_num volume_ml)" "$(frustum_ml 4 20 21 22)" 0.01 "-i --sites: every site listed is asked for"
rm -f "$LIMBVOL_DRAFT"
run sh -c "printf '20\n' | '$LIMBVOL' tape -i"
expect_status 65 "-i: input ends after one site"
expect_err "nothing typed is lost" "one site at the end of input is kept"
run sh -c "printf '23\n' | '$LIMBVOL' tape --resume --format json"
expect_near "$(json_num volume_ml)" "$(frustum_ml 4 20 23)" 0.01 "the one kept site resumes"
run sh -c "'$LIMBVOL' tape -i </dev/null"
expect_status 64 "-i with nothing typed at all is a usage error"
checks=$((checks + 1)); [ ! -e "$LIMBVOL_DRAFT" ] || fail "nothing typed: no draft written"

# ---- a kept draft is never overwritten by another entry ----
A="24\n26\n28\n29\n\n23\n"       # interrupted: this limb 24 26 28 29, other 23
want_a=$(sub_num "$(frustum_ml 4 24 26 28 29)" "$(frustum_ml 4 23 25 24 26)")
keep_a() { rm -f "$LIMBVOL_DRAFT"*; printf "$A" | "$LIMBVOL" tape -i --other >/dev/null 2>&1; }
resume_a() { # DESCRIPTION: --resume finishes entry A
	run sh -c "printf '25\n24\n26\n' | '$LIMBVOL' tape --resume --format json"
	expect_status 0 "$1: --resume"
	expect_near "$(json_num excess_ml)" "$want_a" 0.01 "$1: the first entry's values"
}
if has_script; then
	keep_a
	# declined, then the new entry ends before anything is typed
	run sh -c "printf 'n\n' | script -qec '$LIMBVOL tape -i --other' /dev/null"
	expect_out "kept: --resume takes it later" "the offer declined"
	resume_a "declined, then nothing typed"
	keep_a
	# declined, then the new entry is interrupted with values of its own
	run sh -c "printf 'n\n30\n31\n32\n\n30\n' | script -qec '$LIMBVOL tape -i --other' /dev/null"
	expect_out "kept" "declined and interrupted"
	run sh -c "printf '31\n32\n' | '$LIMBVOL' tape --resume --format json"
	expect_status 0 "the newer draft resumes first"
	expect_near "$(json_num excess_ml)" 0 0.01 "the newer draft's values (30 31 32 on both)"
	resume_a "the earlier draft after the newer one"
	checks=$((checks + 1)); ! ls "$LIMBVOL_DRAFT"* >/dev/null 2>&1 || fail "both done: no draft left ($(ls "$LIMBVOL_DRAFT"*))"
	keep_a
	# declined, then a complete entry: the draft is offered again afterwards
	run sh -c "printf 'n\n30\n31\n\n' | script -qec '$LIMBVOL tape -i' /dev/null"
	expect_status 0 "declined, then a complete entry"
	run sh -c "printf 'y\n25\n24\n26\n' | script -qec '$LIMBVOL tape -i --other --format json' /dev/null"
	expect_out "an interrupted entry is kept" "the declined draft is offered again"
	expect_near "$(json_num excess_ml)" "$want_a" 0.01 "the declined draft, taken later"
fi
# piped input (no offer): an interrupted entry keeps the earlier draft too
keep_a
run sh -c "printf '30\n31\n32\n\n30\n' | '$LIMBVOL' tape -i --other"
expect_status 65 "piped, interrupted with a draft kept"
expect_err "earlier" "the message says the earlier entry is kept too"
run sh -c "printf '31\n32\n' | '$LIMBVOL' tape --resume --format json"
expect_near "$(json_num excess_ml)" 0 0.01 "piped: the newer draft first"
resume_a "piped: the earlier draft next"

# ---- Ctrl-C: exit 130 (README's exit codes), the values kept ----
rm -f "$LIMBVOL_DRAFT"*
mkfifo "$tmp/fifo"
"$LIMBVOL" tape -i --other <"$tmp/fifo" >"$tmp/out" 2>"$tmp/err" &
pid=$!
exec 3>"$tmp/fifo"
printf '24\n26\n28\n29\n\n23\n' >&3
sleep 0.5 # the values read, the prompt of the other limb's second site waiting
kill -INT $pid
wait $pid
status=$?
exec 3>&-
expect_status 130 "Ctrl-C during -i"
expect_err "nothing typed is lost" "Ctrl-C: the values are kept"
# Ctrl-C before anything is typed: the kept draft stays as it was
"$LIMBVOL" tape -i --other <"$tmp/fifo" >"$tmp/out" 2>"$tmp/err" &
pid=$!
exec 3>"$tmp/fifo"
sleep 0.5
kill -INT $pid
wait $pid
status=$?
exec 3>&-
expect_status 130 "Ctrl-C before any value"
expect_err "still kept" "Ctrl-C before any value: the kept draft is named"
resume_a "after Ctrl-C"
finish
