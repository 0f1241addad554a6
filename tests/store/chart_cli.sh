#!/bin/sh
# The trend chart's legend lists only what the chart draws, and "baseline"
# appears only where a baseline was recorded: the chart's PDF read back with
# pdftotext (Debian poppler-utils), for a patient with sessions (pre, post,
# real and within-error drops, a baseline) and for one with two follow-ups
# of both arms only (no session, no baseline, two points: a line, no band).
#   chart_cli.sh LIMBVOL SOURCE_DIR
LV=$1
SRC=$2
. "$SRC/tests/lib.sh"
unset XDG_DATA_HOME
export HOME="$tmp/home" LIMBVOL_DB="$tmp/c.db"
mkdir -p "$HOME"
command -v pdftotext >/dev/null ||
	{ echo "FAIL: pdftotext missing (Debian poppler-utils: scripts/install-deps.sh)" >&2; exit 1; }

has() { checks=$((checks + 1)); grep -qF -- "$2" "$1" || fail "$3: no '$2' in $(tr '\n' ' ' <"$1")"; }
lacks() { checks=$((checks + 1)); ! grep -qiF -- "$2" "$1" || fail "$3: '$2' should not be there"; }

# the sample patient: a baseline, four sessions (one change within the error)
run "$LV" record "$SRC/samples/patient-followup.csv"
expect_status 0 "record the sample patient"
run "$LV" trend LV-0001 --out "$tmp/s.pdf"
expect_status 0 "trend of the sample patient"
pdftotext "$tmp/s.pdf" "$tmp/s.txt"
has "$tmp/s.txt" "after session" "post measurements drawn hollow"
has "$tmp/s.txt" "real change" "solid drops drawn"
has "$tmp/s.txt" "within error" "a dashed drop drawn"
has "$tmp/s.txt" "95 % band" "the band drawn"
has "$tmp/s.txt" "baseline 0.0 %" "a recorded baseline labelled"

# two follow-ups of both arms: nothing of that is drawn, so none in the legend
{
	echo "patient,limb,date,phase,site_cm,circumference_cm"
	for d in 2026-01-05 2026-02-05; do
		for s in 0 4 8 12 16; do echo "F2,right-arm,$d,other,$s,$((24 + s / 4))"; done
		for s in 0 4 8 12 16; do echo "F2,left-arm,$d,other,$s,$((21 + s / 4))"; done
	done
} >"$tmp/f2.csv"
run "$LV" record "$tmp/f2.csv"
expect_status 0 "record two follow-ups"
run "$LV" trend F2 --out "$tmp/f.pdf"
expect_status 0 "trend of two follow-ups"
pdftotext "$tmp/f.pdf" "$tmp/f.txt"
lacks "$tmp/f.txt" "after session" "no post measurement"
lacks "$tmp/f.txt" "post:" "no drop drawn"
lacks "$tmp/f.txt" "band" "two points: no band"
lacks "$tmp/f.txt" "baseline" "no baseline recorded"
has "$tmp/f.txt" "trend" "the line drawn"
has "$tmp/f.txt" "first visit" "the reference line names the first visit"
run "$LV" report F2 --out "$tmp/f-report.pdf"
expect_status 0 "report of two follow-ups"
pdftotext "$tmp/f-report.pdf" "$tmp/fr.txt"
has "$tmp/fr.txt" "No baseline recorded" "the page says there is no baseline"
finish
