# common.sh - what the store's CLI tests share (sourced after ../lib.sh, with
# LV the limbvol program): a HOME of their own and no store named by the
# environment, so that each test's store is where it says; T, its folder.
unset LIMBVOL_DB XDG_DATA_HOME
T=$tmp
export HOME="$T/home"
mkdir -p "$HOME"

ok() { checks=$((checks + 1)); }

# expect CODE NEEDLE -- command...: exit code, and NEEDLE in stderr or stdout
expect() {
	code=$1 needle=$2
	shift 3
	run "$@" </dev/null
	expect_status "$code" "$*"
	[ -z "$needle" ] || grep -qF -- "$needle" "$tmp/out" "$tmp/err" ||
		fail "$*: no '$needle' in: $(head -c 300 "$tmp/out" "$tmp/err")"
}

# count DB PATIENT: the patient's measurements in a store (patients, column 2)
count() { "$LV" patients --db "$1" --format csv | awk -F, -v p="$2" '$1 == p { print $2 }'; }
