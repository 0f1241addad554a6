#!/bin/sh
# The audit trail on PostgreSQL (issue 12's backend): edit with the duplicate
# rule, the trail, delete / undelete / purge and weights against a server of
# the test's own (pg_server.sh).  The same statements as on SQLite
# (audit_cli.sh tests the details there).
#   audit_pg_cli.sh LIMBVOL SOURCE_DIR
LV=$1
SRC=$2
. "$SRC/tests/lib.sh"
. "$SRC/tests/store/common.sh"
. "$SRC/tests/store/pg_server.sh"
trap 'pg_stop; rm -rf "$T"' EXIT
chmod 755 "$T"
if ! pg_start "$T/pg"; then
	echo "no PostgreSQL server: $pg_why" >&2
	[ "${LV_PG_OPTIONAL:-0}" = 1 ] && exit 0
	exit 1
fi
export LIMBVOL_DB="$LV_PG_URI"
C="--step 4 25 25 25 25 25 25 25 25 25 25 25"
"$LV" record --patient P1 --limb left-arm --phase baseline --date 2026-03-02 $C \
	--other 20 20 20 20 20 20 20 20 20 20 20 >/dev/null || fail "record"
# 8 cylinder segments of C = 25 and two frustum segments 25 -> 26.5 (4 cm)
expect 0 "volume_ml: 1989.436789 -> 2013.787495" -- "$LV" edit 1 --site 12 26.5
expect 65 "as measurement 1" -- "$LV" edit 2 --limb left-arm --site 0 25 --site 4 25 \
	--site 8 25 --site 12 26.5 --site 16 25 --site 20 25 --site 24 25 --site 28 25 \
	--site 32 25 --site 36 25 --site 40 25
[ "$(pg_sql "SELECT count(*) FROM revision")" = 3 ] && ok || fail "revisions after a refusal"
expect 0 "circumference_cm 12: 25 -> 26.5" -- "$LV" show 1 --history
expect 0 "" -- "$LV" delete 1 --yes
"$LV" history P1 --format csv | grep -q "^P1,1," && fail "deleted one in history" || ok
expect 0 "undeleted measurement 1" -- "$LV" undelete 1
"$LV" patients P1 --weight 70 --date 2026-03-02 >/dev/null
expect 0 "weight_kg: 70 -> 71" -- "$LV" edit w1 --kg 71
expect 0 "" -- "$LV" delete w1 --yes
expect 0 "" -- "$LV" delete 2 --yes
expect 0 "purged 1 measurement and 1 weight" -- "$LV" purge --all --yes
expect 66 "no measurement 2" -- "$LV" show 2
[ "$(pg_sql "SELECT count(*) FROM site WHERE measurement_id = 2")" = 0 ] && ok || fail "purge left sites"
finish
