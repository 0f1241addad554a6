# lib.sh - helpers for the CLI tests (sourced).  Each check prints what
# failed; the script's exit status is the number of failures (capped).
# Usage: LIMBVOL=path/to/limbvol; . lib.sh; ...; finish
set -u
failures=0
checks=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { failures=$((failures + 1)); printf 'FAIL: %s\n' "$*" >&2; }

# run CMD...: stdout to $tmp/out, stderr to $tmp/err, status in $status
run() { "$@" >"$tmp/out" 2>"$tmp/err"; status=$?; }

# expect_status N DESCRIPTION: the last run exited with N
expect_status() {
	checks=$((checks + 1))
	[ "$status" -eq "$1" ] || fail "$2: exit $status, expected $1 (stderr: $(head -c 300 "$tmp/err"))"
}

# expect_err TEXT DESCRIPTION: stderr of the last run contains TEXT
expect_err() {
	checks=$((checks + 1))
	grep -qF -- "$1" "$tmp/err" || fail "$2: stderr lacks '$1' (got: $(head -c 300 "$tmp/err"))"
}

# expect_out TEXT DESCRIPTION: stdout of the last run contains TEXT
expect_out() {
	checks=$((checks + 1))
	grep -qF -- "$1" "$tmp/out" || fail "$2: stdout lacks '$1' (got: $(head -c 300 "$tmp/out"))"
}

# expect_empty_out DESCRIPTION: nothing on stdout (errors print nothing there)
expect_empty_out() {
	checks=$((checks + 1))
	[ ! -s "$tmp/out" ] || fail "$1: stdout not empty: $(head -c 200 "$tmp/out")"
}

# json_num KEY: the first number after "KEY": in stdout
json_num() { grep -o "\"$1\": -\?[0-9.][0-9.eE+-]*" "$tmp/out" | head -n 1 | sed 's/.*: //'; }

# expect_near GOT WANT TOL DESCRIPTION
expect_near() {
	checks=$((checks + 1))
	awk -v g="$1" -v w="$2" -v t="$3" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(g != "" && d <= t) }' ||
		fail "$4: got '$1', expected $2 within $3"
}

# frustum_ml H C1 C2 ...: the summed frustum volume (mL) of circumferences
# C1 C2 ... (cm) every H cm, the closed form V = h (a^2 + ab + b^2) / 12 pi
frustum_ml() { awk -v h="$1" 'BEGIN { pi = 3.14159265358979; v = 0
	for (i = 3; i < ARGC; i++) { a = ARGV[i - 1]; b = ARGV[i]; v += h * (a * a + a * b + b * b) / (12 * pi) }
	printf "%.6f", v }' "$@"; }
# sub_num A B: A - B
sub_num() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a - b }'; }

finish() {
	printf '%d checks, %d failed\n' "$checks" "$failures"
	[ "$failures" -eq 0 ]
}
