# common.sh - what the CLI grammar tests share (bash, sourced after ../lib.sh).

# ok CODE DESCRIPTION -- ARGS...: run ARGS (run: stdout, stderr in $tmp), exit CODE
ok() {
	local code=$1 desc=$2
	shift 3
	run "$@"
	expect_status "$code" "$desc"
}
