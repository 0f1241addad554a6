#!/bin/sh
# limbvol report end to end, read back with poppler (pdfinfo, pdftotext):
# one page of true A4 or Letter, the table's values against the
# circumferences recorded (summed frustums and first-order uncertainty in
# awk, doc/clinical.md; EV, PEV, RVC, pre->post change and MDC95 from their
# definitions), many visits still on one page with the earliest counted as
# left out, PNG and SVG pages, a hostile patient code escaped, and an
# unwritable --out refused with exit 73 and nothing left behind.
#   report_cli.sh LIMBVOL SOURCE_DIR
LV=$1
SRC=$2
. "$SRC/tests/lib.sh"
unset XDG_DATA_HOME SOURCE_DATE_EPOCH
export HOME="$tmp/home" LIMBVOL_DB="$tmp/r.db"
mkdir -p "$HOME"

for tool in pdfinfo pdftotext; do
	command -v $tool >/dev/null ||
		{ echo "FAIL: $tool missing (Debian poppler-utils: scripts/install-deps.sh)" >&2; exit 1; }
done

# The visits: right arm affected, circumference U(s) = 16 + 0.38 s at sites
# 0..40 every 4 cm for the left arm, U(s) + d for the right; d per visit.
visits="2026-01-10 baseline 0.2 0.0
2026-02-02 pre 2.0 0.0
2026-02-02 post 1.6 0.0
2026-02-09 pre 1.9 0.0
2026-02-09 post 1.89 0.0
2026-03-01 other 1.5 0.1"
echo "$visits" | awk 'BEGIN { print "patient,limb,date,phase,site_cm,circumference_cm" }
{ for (s = 0; s <= 40; s += 4) printf "R1,right-arm,%s,%s,%d,%.2f\n", $1, $2, s, 16 + 0.38 * s + $3
  for (s = 0; s <= 40; s += 4) printf "R1,left-arm,%s,%s,%d,%.2f\n", $1, $2, s, 16 + 0.38 * s + $4 }' >"$tmp/r1.csv"
run "$LV" record "$tmp/r1.csv"
expect_status 0 "record the visits"
run "$LV" patients R1 --affected right-arm
expect_status 0 "mark the affected limb"

# Expected per visit: volume and sd of both arms (frustum, tape sd 0.1 cm),
# EV, PEV, RVC against the baseline, and for post the change from pre with
# MDC95 = 1.96 sqrt(sd_pre^2 + sd_post^2).
echo "$visits" | awk 'function vol(d, k,   i, s, c, v, g, sum) {
	pi = atan2(0, -1)
	for (i = 0; i <= 10; i++) c[i] = 16 + 0.38 * 4 * i + d
	for (i = 0; i <= 10; i++) c[i] = sprintf("%.2f", c[i]) + 0
	v = 0
	for (i = 0; i < 10; i++) v += 4 * (c[i]^2 + c[i] * c[i+1] + c[i+1]^2) / (12 * pi)
	sum = 0
	for (i = 0; i <= 10; i++) {
		g = 0
		if (i > 0) g += 4 * (c[i-1] + 2 * c[i]) / (12 * pi)
		if (i < 10) g += 4 * (2 * c[i] + c[i+1]) / (12 * pi)
		sum += g^2
	}
	SD[k] = 0.1 * sqrt(sum)
	return v
}
{
	a = vol($3, "a"); u = vol($4, "u")
	if (NR == 1) { a1 = a; u1 = u }
	rvc = ((a * u1) / (u * a1) - 1) * 100
	ch = ""; pct = ""; verdict = ""
	if ($2 == "pre") { pre = a; presd = SD["a"] }
	if ($2 == "post") {
		ch = a - pre; pct = ch / pre * 100
		mdc = 1.96 * sqrt(presd^2 + SD["a"]^2)
		verdict = (ch < 0 ? -ch : ch) > mdc ? "real" : "within"
	}
	printf "%s %s %.3f %.3f %.3f %.3f %.3f %.3f %.3f %s %s %s\n", $1, $2, a, SD["a"], u, SD["u"],
		a - u, (a - u) / u * 100, rvc, ch, pct, verdict
}' >"$tmp/expected"

# ---- A4, one page, the table against the expected values ----
run "$LV" report R1 --out "$tmp/r1.pdf"
expect_status 0 "report R1"
expect_out "6 of 6 visits" "all visits shown"
run pdfinfo "$tmp/r1.pdf"
expect_out "Pages:           1" "one page"
size=$(sed -n 's/^Page size: *\([0-9.]*\) x \([0-9.]*\) pts.*/\1 \2/p' "$tmp/out")
expect_near "${size% *}" 595.28 0.01 "A4 width (210 mm in points)"
expect_near "${size#* }" 841.89 0.01 "A4 height (297 mm in points)"
pdftotext -layout "$tmp/r1.pdf" "$tmp/r1.txt"
while read -r date phase a sa u su ev pev rvc ch pct verdict; do
	line=$(grep -E "^ *$date +[0-9-]+ +$phase " "$tmp/r1.txt" | head -n 1)
	[ -n "$line" ] || { fail "no table row for $date $phase"; continue; }
	set -- $line
	expect_near "$4" "$a" 0.051 "$date $phase right-arm volume"
	expect_near "$6" "$sa" 0.051 "$date $phase right-arm sd"
	expect_near "$7" "$u" 0.051 "$date $phase left-arm volume"
	expect_near "$9" "$su" 0.051 "$date $phase left-arm sd"
	expect_near "${10}" "$ev" 0.051 "$date $phase EV"
	expect_near "${11}" "$pev" 0.051 "$date $phase PEV"
	expect_near "${12}" "$rvc" 0.051 "$date $phase RVC"
	if [ -n "$ch" ]; then
		expect_near "${13}" "$ch" 0.051 "$date $phase pre->post change"
		expect_near "${14#(}" "$pct" 0.051 "$date $phase change %"
		checks=$((checks + 1))
		[ "${16}" = "$verdict" ] || fail "$date $phase: '${16}', expected '$verdict' (MDC95)"
	else
		checks=$((checks + 1))
		[ $# -eq 12 ] || fail "$date $phase: a change where none is expected: $line"
	fi
done <"$tmp/expected"
checks=$((checks + 1))
grep -q "Patient R1" "$tmp/r1.txt" || fail "the page names the patient"
checks=$((checks + 1))
grep -q "Affected limb: right arm; other limb: left arm" "$tmp/r1.txt" || fail "affected limb"
checks=$((checks + 1))
grep -q "Baseline 2026-01-10" "$tmp/r1.txt" || fail "the baseline's date"
checks=$((checks + 1))
grep -q "printed $(date +%Y-%m-%d)" "$tmp/r1.txt" || fail "the date printed"
version=$("$LV" --version | grep -o '[0-9][0-9.]*' | head -n 1)
checks=$((checks + 1))
grep -q "limbvol $version" "$tmp/r1.txt" || fail "limbvol's version $version on the page"
checks=$((checks + 1))
grep -q "Thresholds crossed" "$tmp/r1.txt" || fail "the thresholds' section"
# the first visit (not post) whose RVC reaches 5 % and 10 % (doc/clinical.md), from the expected values
first5=$(awk '$2 != "post" && $9 >= 5 { print $1; exit }' "$tmp/expected")
first10=$(awk '$2 != "post" && $9 >= 10 { print $1; exit }' "$tmp/expected")
checks=$((checks + 1))
grep -q "RVC ≥ 5 % (early intervention): first $first5" "$tmp/r1.txt" ||
	fail "5 % first reached on $first5: $(grep 'RVC ≥' "$tmp/r1.txt")"
checks=$((checks + 1))
grep -q "RVC ≥ 10 % (lymphedema): first $first10" "$tmp/r1.txt" ||
	fail "10 % first reached on $first10: $(grep 'RVC ≥' "$tmp/r1.txt")"
run "$LV" report R1 --early 50 --lymphedema 60 --out "$tmp/r1-high.pdf"
expect_status 0 "thresholds as options"
checks=$((checks + 1))
pdftotext -layout "$tmp/r1-high.pdf" - | grep -q "RVC ≥ 50 % (early intervention): not reached" ||
	fail "--early 50 is not reached"
run "$LV" report R1 --early 12 --lymphedema 6 --out "$tmp/r1-bad.pdf"
expect_status 64 "--early above --lymphedema"
checks=$((checks + 1))
grep -q "Latest profile, 2026-03-01 (other)" "$tmp/r1.txt" || fail "the latest profile"
checks=$((checks + 1))
[ "$(ls "$tmp" | grep -c 'r1.pdf')" -eq 1 ] || fail "a temporary file left beside the page"

# ---- Letter; the date printed from SOURCE_DATE_EPOCH ----
run env SOURCE_DATE_EPOCH=1780000000 "$LV" report R1 --paper letter --out "$tmp/r1-letter.pdf"
expect_status 0 "report on Letter"
run pdfinfo "$tmp/r1-letter.pdf"
expect_out "Page size:       612 x 792 pts (letter)" "Letter: 8.5 x 11 in"
expect_out "Pages:           1" "one Letter page"
checks=$((checks + 1))
pdftotext "$tmp/r1-letter.pdf" - | grep -q "printed 2026-05-28" ||
	fail "SOURCE_DATE_EPOCH 1780000000 is 2026-05-28"

# ---- PNG (150 dpi) and SVG pages ----
run "$LV" report R1 --out "$tmp/r1.png"
expect_status 0 "report as PNG"
dims=$(od -An -tu1 -j16 -N8 "$tmp/r1.png" | awk '{ print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }')
checks=$((checks + 1))
[ "$dims" = "1240 1754" ] || fail "A4 at 150 dpi is 1240 x 1754 pixels, got $dims"
run "$LV" report R1 --out "$tmp/r1.svg"
expect_status 0 "report as SVG"
checks=$((checks + 1))
grep -q 'width="595.27' "$tmp/r1.svg" || fail "the SVG page is A4 wide in points"

# ---- many visits: still one page, the latest shown, the rest counted ----
awk 'BEGIN { print "patient,limb,date,phase,site_cm,circumference_cm"
	for (v = 0; v < 40; v++) {
		d = sprintf("2025-%02d-%02d", 1 + int(v / 4), 1 + 7 * (v % 4))
		for (s = 0; s <= 40; s += 8)
			printf "M1,right-arm,%s,other,%d,%.1f\n", d, s, 18 + 0.3 * s + v / 20
		for (s = 0; s <= 40; s += 8)
			printf "M1,left-arm,%s,other,%d,%.1f\n", d, s, 18 + 0.3 * s } }' >"$tmp/m1.csv"
run "$LV" record "$tmp/m1.csv"
expect_status 0 "record 40 visits"
run "$LV" report M1 --out "$tmp/m1.pdf"
expect_status 0 "report of 40 visits"
shown=$(sed -n 's/.*: \([0-9]*\) of 40 visits (the \([0-9]*\) earliest left out).*/\1 \2/p' "$tmp/out")
checks=$((checks + 1))
[ -n "$shown" ] && [ $((${shown% *} + ${shown#* })) -eq 40 ] && [ "${shown% *}" -ge 10 ] ||
	fail "40 visits: shown and left out should add up: $(cat "$tmp/out")"
run pdfinfo "$tmp/m1.pdf"
expect_out "Pages:           1" "40 visits on one page"
pdftotext -layout "$tmp/m1.pdf" "$tmp/m1.txt"
checks=$((checks + 1))
grep -q "The latest ${shown% *} of 40 visits; ${shown#* } earlier visits are not shown" "$tmp/m1.txt" ||
	fail "the page says how many visits are left out"
checks=$((checks + 1))
grep -qE '^ *2025-10-22 ' "$tmp/m1.txt" || fail "the latest visit is in the table"
checks=$((checks + 1))
! grep -qE '^ *2025-01-01 ' "$tmp/m1.txt" || fail "the earliest visit is left out"
run "$LV" report M1 --rows 3 --out "$tmp/m3.pdf"
expect_out "3 of 40 visits (the 37 earliest left out)" "--rows 3"

# ---- a hostile code: shown escaped, the page still written ----
code=$(printf 'Q\377\\(x') # a byte that is not UTF-8, a backslash, a parenthesis
run "$LV" record --patient "$code" --limb left-arm --phase other --date 2026-01-05 --step 4 20 22 24
expect_status 0 "record a hostile code"
run "$LV" report "$code" --out "$tmp/q.pdf"
expect_status 0 "report of a hostile code"
checks=$((checks + 1))
pdftotext "$tmp/q.pdf" - | grep -qF 'Patient Q\xff\\(x' || fail "the code escaped on the page"

# ---- refusals ----
run "$LV" report R1 --out "$tmp/missing/r.pdf"
expect_status 73 "an --out in a folder that does not exist"
expect_err "cannot create" "the reason"
checks=$((checks + 1))
[ ! -e "$tmp/missing" ] || fail "something was created"
run "$LV" report R1 --out "$tmp/r.jpg"
expect_status 64 "an --out that is not .pdf, .png or .svg"
run "$LV" report R1 --paper a5 --out "$tmp/r.pdf"
expect_status 64 "an unknown paper"
run "$LV" report NOBODY --out "$tmp/n.pdf"
expect_status 66 "no such patient"
expect_empty_out "nothing on stdout for a refusal"
checks=$((checks + 1))
[ ! -e "$tmp/n.pdf" ] || fail "a page for a patient who does not exist"
run "$LV" report R1
expect_status 64 "no --out"
finish
