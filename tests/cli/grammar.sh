#!/bin/bash
# The one option grammar (DEVELOPING.md, cli/opt.h) on every command and
# subcommand `limbvol help` lists, read from each one's own table
# (--completion-table, what cli_parse parses), so that a command added later
# is covered the day it lands: --help and `limbvol help CMD [SUB]` show its
# usage and every option of its table; an unknown option, an option without
# its value, a flag given a value and a choice not in the list each give the
# one error form and exit 64; after `--` an option-like word is an operand;
# every command limbvol help lists answers --summary with its line there.  (The particular
# cases, values and exit codes of each command: options.sh.)
#   grammar.sh LIMBVOL
LIMBVOL=$(realpath "$1")
BIN=$(dirname "$LIMBVOL")
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.sh"

# a HOME of its own: nothing here may touch a store
export HOME="$tmp/home"
mkdir -p "$HOME"
unset LIMBVOL_DB XDG_DATA_HOME
"$LIMBVOL" help >"$tmp/help"
commands=$(awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }' "$tmp/help")
checks=$((checks + 1))
[ "$(echo "$commands" | wc -w)" -ge 11 ] || fail "limbvol help lists $(echo "$commands" | wc -w) commands"
grammar() { # WORDS...: the command's words (tape, or calib check)
	local name="$*" table help kind long short takes choices flag=0 value=0 short_value=0 choice=0
	table=$("$LIMBVOL" "$@" --completion-table) || { fail "$name --completion-table"; return; }
	ok 0 "$name --help" -- "$LIMBVOL" "$@" --help
	expect_out "usage: limbvol $name" "$name --help: the usage"
	help=$(cat "$tmp/out")
	ok 0 "limbvol help $name" -- "$LIMBVOL" help "$@"
	expect_out "usage: limbvol $name" "help $name: the command's own help"
	ok 64 "$name: an unknown option" -- "$LIMBVOL" "$@" --no-such-option=1
	expect_err "limbvol $name: unknown option '--no-such-option'" "$name: the one error form"
	expect_err "(see 'limbvol $name --help')" "$name: the hint"
	expect_empty_out "$name: an unknown option"
	# after --, what looks like an option is an operand (a file, a patient ...)
	mkdir -p "$tmp/cwd"
	(cd "$tmp/cwd" && timeout 60 "$LIMBVOL" "$@" -- --no-such-option </dev/null >"$tmp/out" 2>"$tmp/err")
	checks=$((checks + 1))
	grep -q "unknown option" "$tmp/err" && fail "$name -- --x: still read as an option"
	# every option of the table is in the help; the parser's forms on the
	# first flag, the first option with a value and the first with choices
	# (one parser for all: what differs between options is the table)
	while read -r kind long short takes choices; do
		[ "$kind" = opt ] || continue
		case $long in --help | --version) continue ;; esac
		checks=$((checks + 1))
		case $help in *"$long"*) ;; *) fail "$name --help does not list $long" ;; esac
		if [ "$takes" = flag ]; then
			[ $flag -eq 0 ] || continue
			flag=1
			ok 64 "$name $long=1" -- "$LIMBVOL" "$@" "$long=1"
			expect_err "limbvol $name: option $long: takes no value" "$name $long=1: the one form"
		elif [ "$choices" != - ]; then
			[ $choice -eq 0 ] || continue
			choice=1
			ok 64 "$name $long=no-such-choice" -- "$LIMBVOL" "$@" "$long=no-such-choice"
			expect_err "limbvol $name: option $long: expected " "$name $long=no-such-choice"
			expect_err "found 'no-such-choice'" "$name $long=no-such-choice: what was found"
			# the last choice named is taken (then the unknown option stops it)
			ok 64 "$name $long=${choices##*|}" -- "$LIMBVOL" "$@" "$long=${choices##*|}" --no-such-option
			expect_err "unknown option '--no-such-option'" "$name $long=${choices##*|}: accepted"
		else
			if [ $value -eq 0 ]; then
				value=1
				ok 64 "$name $long without its value" -- "$LIMBVOL" "$@" "$long"
				expect_err "limbvol $name: option $long needs a value" "$name $long: the one form"
			fi
			if [ "$short" != - ] && [ $short_value -eq 0 ]; then
				short_value=1
				ok 64 "$name $short without its value" -- "$LIMBVOL" "$@" "$short"
				expect_err "limbvol $name: option $short needs a value" "$name $short: the one form"
			fi
		fi
	done <<<"$table"
	# every command limbvol help lists, built in or a program, answers
	# --summary with the one line limbvol help shows for it (cli/opt.h)
	if [ $# -eq 1 ]; then
		ok 0 "$name --summary" -- "$LIMBVOL" "$@" --summary
		checks=$((checks + 1))
		[ "$(wc -l <"$tmp/out")" -eq 1 ] && [ -s "$tmp/out" ] || fail "$name --summary: not one line"
		checks=$((checks + 1))
		[ "  $(printf '%-10s' "$1") $(cat "$tmp/out")" = "$(grep -m 1 "^  $1 " "$tmp/help")" ] ||
			fail "$name --summary: '$(cat "$tmp/out")' is not its line in limbvol help"
	fi
}
for c in $commands; do
	grammar "$c"
	for sub in $("$LIMBVOL" "$c" --completion-table | awk '$1 == "sub" { print $2 }'); do
		grammar "$c" "$sub"
	done
done
finish
