# pg_server.sh - a PostgreSQL server of the tests' own (sourced, after lib.sh).
#
#   pg_start DIR    initdb + pg_ctl in DIR on a free port on 127.0.0.1, as an
#                   unprivileged user when run as root (nobody); password
#                   authentication (scram), the password only in a pgpass
#                   file (PGPASSFILE); sets LV_PG_URI (no password in it),
#                   PGPASSFILE, LV_PG_PORT.  Returns non-zero when no server
#                   could be started (pg_why says why).
#   pg_stop         stop it at once (also from the caller's EXIT trap)
#   pg_restart      start it again on the same port and data
#   pg_sql SQL      run SQL with psql, one value per line
# The server runs with fsync=off (a test's throwaway data) unless
# LV_PG_FSYNC=on (benchmarks: commits as durable as SQLite's).
#
# CI has Debian's postgresql (scripts/install-deps.sh); a machine without it
# makes the caller fail unless LV_PG_OPTIONAL=1 (a developer's machine).
pg_bin=""
for d in /usr/lib/postgresql/*/bin; do
	[ -x "$d/initdb" ] && pg_bin=$d
done
pg_dir=""
pg_why=""
pg_as=""

pg_run() { # as the server's user
	if [ -n "$pg_as" ]; then
		runuser -u "$pg_as" -- "$@"
	else
		"$@"
	fi
}

pg_start() {
	pg_dir=$1
	if [ -z "$pg_bin" ]; then
		pg_why="no PostgreSQL server programs (/usr/lib/postgresql/*/bin/initdb)"
		return 1
	fi
	mkdir -p "$pg_dir/data" "$pg_dir/run" || return 1
	if [ "$(id -u)" -eq 0 ]; then
		pg_as=nobody
		# the test's own folders: traversable (not readable) by the server's user
		chmod o+x "$(dirname "$pg_dir")" "$pg_dir"
		chown "$pg_as" "$pg_dir/data" "$pg_dir/run"
	fi
	printf 'lv-test-%s\n' "$$$(date +%N)" >"$pg_dir/pw"
	chmod 600 "$pg_dir/pw" # read by initdb as the server's user, removed below
	[ -n "$pg_as" ] && chown "$pg_as" "$pg_dir/pw"
	if ! pg_run "$pg_bin/initdb" -D "$pg_dir/data" -U limbvol --pwfile="$pg_dir/pw" \
		-A scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1; then
		pg_why="initdb failed: $(tail -n 3 "$pg_dir/initdb.log")"
		return 1
	fi
	printf '127.0.0.1:*:*:limbvol:%s\n' "$(cat "$pg_dir/pw")" >"$pg_dir/pgpass"
	chmod 600 "$pg_dir/pgpass"
	rm -f "$pg_dir/pw"
	export PGPASSFILE="$pg_dir/pgpass"
	for try in 1 2 3 4 5 6 7 8; do
		LV_PG_PORT=$((20000 + ($$ * 7 + try * 4099 + $(date +%N | sed 's/^0*//;s/^$/0/') % 997) % 40000))
		if pg_restart; then
			LV_PG_URI="postgresql://limbvol@127.0.0.1:$LV_PG_PORT/lvtest"
			pg_sql_db postgres "CREATE DATABASE lvtest" >/dev/null || {
				pg_why="cannot create the test database"
				return 1
			}
			return 0
		fi
	done
	pg_why="pg_ctl could not start a server: $(tail -n 3 "$pg_dir/run/server.log")"
	return 1
}

pg_restart() {
	pg_run "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/run/server.log" -w -t 30 \
		-o "-p $LV_PG_PORT -c listen_addresses=127.0.0.1 -k $pg_dir/run -c fsync=${LV_PG_FSYNC:-off}" \
		start >/dev/null 2>&1
}

pg_stop() {
	[ -n "$pg_dir" ] && [ -f "$pg_dir/data/postmaster.pid" ] &&
		pg_run "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1
	return 0
}

pg_sql_db() {
	psql -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$LV_PG_PORT" -U limbvol -d "$1" -c "$2"
}
pg_sql() { pg_sql_db lvtest "$1"; }
