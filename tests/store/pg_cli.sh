#!/bin/sh
# The store on PostgreSQL: a server of the test's own (pg_server.sh: initdb
# and pg_ctl in a temporary folder on a free local port, as nobody when run
# as root, password authentication through a pgpass file), then
#  - the store's C test cases (store_test_store) against it, each case in a
#    fresh database; two processes x 500 records of one patient at once;
#  - the commands on both backends give the same results (a cylinder of
#    known volume, history, export), migrate both ways and again (nothing
#    copied the second time);
#  - refusals: a password in the URI, a database of another program, a newer
#    schema, text that is not UTF-8, an unreachable server (and no file
#    named postgresql: created);
#  - the server stopped in the middle of an import: exit 74, the store
#    consistent afterwards (the import whole or absent).
# No server: a failure (CI installs postgresql), unless LV_PG_OPTIONAL=1.
# Usage: pg_cli.sh LIMBVOL SOURCE_DIR BIN_DIR
LIMBVOL=$1
SRC=$2
BIN=$3
. "$SRC/tests/lib.sh"
. "$SRC/tests/store/pg_server.sh"
trap 'pg_stop; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

if ! pg_start "$tmp/pg"; then
	if [ "${LV_PG_OPTIONAL:-0}" = 1 ] && [ "${CI:-}" != true ]; then
		echo "SKIP: no PostgreSQL server could be started: $pg_why"
		exit 0
	fi
	echo "FAIL: no PostgreSQL server could be started: $pg_why" >&2
	exit 1
fi
base="postgresql://limbvol@127.0.0.1:$LV_PG_PORT"
uri=$LV_PG_URI

# ---- the C cases, each in a fresh database ------------------------------
for case in hostile_codes closest_patient history_metrics history_assumed \
	delete_measurement bad_measurement two_writers; do
	db=c_$case
	# SQL_ASCII keeps any bytes, as SQLite does (hostile codes that are not UTF-8)
	pg_sql_db postgres "CREATE DATABASE $db ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" >/dev/null
	run env LV_TEST_PG_URI="$base/$db" "$BIN/store_test_store" "$case"
	expect_status 0 "store_test_store $case on PostgreSQL"
done
run pg_sql_db c_two_writers "SELECT count(*) FROM session"
[ "$(cat "$tmp/out")" = 28 ] || fail "two writers: $(cat "$tmp/out") sessions, expected 28 (one a day)"
run pg_sql_db c_two_writers "SELECT count(*) FROM measurement"
[ "$(cat "$tmp/out")" = 1000 ] || fail "two writers: $(cat "$tmp/out") measurements, expected 1000"

# ---- the commands, on both backends -------------------------------------
# a cylinder: circumference 25 cm over 40 cm, V = C^2 L / (4 pi) = 1989.44 mL
for db in "$uri" "$tmp/a.db"; do
	run "$LIMBVOL" record --db "$db" --patient LV-1 --limb left-arm --date 2026-01-05 \
		--phase baseline --step 4 25 25 25 25 25 25 25 25 25 25 25
	expect_status 0 "record on $db"
	expect_out "1989.4" "record on $db: the cylinder's volume"
	run "$LIMBVOL" record --db "$db" --patient LV-1 --limb right-arm --date 2026-01-05 \
		--phase baseline --step 4 26 26 26 26 26 26 26 26 26 26 26
	expect_status 0 "record right arm on $db"
	run "$LIMBVOL" patients --db "$db" LV-1 --weight 71.5 --date 2026-01-05 --affected right-arm
	expect_status 0 "patients on $db"
	run "$LIMBVOL" history --db "$db" LV-1 --format csv
	expect_status 0 "history on $db"
	cp "$tmp/out" "$tmp/history.$(basename "$db")"
	run "$LIMBVOL" export --db "$db" --all
	expect_status 0 "export on $db"
	cp "$tmp/out" "$tmp/export.$(basename "$db")"
	run "$LIMBVOL" record --db "$db" --patient LV-1 --limb left-arm --date 2026-01-05 \
		--phase baseline --step 4 25 25 25 25 25 25 25 25 25 25 25
	expect_status 65 "the same measurement again on $db"
	expect_err "already stored as id 1" "the duplicate on $db names the stored id"
done
cmp -s "$tmp/history.lvtest" "$tmp/history.a.db" || fail "history differs between PostgreSQL and SQLite"
cmp -s "$tmp/export.lvtest" "$tmp/export.a.db" || fail "export differs between PostgreSQL and SQLite"
run env LIMBVOL_DB="$uri" "$LIMBVOL" history LV-1 --format csv
expect_status 0 "LIMBVOL_DB as a URI"
cmp -s "$tmp/out" "$tmp/history.a.db" || fail "history through LIMBVOL_DB differs"

# ---- migrate, both ways, twice ------------------------------------------
pg_sql_db postgres "CREATE DATABASE mig" >/dev/null
"$LIMBVOL" import --db "$tmp/m.db" "$SRC/samples/patient-followup.csv" >/dev/null 2>&1 ||
	fail "import of the sample into SQLite"
# two photos with a repeat sd (schema 4): the values go along both ways
"$LIMBVOL" import --db "$tmp/m.db" "$SRC/tests/store/photo_repeat.json" >/dev/null 2>&1 ||
	fail "import of photo_repeat.json into SQLite"
"$LIMBVOL" export --db "$tmp/m.db" --all >"$tmp/m.csv"
want=$(grep -c '^site,' "$tmp/m.csv")
nmeas=$(grep '^site,' "$tmp/m.csv" | cut -d, -f2,9 | sort -u | wc -l)
run "$LIMBVOL" migrate --from "$tmp/m.db" --to "$base/mig"
expect_status 0 "migrate SQLite -> PostgreSQL"
expect_out "copied $nmeas measurements" "migrate copies every measurement"
run "$LIMBVOL" migrate --from "$tmp/m.db" --to "$base/mig"
expect_status 0 "migrate again"
expect_out "copied 0 measurements ($nmeas the destination held already" "a second migrate copies nothing"
run pg_sql_db mig "SELECT count(*) FROM site"
[ "$(cat "$tmp/out")" = "$want" ] || fail "migrate: $(cat "$tmp/out") sites on PostgreSQL, expected $want"
run pg_sql_db mig "SELECT string_agg(repeat_sd_ml::text, ' ' ORDER BY id) FROM measurement WHERE repeat_sd_ml IS NOT NULL"
[ "$(cat "$tmp/out")" = "3.45 3.33" ] || fail "migrate: the repeat sd on PostgreSQL: $(cat "$tmp/out"), expected 3.45 3.33"
run "$LIMBVOL" migrate --from "$base/mig" --to "$tmp/back.db"
expect_status 0 "migrate PostgreSQL -> SQLite"
"$LIMBVOL" export --db "$tmp/back.db" --all >"$tmp/back.csv"
cmp -s "$tmp/m.csv" "$tmp/back.csv" || fail "SQLite -> PostgreSQL -> SQLite is not the same export"

# ---- a store of schema 3 upgraded: the column added, the photos' values kept --
pg_sql_db postgres "CREATE DATABASE v3" >/dev/null
"$LIMBVOL" patients --db "$base/v3" OLD --birth-year 1970 >/dev/null 2>&1 || fail "a store on v3"
pg_sql_db v3 "ALTER TABLE measurement DROP COLUMN repeat_sd_ml, DROP COLUMN camera_distance_cm, DROP COLUMN views" >/dev/null
pg_sql_db v3 "UPDATE limbvol_meta SET value = '3' WHERE key = 'schema_version'" >/dev/null
run "$LIMBVOL" import --db "$base/v3" "$SRC/tests/store/photo_repeat.json"
expect_status 0 "import into a store of schema 3 on PostgreSQL"
run pg_sql_db v3 "SELECT value FROM limbvol_meta WHERE key = 'schema_version'"
[ "$(cat "$tmp/out")" = 4 ] || fail "PostgreSQL schema 3: not upgraded to 4 ($(cat "$tmp/out"))"
run pg_sql_db v3 "SELECT string_agg(repeat_sd_ml::text, ' ' ORDER BY id) FROM measurement"
[ "$(cat "$tmp/out")" = "3.45 3.33" ] || fail "PostgreSQL schema 3 upgraded: repeat sd $(cat "$tmp/out")"
# photo_repeat.json's camera distances and views
run pg_sql_db v3 "SELECT string_agg(camera_distance_cm::text || '/' || views::text, ' ' ORDER BY id) FROM measurement"
[ "$(cat "$tmp/out")" = "62/2 66/2" ] || fail "PostgreSQL schema 3 upgraded: distance/views $(cat "$tmp/out")"

# ---- refusals -------------------------------------------------------------
run "$LIMBVOL" history --db "postgresql://limbvol:s3cret-pw@127.0.0.1:$LV_PG_PORT/lvtest" LV-1
expect_status 64 "a password in the URI"
expect_err "holds a password" "a password in the URI: said"
grep -q s3cret-pw "$tmp/err" && fail "the password was printed"
run "$LIMBVOL" history --db "$uri?sslmode=disable&password=s3cret-pw" LV-1
expect_status 64 "password= in the URI"
grep -q s3cret-pw "$tmp/err" && fail "the password= value was printed"
pg_sql_db postgres "CREATE DATABASE other" >/dev/null
pg_sql_db other "CREATE TABLE invoices(id int)" >/dev/null
run "$LIMBVOL" record --db "$base/other" --patient X --limb left-arm 25 25 25
expect_status 74 "a database of another program"
expect_err "not a limbvol database" "another program's database: said"
run pg_sql_db other "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
[ "$(cat "$tmp/out")" = 1 ] || fail "another program's database was written to"
pg_sql_db postgres "CREATE DATABASE newer" >/dev/null
"$LIMBVOL" patients --db "$base/newer" NEW --birth-year 1970 >/dev/null 2>&1
pg_sql_db newer "UPDATE limbvol_meta SET value = '99' WHERE key = 'schema_version'" >/dev/null
run "$LIMBVOL" history --db "$base/newer" NEW
expect_status 74 "a newer schema"
expect_err "newer limbvol (schema 99" "a newer schema: said"
run "$LIMBVOL" record --db "$uri" --patient "$(printf 'bad\377code')" --limb left-arm 25 25 25
expect_status 65 "a code that is not UTF-8 in a UTF8 database"
expect_err "UTF-8" "not UTF-8: said"
run "$LIMBVOL" history --db "postgresql://limbvol@127.0.0.1:1/lvtest" LV-1
expect_status 74 "an unreachable server"
expect_err "cannot connect to the database postgresql://limbvol@127.0.0.1:1/lvtest" "unreachable: said"
[ -e "$tmp/postgresql:" ] && fail "a folder 'postgresql:' was created"
run "$LIMBVOL" history --db "mysql://db/x" LV-1
expect_status 64 "an unknown kind of URI"

# ---- the server stopped in the middle of an import ---------------------
n=6000 # about 20 s on PostgreSQL here: the stop comes after 1 s
awk -v N=$n -v P=DROP -f "$SRC/tests/bench/gen_export.awk" >"$tmp/big.csv"
pg_sql_db postgres "CREATE DATABASE dropped" >/dev/null
"$LIMBVOL" import --db "$base/dropped" "$tmp/big.csv" >"$tmp/imp.out" 2>"$tmp/imp.err" &
imp=$!
# wait until the import is writing, then stop the server at once
i=0
while [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
	[ "$(pg_sql_db dropped "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'limbvol' AND xact_start IS NOT NULL" 2>/dev/null)" != 0 ] && break
done
sleep 1
pg_stop
wait $imp
status=$?
cp "$tmp/imp.err" "$tmp/err"
if [ $status -eq 0 ]; then
	echo "note: the import of $n measurements ended before the server stopped"
else
	sed "s/^/  import: /" "$tmp/imp.err"
	expect_status 74 "an import whose server stopped"
	expect_err "was lost" "the import says the connection was lost"
	expect_err "nothing was imported" "the import says nothing was stored"
fi
pg_restart || fail "the server did not start again"
run pg_sql_db dropped "SELECT (SELECT count(*) FROM measurement) || ' ' || (SELECT count(*) FROM site) || ' ' || (SELECT count(*) FROM site s LEFT JOIN measurement m ON m.id = s.measurement_id WHERE m.id IS NULL)"
case "$(cat "$tmp/out")" in
"0 0 0" | "$n $((11 * n)) 0") ;;
*) fail "after the stop the store holds '$(cat "$tmp/out")' (measurements sites orphans), expected all or nothing" ;;
esac
awk -v N=50 -v P=AFTER -f "$SRC/tests/bench/gen_export.awk" >"$tmp/small.csv"
run "$LIMBVOL" import --db "$base/dropped" "$tmp/small.csv"
expect_status 0 "an import after the restart"
expect_out "imported 50 measurements" "an import after the restart stores all"

finish
