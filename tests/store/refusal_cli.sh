#!/bin/sh
# A store that is refused is never written (its bytes and modification time
# stay the same), and a store that can only be read is read: a read-only file
# in a read-only folder answers history, patients, trend and export, and
# nothing (-wal, -shm) is left beside it.
#   refusal_cli.sh LIMBVOL SOURCE_DIR
LV=$1
SRC=$2
. "$SRC/tests/lib.sh"
. "$SRC/tests/store/common.sh"
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
fingerprint() { echo "$(sha256sum <"$1") $(stat -c %y "$1")"; }

# refused CASE FILE NEEDLE: `history` and `record` exit 74 naming the problem,
# and the file is as it was
refused() {
	before=$(fingerprint "$2")
	sleep 0.01
	for cmd in "history --db $2 LV-0002" "record --db $2 $SRC/samples/arm-pair.csv"; do
		# shellcheck disable=SC2086
		"$LV" $cmd >"$T/out" 2>"$T/err"
		rc=$?
		if [ $rc -ne 74 ]; then
			fail "$1: $cmd exited $rc, expected 74"; cat "$T/err" >&2
		elif ! grep -qF "$3" "$T/err"; then
			fail "$1: no '$3' in:"; cat "$T/err" >&2
		else
			ok
		fi
	done
	if [ "$(fingerprint "$2")" != "$before" ]; then fail "$1: the refused file was modified"; else ok; fi
	if ls "$2"-* >/dev/null 2>&1; then fail "$1: files left beside it: $(ls "$2"-*)"; else ok; fi
}

sqlite3 "$T/mark.db" "PRAGMA application_id = 1280724812;"
refused "limbvol's id, no schema version" "$T/mark.db" "no schema version"
sqlite3 "$T/mark2.db" "PRAGMA application_id = 1280724812; PRAGMA user_version = 2;"
refused "limbvol's id, no tables" "$T/mark2.db" "tables of schema 2 are missing"
sqlite3 "$T/v1.db" <"$SRC/tests/store/schema_v1.sql"
sqlite3 "$T/v1.db" "PRAGMA application_id = 1280724812;" 2>/dev/null
# garbage over the last page (a table's rows): damaged, found before upgrading
size=$(stat -c %s "$T/v1.db")
head -c 2048 /dev/urandom | dd of="$T/v1.db" bs=1 seek=$((size - 2048)) conv=notrunc 2>/dev/null
refused "old schema with garbage" "$T/v1.db" "corrupted"
cp "$SRC/tests/fuzz/regress/store/v1-damaged-schema-upgrade.db" "$T/v1s.db"
refused "old schema, a damaged table definition" "$T/v1s.db" "upgrading the database"

# a good store, read where nothing can be written
"$LV" record --db "$T/good.db" "$SRC/samples/arm-pair.csv" >/dev/null || fail "record"
mkdir "$T/ro"
cp "$T/good.db" "$T/ro/s.db"
chmod 444 "$T/ro/s.db"
chmod 555 "$T/ro"
as=""
if [ "$(id -u)" -eq 0 ]; then
	# root writes anything: read as nobody, for whom the folder is read-only
	chmod 755 "$T"
	as="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
before=$(fingerprint "$T/ro/s.db")
for cmd in "history LV-0002" "patients" "trend LV-0002 --format csv" "export LV-0002 --format csv"; do
	# shellcheck disable=SC2086
	if $as "$LV" $cmd --db "$T/ro/s.db" >"$T/out" 2>"$T/err" && grep -q "LV-0002\|left-arm" "$T/out"; then
		ok
	else
		fail "read-only store: $cmd failed:"; cat "$T/err" >&2
	fi
done
if ls "$T/ro/s.db"-* >/dev/null 2>&1; then fail "read-only store: files left: $(ls "$T"/ro/)"; else ok; fi
[ "$(fingerprint "$T/ro/s.db")" = "$before" ] && ok || fail "read-only store: modified"
# a read-only file in a writable folder: read, nothing left beside it
chmod 755 "$T/ro"
$as "$LV" history --db "$T/ro/s.db" LV-0002 >/dev/null 2>"$T/err" && ok || { fail "read-only file"; cat "$T/err" >&2; }
if ls "$T/ro/s.db"-* >/dev/null 2>&1; then fail "read-only file: files left: $(ls "$T"/ro/)"; else ok; fi
# writing it is refused with a clear message
$as "$LV" record --db "$T/ro/s.db" "$SRC/samples/arm-pair.csv" >/dev/null 2>"$T/err"
[ $? -eq 74 ] && grep -q "read-only\|cannot" "$T/err" && ok || { fail "record on a read-only store"; cat "$T/err" >&2; }

finish
