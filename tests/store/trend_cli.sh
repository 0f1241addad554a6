#!/bin/sh
# trend over measurements of different lengths: every volume is plotted and
# fitted over the range all of the limb's measurements cover (0-12 cm here),
# said on the chart and in the CSV's from_cm,to_cm; a measurement that would
# make that range shorter than 10 cm is left out, with a note naming it.
#   trend_cli.sh LIMBVOL SOURCE_DIR
LIMBVOL=$1
SRC=$2
. "$SRC/tests/lib.sh"
unset LIMBVOL_DB XDG_DATA_HOME
export HOME="$tmp/home"
mkdir -p "$HOME"

# visit k (weekly from 2026-03-02): 0-12 cm every 4 cm, then on to 40 cm alike
first() { # k: the circumferences at 0, 4, 8, 12 cm
	awk -v k="$1" 'BEGIN { printf "%g %g %g %g", 26 - 0.4 * k, 25 - 0.4 * k, 24.5 - 0.3 * k, 24 - 0.3 * k }'
}
rest="23 22.5 22 21.5 21 20.8 20.5 20.2"
course() { # DB SHORT: visit 2 over 0-12 cm (SHORT 12) or 0-6 cm every 2 cm (SHORT 6)
	for k in 0 1 2 3; do
		d="2026-03-$(printf %02d $((2 + 7 * k)))"
		if [ "$k" = 2 ] && [ "$2" = 6 ]; then
			run "$LIMBVOL" record --db "$1" --patient P3 --limb right-arm --date "$d" --step 2 26 25.6 25.2 25
		elif [ "$k" = 2 ]; then
			run "$LIMBVOL" record --db "$1" --patient P3 --limb right-arm --date "$d" --step 4 $(first $k)
		else
			run "$LIMBVOL" record --db "$1" --patient P3 --limb right-arm --date "$d" --step 4 $(first $k) $rest
		fi
		expect_status 0 "record visit $k"
	done
}
course "$tmp/p12.db" 12
# the closed form: frustum volumes over 0-12 cm, slope per week at days 0 7 14 21
v0=$(frustum_ml 4 $(first 0)); v1=$(frustum_ml 4 $(first 1))
v2=$(frustum_ml 4 $(first 2)); v3=$(frustum_ml 4 $(first 3))
slope=$(awk -v a="$v0" -v b="$v1" -v c="$v2" -v d="$v3" 'BEGIN { printf "%.6f", (-3 * a - b + c + 3 * d) / 10 }')
run "$LIMBVOL" trend --db "$tmp/p12.db" P3 --format csv
expect_status 0 "trend csv over different lengths"
row=$(grep '^right-arm slope_ml_per_week,' "$tmp/out")
expect_near "$(echo "$row" | cut -d, -f4)" "$slope" 0.002 "the slope over the common range"
checks=$((checks + 1))
[ "$(echo "$row" | cut -d, -f8,9)" = "0,12" ] || fail "the slope's range: $row"
expect_near "$(grep '^right-arm,2026-03-02' "$tmp/out" | cut -d, -f4)" "$v0" 0.002 "visit 0 over 0-12 cm"
checks=$((checks + 1))
grep '^right-arm,2026-03-16' "$tmp/out" | grep -q ',0,12$' || fail "visit 2's range: $(cat "$tmp/out")"
if command -v pdftotext >/dev/null; then
	run "$LIMBVOL" trend --db "$tmp/p12.db" P3 --out "$tmp/t.pdf"
	expect_status 0 "trend chart over different lengths"
	pdftotext "$tmp/t.pdf" "$tmp/t.txt"
	checks=$((checks + 1))
	tr '\n' ' ' <"$tmp/t.txt" | grep -q 'volumes over 0-12 cm, the range every measurement covers' ||
		fail "the chart names the range: $(head -n 5 "$tmp/t.txt")"
fi

# visit 2 over 0-6 cm: shorter than 10 cm, left out and named
course "$tmp/p6.db" 6
w0=$(frustum_ml 4 $(first 0) $rest); w1=$(frustum_ml 4 $(first 1) $rest); w3=$(frustum_ml 4 $(first 3) $rest)
# days 0 7 21: mean 28/3
slope=$(awk -v a="$w0" -v b="$w1" -v d="$w3" 'BEGIN { xm = 28 / 3; ym = (a + b + d) / 3
	sxy = (0 - xm) * (a - ym) + (7 - xm) * (b - ym) + (21 - xm) * (d - ym)
	sxx = xm * xm + (7 - xm) ^ 2 + (21 - xm) ^ 2; printf "%.6f", 7 * sxy / sxx }')
run "$LIMBVOL" trend --db "$tmp/p6.db" P3 --format csv
expect_status 0 "trend csv with a measurement too short to share"
expect_near "$(grep '^right-arm slope_ml_per_week,' "$tmp/out" | cut -d, -f4)" "$slope" 0.002 "the slope without the short one"
expect_err "left out, over another length (sharing less than 10 cm): 2026-03-16 (other)" "the note names it"
checks=$((checks + 1))
grep -q '^right-arm,2026-03-16,other,,,,,,$' "$tmp/out" || fail "the short one has no value: $(cat "$tmp/out")"
finish
