#!/bin/sh
# CSV in the German/European convention (issue 13): ';' between fields and a
# decimal comma, recognised from the header line by every reader (tape
# files, record, import) and written with --csv-locale de (export, history,
# trend, alerts, tape, record).  Values are cylinder closed forms,
# V = h C^2 / 4 pi, computed here; the round trips compare C-style exports.
#   csv_de_cli.sh LIMBVOL SOURCE_DIR
LIMBVOL=$1
. "$2/tests/lib.sh"
unset LIMBVOL_DB XDG_DATA_HOME
export HOME="$tmp/home"
mkdir -p "$HOME"
export LIMBVOL_DB="$tmp/a.db"
cyl() { awk -v h="$1" -v c="$2" 'BEGIN { printf "%.6f", h * c * c / (4 * 3.14159265358979) }'; }
# de2c: a ';'-CSV with decimal commas as a C-style CSV (fields hold no quotes here)
de2c() { sed -e 's/,/./g' -e 's/;/,/g' "$@"; }
col() { awk -F, -v k="$1" -v row="${2:-2}" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == k) c = i }
	NR == row { print $c }'; }

# ---- a file made by hand as a spreadsheet set to de-DE saves it: a byte-order
# mark, CRLF, ';', decimal commas, dates DD.MM.YYYY (HH:MM), a quoted field ----
{
	printf '\357\273\277patient;limb;date;phase;site_cm;circumference_cm\r\n'
	for s in 0 4 8 12 16 20 24 28 32 36 40; do
		printf 'P1;left-arm;12.01.2026;baseline;%s;24,5\r\n' "$s"
	done
	for s in 0 4 8 12 16 20 24 28 32 36 40; do
		printf 'P1;right-arm;12.01.2026;baseline;%s;25\r\n' "$s"
	done
	for s in 0 4 8 12 16 20 24 28 32 36 40; do
		printf '"P1";left-arm;02.03.2026 10:30;other;%s,0;26,25\r\n' "$s"
	done
	for s in 0 4 8 12 16 20 24 28 32 36 40; do
		printf 'P1;right-arm;02.03.2026 10:30;other;%s;25\r\n' "$s"
	done
} >"$tmp/de.csv"
run "$LIMBVOL" tape --format csv "$tmp/de.csv"
expect_status 0 "tape reads a de-DE file"
expect_near "$(col volume_ml 2 <"$tmp/out")" "$(cyl 40 24.5)" 0.1 "the decimal comma: 24,5 cm over 40 cm"
checks=$((checks + 1))
[ "$(col date 2 <"$tmp/out")" = 2026-01-12 ] && [ "$(col date 4 <"$tmp/out")" = 2026-03-02T10:30 ] ||
	fail "German dates read as ISO dates: $(cat "$tmp/out")"
expect_near "$(col volume_ml 4 <"$tmp/out")" "$(cyl 40 26.25)" 0.1 "26,25 cm (and a site '0,0')"
run "$LIMBVOL" record "$tmp/de.csv"
expect_status 0 "record reads a de-DE file"
run "$LIMBVOL" patients P1 --affected left-arm
run "$LIMBVOL" history P1 --format csv
checks=$((checks + 1))
awk -F, '$6 == "left-arm" && $3 == "2026-03-02T10:30" { ok = 1 } END { exit !ok }' "$tmp/out" ||
	fail "history: the stored date of a German date: $(cat "$tmp/out")"

# ---- written with --csv-locale de ----
run "$LIMBVOL" history P1 --format csv --csv-locale de
expect_status 0 "history --csv-locale de"
checks=$((checks + 1))
head -n 1 "$tmp/out" | grep -q '^patient;id;date;session;' || fail "history de: the header: $(head -n 1 "$tmp/out")"
de2c "$tmp/out" >"$tmp/h.csv"
expect_near "$(awk -F, '$6 == "left-arm" && $7 == "baseline" { print $9 }' "$tmp/h.csv")" "$(cyl 40 24.5)" 0.01 \
	"history de: the volume with a decimal comma"
checks=$((checks + 1))
grep -q ';1910,' "$tmp/out" || fail "history de: no decimal comma in $(sed -n 2p "$tmp/out")"
run "$LIMBVOL" tape --format csv --csv-locale de --step 4 25 25 25 25 25 25 25 25 25 25 25
expect_status 0 "tape --csv-locale de"
expect_near "$(de2c "$tmp/out" | col volume_ml)" 1989.44 0.05 "tape de: the cylinder of doc/clinical.md (1 decimal)"
run "$LIMBVOL" trend P1 --format csv --csv-locale de
expect_status 0 "trend --csv-locale de"
expect_out "series;date;phase;value;sd;low95;high95" "trend de: the header"
run "$LIMBVOL" alerts --format csv --csv-locale de
expect_out "patient;limb;date;id;rvc_percent" "alerts de: the header"
run "$LIMBVOL" tape --format csv --csv-locale fr --step 4 25 25
expect_status 64 "an unknown --csv-locale"
expect_err "expected c or de, found 'fr'" "the message names the choices"

# ---- round trip: export de, import it into a new store, same values ----
# a code that reads as a number stays as it is (a text column)
run "$LIMBVOL" record --patient 12.5 --limb left-arm --phase baseline --date 2026-01-05 \
	--step 4 20.5 21.25 22 --other 20 21 22
"$LIMBVOL" patients P1 --weight 61.5 --date 2026-01-12 >/dev/null
run "$LIMBVOL" export --all --csv-locale de --out "$tmp/x-de.csv"
expect_status 0 "export --csv-locale de"
checks=$((checks + 1))
head -n 1 "$tmp/x-de.csv" | grep -q '^record;patient;' && grep -q ';12.5;' "$tmp/x-de.csv" &&
	grep -q ';24,5' "$tmp/x-de.csv" && grep -q ';61,5' "$tmp/x-de.csv" ||
	fail "export de: ';', decimal commas, the code 12.5 untouched: $(head -n 4 "$tmp/x-de.csv")"
run "$LIMBVOL" import --db "$tmp/b.db" "$tmp/x-de.csv"
expect_status 0 "import reads the de export back"
"$LIMBVOL" export --all --out "$tmp/x1.csv" && "$LIMBVOL" export --all --db "$tmp/b.db" --out "$tmp/x2.csv"
checks=$((checks + 1))
cmp -s "$tmp/x1.csv" "$tmp/x2.csv" || fail "de export -> import -> export differs: $(diff "$tmp/x1.csv" "$tmp/x2.csv" | head -5)"
checks=$((checks + 1))
[ "$("$LIMBVOL" export 12.5 --db "$tmp/b.db" | grep -c '^site,12.5,')" = 6 ] || fail "the patient 12.5 came back"

# ---- bad data in a de file: located, nothing stored ----
printf 'patient;limb;date;phase;site_cm;circumference_cm\nQ;left-arm;2026-01-12;baseline;0;24,5\nQ;left-arm;2026-01-12;baseline;4;2x,5\n' >"$tmp/bad.csv"
run "$LIMBVOL" record "$tmp/bad.csv"
expect_status 65 "a value that is no number in a de file"
expect_err "bad.csv:3:" "located at its line"
printf 'patient;limb;date;phase;site_cm;circumference_cm\nQ;left-arm;31.02.2026;baseline;0;24,5\nQ;left-arm;31.02.2026;baseline;4;24,5\n' >"$tmp/bad2.csv"
run "$LIMBVOL" record "$tmp/bad2.csv"
expect_status 65 "31.02.2026 is no date"
expect_err "bad2.csv:2:" "located at its line"

finish
