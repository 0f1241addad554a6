#!/bin/bash
# limbvol tape end to end.  Expected volumes are closed forms (cylinders,
# cones: V = h (C1^2 + C1 C2 + C2^2) / 12 pi) or doc/clinical.md's check values,
# computed here in awk, never taken from limbvol's own output.
LIMBVOL=$1
SAMPLES=$2
. "$(dirname "$0")/../lib.sh"

pi=3.14159265358979
cyl() { awk -v h="$1" -v c="$2" -v pi=$pi 'BEGIN { printf "%.6f", h * c * c / (4 * pi) }'; }

# doc/clinical.md: cylinder C = 25 cm, 11 sites every 4 cm: 1989.44 mL
run "$LIMBVOL" tape --step 4 25 25 25 25 25 25 25 25 25 25 25 --format json
expect_status 0 "cylinder"
expect_near "$(json_num volume_ml)" 1989.44 0.01 "cylinder frustum volume"
# sd: interior sites h C / 2 pi, end sites h C / 4 pi, times the 0.1 cm tape sd
sd=$(awk -v pi=$pi 'BEGIN { gi = 4 * 25 / (2 * pi); ge = 4 * 25 / (4 * pi); printf "%.6f", 0.1 * sqrt(9 * gi * gi + 2 * ge * ge) }')
expect_near "$(json_num volume_sd_ml)" "$sd" 0.006 "cylinder volume sd"
expect_out '"segments": [{' "json has segments"

# the same cylinder by Kuhnke's discs, marks in the middle of 10 discs
run "$LIMBVOL" tape --model disc --start 2 --step 4 25 25 25 25 25 25 25 25 25 25 --format json
expect_near "$(json_num volume_ml)" 1989.44 0.01 "disc cylinder"

# doc/clinical.md: one frustum 20 -> 30 cm over 30 cm: 1511.97 mL (uneven sites)
run "$LIMBVOL" tape --sites 0,30 20 30 --format json
expect_near "$(json_num volume_ml)" 1511.97 0.01 "single frustum"

# doc/clinical.md: straight taper 20 -> 30 over 28 cm every 4 cm: 1411.17 mL
run "$LIMBVOL" tape --step 4 20 21.4285714286 22.8571428571 24.2857142857 25.7142857143 27.1428571429 28.5714285714 30 --format json
expect_near "$(json_num volume_ml)" 1411.17 0.01 "linear taper"

# units: mm and inches convert every typed length
run "$LIMBVOL" tape --unit mm --step 40 250 250 250 250 250 250 250 250 250 250 250 --format json
expect_near "$(json_num volume_ml)" 1989.44 0.01 "--unit mm"
run "$LIMBVOL" tape --unit in --step 4 10 10 10 --format json
expect_near "$(json_num volume_ml)" "$(cyl 20.32 25.4)" 0.01 "--unit in"

# --from/--to interpolate; --range names a segment
run "$LIMBVOL" tape --step 4 25 25 25 25 25 25 25 25 25 25 25 --from 3 --to 13 --range forearm=0:20 --format json
expect_near "$(json_num volume_ml)" "$(cyl 10 25)" 0.01 "--from 3 --to 13"
expect_out '"name": "forearm"' "--range in json"
run "$LIMBVOL" tape --step 4 25 25 25 --from 0 --to 9 --format json
expect_status 65 "--to beyond the last site"
expect_err "outside the measured range" "--to beyond the last site"

# JSON numbers read back to the same double (shortest round trip), not
# rounded to 0.01 mL: a cylinder C = 25 cm, 4 cm long is 625 / pi mL
run "$LIMBVOL" tape --step 4 25 25 --format json
expect_near "$(json_num volume_ml)" "$(awk -v pi=$pi 'BEGIN { printf "%.17g", 625 / pi }')" 1e-9 \
	"json: the volume to the last bit, not rounded"
run "$LIMBVOL" tape --step 4 25 25
expect_out "198.9" "text keeps its clinical rounding"
checks=$((checks + 1))
grep -q '198\.94367886' "$tmp/out" && fail "text: the volume is rounded, not printed to the last bit"

# --at resamples the table at other sites (linear interpolation)
run "$LIMBVOL" tape --step 4 20 24 22 --at 1,5,8 --format json
expect_out '"site_cm": 1, "circumference_cm": 21}' "--at interpolates"
expect_out '"site_cm": 5, "circumference_cm": 23.5}' "--at interpolates"

# both limbs: excess volume, PEV, per-site flag >= 2 cm
run "$LIMBVOL" tape --step 4 27 27 27 --other 25 25 25 --format json
ev=$(awk -v pi=$pi 'BEGIN { printf "%.6f", 8 * (27 * 27 - 25 * 25) / (4 * pi) }')
expect_near "$(json_num excess_ml)" "$ev" 0.01 "excess volume"
expect_near "$(json_num excess_percent)" "$(awk 'BEGIN { printf "%.6f", (729 - 625) / 625 * 100 }')" 0.001 "PEV"
expect_out '"class": "lymphedema"' "PEV 16.6 % is lymphedema (>= 10 %)"
expect_out '"severity": "mild"' "PEV 16.6 % is ISL mild (< 20 %)"
expect_out '"flag": true' "2 cm difference flagged"
run "$LIMBVOL" tape --step 4 27 27 27 --other 25 25 25
expect_out "exceeds the measurement error" "text says whether the excess is real"
run "$LIMBVOL" tape --step 4 25.1 25 25 --other 25 25.1 25
expect_out "does NOT exceed the measurement error" "a tiny difference is within the error"

# --plot draws the picture as well as printing the result
run "$LIMBVOL" tape --step 4 27 27 27 --other 25 25 25 --plot "$tmp/p.png" --format json
expect_status 0 "--plot"
expect_near "$(json_num excess_ml)" "$ev" 0.01 "--plot still prints the result"
checks=$((checks + 1)); [ "$(head -c 8 "$tmp/p.png" | od -An -c | tr -d ' ')" = "211PNG\r\n032\n" ] || fail "--plot writes a PNG"
run "$LIMBVOL" tape --step 4 27 27 27 --plot "$tmp/p.svg"
checks=$((checks + 1)); grep -q "<svg" "$tmp/p.svg" || fail "--plot writes an SVG"

# --plot from a file: one picture per visit (FILE, FILE-2.EXT), the limbs named
{
	echo "patient,limb,date,phase,site_cm,circumference_cm"
	for d in 2026-01-05 2026-02-05; do
		for s in 0 4 8 12; do echo "F1,right-arm,$d,other,$s,$((24 + s / 4))"; done
		for s in 0 4 8 12; do echo "F1,left-arm,$d,other,$s,$((22 + s / 4))"; done
	done
} >"$tmp/two.csv"
run "$LIMBVOL" tape "$tmp/two.csv" --plot "$tmp/two.pdf"
expect_status 0 "--plot with a file"
checks=$((checks + 1))
[ -s "$tmp/two.pdf" ] && [ -s "$tmp/two-2.pdf" ] && [ ! -e "$tmp/two-3.pdf" ] ||
	fail "two visits: two.pdf and two-2.pdf, got: $(ls "$tmp" | grep two)"
if command -v pdftotext >/dev/null; then
	pdftotext "$tmp/two-2.pdf" "$tmp/two-2.txt"
	checks=$((checks + 1))
	grep -q "right arm" "$tmp/two-2.txt" && grep -q "left arm" "$tmp/two-2.txt" &&
		grep -q "F1 2026-02-05 other" "$tmp/two-2.txt" && ! grep -q "this limb" "$tmp/two-2.txt" ||
		fail "the picture of a visit from a file names its limbs: $(cat "$tmp/two-2.txt")"
else
	fail "pdftotext missing (Debian poppler-utils: scripts/install-deps.sh)"
fi
# the smaller limb first: the subtitle gives the larger one's excess and class
# (PEV from the frustum closed form; >= 10 % is lymphedema, doc/clinical.md)
{
	echo "patient,limb,date,phase,site_cm,circumference_cm"
	for s in 0 4 8 12; do echo "F2,left-arm,2026-01-05,other,$s,$((22 + s / 4))"; done
	for s in 0 4 8 12; do echo "F2,right-arm,2026-01-05,other,$s,$((24 + s / 4))"; done
} >"$tmp/small.csv"
run "$LIMBVOL" tape "$tmp/small.csv" --plot "$tmp/small.pdf"
expect_status 0 "--plot, the smaller limb first"
if command -v pdftotext >/dev/null; then
	pev=$(awk -v r="$(frustum_ml 4 24 25 26 27)" -v l="$(frustum_ml 4 22 23 24 25)" \
		'BEGIN { printf "%.1f", (r - l) / l * 100 }')
	pdftotext "$tmp/small.pdf" "$tmp/small.txt"
	checks=$((checks + 1))
	grep -qF "excess of right arm +$pev % (lymphedema)" "$tmp/small.txt" ||
		fail "the larger limb's excess (+$pev %, lymphedema): $(cat "$tmp/small.txt")"
fi
run "$LIMBVOL" tape "$tmp/two.csv" --plot "$tmp/nodir/two.png"
expect_status 73 "--plot with a file where nothing can be written"

# interactive entry, piped: decimal comma, '-' goes back, empty line ends
run sh -c "printf '25\n25,0\n25\n\n' | '$LIMBVOL' tape -i --format json"
expect_status 0 "piped -i"
expect_near "$(json_num volume_ml)" "$(cyl 8 25)" 0.01 "piped -i with decimal comma"
run sh -c "printf '25\n30\n-\n25\n\n' | '$LIMBVOL' tape -i --format json"
expect_near "$(json_num volume_ml)" "$(cyl 4 25)" 0.01 "'-' goes back one site"
run sh -c "printf '27\n27\n27\n\n25\n25\n25\n' | '$LIMBVOL' tape -i --other --format json"
expect_near "$(json_num excess_ml)" "$ev" 0.01 "-i --other asks the other limb"
run sh -c "printf '25\n2x5\n' | '$LIMBVOL' tape -i"
expect_status 65 "piped typo is an error"
expect_err "<stdin>:2:" "piped typo names the line"
expect_empty_out "piped typo"


# on a terminal (a pty from script(1)): a typo is asked again, '-' goes back
# and shows the value it replaces
if command -v script >/dev/null 2>&1; then
	run sh -c "printf '25\n2x5\n25,5\n30\n-\n26\n\n' | script -qec '$LIMBVOL tape -i --format json' /dev/null"
	expect_status 0 "-i on a terminal"
	expect_out "found '2x5'; type it again" "a typo is asked again"
	expect_out "site 8 cm (was 30):" "going back shows the old value"
	fr=$(awk -v pi=$pi 'function f(a, b) { return 4 * (a * a + a * b + b * b) / (12 * pi) } BEGIN { printf "%.6f", f(25, 25.5) + f(25.5, 26) }')
	expect_near "$(json_num volume_ml)" "$fr" 0.01 "-i on a terminal: the corrected values"
	# Ctrl-D (the terminal's EOF, \004) after a value: the value is taken, its
	# line ended, and no prompt for a site that can no longer be typed
	run sh -c "printf '25\n25\n26\004\004' | script -qec '$LIMBVOL tape -i --format json' /dev/null"
	expect_status 0 "-i on a terminal, Ctrl-D after the last value"
	expect_near "$(json_num volume_ml)" "$(awk -v pi=$pi 'function f(a, b) { return 4 * (a * a + a * b + b * b) / (12 * pi) } BEGIN { printf "%.6f", f(25, 25) + f(25, 26) }')" 0.01 "Ctrl-D after a value keeps it"
	checks=$((checks + 1))
	! grep -q "site 12 cm" "$tmp/out" || fail "Ctrl-D after a value: no prompt after the end of input"
fi

# locale never changes numbers
run env LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 "$LIMBVOL" tape --step 4 25 25 25 25 25 25 25 25 25 25 25
expect_out "1989.4 ±" "decimal point in a German locale"

# files: one result per measurement, pairs give the inter-limb metrics
run "$LIMBVOL" tape --format csv "$SAMPLES/arm-pair.csv"
expect_status 0 "arm pair csv"
rows=$(wc -l < "$tmp/out")
checks=$((checks + 1)); [ "$rows" -eq 3 ] || fail "arm pair: $rows lines, expected header + 2"
# independent summed-frustum volume of each arm from the sample file
awk -F, -v pi=$pi 'NR > 1 { if ($2 == l) v[$2] += ($5 - ls) * (lc * lc + lc * $6 + $6 * $6) / (12 * pi); l = $2; ls = $5; lc = $6 }
	END { printf "%.6f %.6f\n", v["left-arm"], v["right-arm"] }' "$SAMPLES/arm-pair.csv" > "$tmp/want"
read -r want_l want_r < "$tmp/want"
got_l=$(awk -F, '$2 == "left-arm" { print $9 }' "$tmp/out")
got_r=$(awk -F, '$2 == "right-arm" { print $9 }' "$tmp/out")
expect_near "$got_l" "$want_l" 0.05 "left arm volume from the file"
expect_near "$got_r" "$want_r" 0.05 "right arm volume from the file"
got_ev=$(awk -F, '$2 == "right-arm" { print $14 }' "$tmp/out")
expect_near "$got_ev" "$(awk -v a="$want_r" -v b="$want_l" 'BEGIN { print a - b }')" 0.1 "excess from the file"

run "$LIMBVOL" tape --format json "$SAMPLES/patient-followup.csv"
expect_status 0 "follow-up json"
expect_out '"patient": "LV-0001", "limb": "right-arm", "date": "2026-03-02", "phase": "pre"' "file json identity"
n=$(grep -o '"volume_ml"' "$tmp/out" | wc -l)
checks=$((checks + 1)); [ "$n" -ge 20 ] || fail "follow-up: $n volumes, expected 20 measurements"

# against a baseline earlier in the file: change of volume and RVC
# (Ancukiewicz 2011, doc/clinical.md: (A2 U1) / (U2 A1) - 1, A the limb at risk)
printf 'patient,limb,date,phase,site_cm,circumference_cm\n' > "$tmp/rvc.csv"
for row in "left-arm 2026-01-01 baseline 25" "right-arm 2026-01-01 baseline 26" \
	"left-arm 2026-03-01 pre 24" "right-arm 2026-03-01 pre 27"; do
	set -- $row
	printf 'P9,%s,%s,%s,0,%s\nP9,%s,%s,%s,4,%s\n' "$1" "$2" "$3" "$4" "$1" "$2" "$3" "$4" >> "$tmp/rvc.csv"
done
run "$LIMBVOL" tape --format csv "$tmp/rvc.csv"
expect_status 0 "baseline file"
got=$(awk -F, '$2 == "right-arm" && $4 == "pre" { print $23 }' "$tmp/out")
expect_near "$got" "$(awk 'BEGIN { printf "%.4f", (729 * 625) / (576 * 676) * 100 - 100 }')" 0.006 "RVC against the baseline"
got=$(awk -F, '$2 == "right-arm" && $4 == "pre" { print $22 }' "$tmp/out")
expect_near "$got" "$(awk 'BEGIN { printf "%.4f", (729 - 676) / 676 * 100 }')" 0.006 "change of volume against the baseline"

# standard input, CRLF line ends, a UTF-8 byte-order mark, quoted fields
printf '\357\273\277patient,limb,site_cm,circumference_cm\r\n"P,1",left-arm,0,25\r\n"P,1",left-arm,4,25\r\n' > "$tmp/bom.csv"
run sh -c "'$LIMBVOL' tape --format json - < '$tmp/bom.csv'"
expect_status 0 "BOM + CRLF from stdin"
expect_near "$(json_num volume_ml)" "$(cyl 4 25)" 0.01 "BOM + CRLF volume"
expect_out '"patient": "P,1"' "quoted patient code"

# the dispatcher
run "$LIMBVOL" --version
expect_out "limbvol " "--version"
run "$LIMBVOL" help
expect_out "tape" "help lists tape"
run "$LIMBVOL" tape --help
expect_out "usage: limbvol tape" "tape --help"
run "$LIMBVOL" nosuchcommand
expect_status 69 "unknown command"
expect_err "not a limbvol command" "unknown command"

finish
