#!/bin/bash
# Outside bytes never reach the terminal raw: patient codes and typed values
# holding ESC or C1 control characters (CSI 0x9b, as a raw byte or as UTF-8
# U+009B) come back escaped (\xNN) from patients, history and every error
# message that quotes input; JSON keeps them exact as \u escapes, CSV exact.
#   terminal_cli.sh LIMBVOL SOURCE_DIR
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@" # ctest runs it with sh
LV=$1
T=$(mktemp -d "${TMPDIR:-/tmp}/lvterm.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
export HOME=$T LIMBVOL_DB=$T/s.db
fails=0 n=0
fail() { fails=$((fails + 1)); echo "FAIL: $*" >&2; }
# raw FILE: no ESC, no C1 byte (raw 0x80-0x9f after a non-lead byte, or C2 80-9F)
raw() { LC_ALL=C grep -qP '\x1b|\xc2[\x80-\x9f]|(?<![\xc0-\xf4])[\x80-\x9f]' "$1" 2>/dev/null; }
clean() {
	n=$((n + 1))
	if raw "$T/out" || raw "$T/err"; then
		fail "$1: raw control bytes reached the terminal:"; od -c "$T/out" "$T/err" | head -5 >&2
	fi
}
run() { "$@" >"$T/out" 2>"$T/err" </dev/null; }

c1=$'P\xc2\x9b31mX' # U+009B (CSI) in UTF-8: a valid, accepted code
raw9b=$'Q\x9b31mY'  # a lone 0x9b byte: not UTF-8
for code in "$c1" "$raw9b"; do
	run "$LV" record --patient "$code" --limb left-arm --phase pre --date 2026-01-02 20 21 22
	[ $? -eq 0 ] || { fail "record $code"; cat "$T/err" >&2; }
	clean "record"
	run "$LV" history "$code"
	[ $? -eq 0 ] && grep -qF 'x9b' "$T/out" || { fail "history: no \\x9b"; cat "$T/out" "$T/err" >&2; }
	clean "history"
done
run "$LV" patients
grep -qF 'P\xc2\x9b31mX' "$T/out" && grep -qF 'Q\x9b31mY' "$T/out" || { fail "patients"; cat "$T/out" >&2; }
clean "patients"
# JSON exact, as an escape; CSV exact
run "$LV" export "$c1" --format json
grep -qF 'P\u009b31mX' "$T/out" || { fail "export json: no \\u009b"; cat "$T/out" >&2; }
clean "export json"
"$LV" export "$c1" --format csv >"$T/csv"
grep -qF "$c1" "$T/csv" || fail "export csv: the code is not exact"
# a code with ESC is refused, and the message does not carry the ESC
run "$LV" record --patient $'E\e[2J' --limb left-arm 20 21 22
[ $? -ne 0 ] || fail "a code with ESC was accepted"
clean "record ESC code"
# typed values and file fields quoted in messages
run "$LV" tape 20 $'\e]0;owned\a' 21
[ $? -eq 64 ] || fail "tape with an ESC value exited $?"
clean "tape ESC value"
printf '20\n\x1b[31m21\n\n' >"$T/answers"
"$LV" tape -i <"$T/answers" >"$T/out" 2>"$T/err"
clean "tape -i ESC answer"
printf 'limb,site_cm,circumference_cm\nleft\x1b[5marm,0,20\nleft-arm,4,21\n' >"$T/bad.csv"
run "$LV" tape "$T/bad.csv"
[ $? -eq 65 ] && grep -qF 'x1b' "$T/err" || { fail "tape file: no \\x1b in the message"; cat "$T/err" >&2; }
clean "tape file field"
run "$LV" history $'\xc2\x9b'nobody
clean "history of an unknown C1 code"
run "$LV" patients --birth-year $'\e[1m' P1
clean "option value with ESC"
echo "$n checks, $fails failed"
[ $fails -eq 0 ]
