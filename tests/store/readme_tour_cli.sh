#!/bin/sh
# Issue 11: the README's store tour, run as printed.  Its `record` lines are
# read from README.md itself (the ```sh block of "Following a patient") and
# run in order; the `-i` post gets its values piped.  The tour's post must
# pair with its pre (no "no pre measurement" note) and history's change is
# post - pre of the frustum closed forms computed here.
#   readme_tour_cli.sh LIMBVOL SOURCE_DIR
LIMBVOL=$1
SRC=$2
. "$SRC/tests/lib.sh"
unset LIMBVOL_DB XDG_DATA_HOME LIMBVOL_DRAFT
export HOME="$tmp/home"
mkdir -p "$HOME"

# the record lines of the tour, comments dropped
awk '/^## Following a patient/ { on = 1 } on && /^```sh/ { inblock = 1; next }
	inblock && /^```/ { exit } inblock && /^limbvol record / { sub(/ +#.*/, ""); print }' \
	"$SRC/README.md" >"$tmp/tour"
checks=$((checks + 1))
[ "$(grep -c . "$tmp/tour")" -ge 3 ] || fail "README: the tour's record lines not found ($(cat "$tmp/tour"))"
pre_values=$(grep -e '--phase pre' "$tmp/tour" | sed 's/.*--step [0-9.]* //')
checks=$((checks + 1))
case "$pre_values" in *[!0-9.\ ]* | "") fail "README: the tour's pre has values to type as printed: '$pre_values'" ;; esac

# the post's values, typed at the prompt of `-i`
post="17.2 20 22.7 25.2 26.7 27.4 28.3 29.8 31.3 32.5 33.3"
n=0
while IFS= read -r line; do
	n=$((n + 1))
	args=${line#limbvol }
	cd "$SRC" || exit 1
	case "$line" in
	*" -i"*) printf '%s\n\n' "$post" | tr ' ' '\n' >"$tmp/typed" ;;
	*) : >"$tmp/typed" ;;
	esac
	# shellcheck disable=SC2086 # the README's words, split as a shell would
	run "$LIMBVOL" $args <"$tmp/typed"
	expect_status 0 "README tour line $n: $line"
	case "$line" in
	*"--phase post"*)
		checks=$((checks + 1))
		grep -q "no pre measurement" "$tmp/err" && fail "README tour: its post pairs with nothing: $(cat "$tmp/err")"
		;;
	esac
done <"$tmp/tour"

run "$LIMBVOL" history LV-0001 --format json
expect_status 0 "history of the tour"
# shellcheck disable=SC2086 # the values, one argument each
want=$(sub_num "$(frustum_ml 4 $post)" "$(frustum_ml 4 $pre_values)")
got=$(grep -o '"change_ml": -\?[0-9][0-9.e+-]*' "$tmp/out" | tail -n 1 | sed 's/.*: //')
expect_near "$got" "$want" 0.002 "README tour: the post's change is post - pre of that day"
finish
