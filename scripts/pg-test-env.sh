#!/usr/bin/env bash
# pg-test-env.sh — a throw-away PostgreSQL server for the database tests.
#
# The server listens on 127.0.0.1 only (no other interface), keeps all its state in
# one folder that `stop` deletes, and lets anyone on loopback in without a password
# (auth=trust). That is fine for a test server holding nothing but test data on a
# port no other machine can reach; never point it at a folder with real data.
#
#   scripts/pg-test-env.sh start        start it (no-op if running); prints the export line
#   scripts/pg-test-env.sh env          print the export line only
#   scripts/pg-test-env.sh stop         stop it and delete its folder (no-op if not running)
#   scripts/pg-test-env.sh status       exit 0 if running
#   scripts/pg-test-env.sh run CMD...   start if needed, run CMD with the env set,
#                                       stop afterwards if this call started it;
#                                       exits with CMD's exit code
#
# The export line is
#   export STABLEAUDIO_TEST_POSTGRES_URL='postgres://postgres@127.0.0.1:55432/stableaudio_test?sslmode=disable'
# (quoted so that no shell globs the "?").
#
# From a Makefile (each recipe line is its own shell, hence one line):
#   scripts/pg-test-env.sh run go test -race ./...
# or:
#   eval "$(scripts/pg-test-env.sh start)"; go test ./...
#
# STABLEAUDIO_PG_DIR            state folder (default /tmp/stableaudio-pg-test); `stop` deletes it
# STABLEAUDIO_PG_PORT           TCP port on 127.0.0.1 (default 55432)
# STABLEAUDIO_PG_START_TIMEOUT  seconds to wait for the server to accept connections (default 60)
# STABLEAUDIO_PG_BIN            folder with initdb, pg_ctl and postgres (default: the newest
#                               /usr/lib/postgresql/<version>/bin; installed with apt if missing)
#
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system
# user (made by the Debian package) and the folder belongs to it; otherwise it runs as
# the calling user. Either way the database superuser is called `postgres`.
set -euo pipefail

DIR="${STABLEAUDIO_PG_DIR:-/tmp/stableaudio-pg-test}"
case "$DIR" in /*) ;; *) DIR="$PWD/$DIR" ;; esac
DIR="${DIR%/}"
PORT="${STABLEAUDIO_PG_PORT:-55432}"
TIMEOUT="${STABLEAUDIO_PG_START_TIMEOUT:-60}"
DATA="$DIR/data"              # PGDATA: initdb's cluster, postmaster.pid lives here
SOCKDIR="$DIR/sock"           # the Unix socket (clients use TCP; this is for pg_ctl and psql)
LOG="$DIR/postgres.log"
MARKER="$DIR/.stableaudio-pg-test" # only a folder holding this is ours to delete
LOCK="$DIR.lock"              # serialises start/stop; outside $DIR because stop deletes $DIR
DB=stableaudio_test
SUPERUSER=postgres
URL="postgres://$SUPERUSER@127.0.0.1:$PORT/$DB?sslmode=disable"
BIN=""

log() { echo "pg-test-env: $*" >&2; }
die() { log "$*"; exit 1; }

case "$PORT" in '' | *[!0-9]*) die "STABLEAUDIO_PG_PORT must be a number, not '$PORT'" ;; esac
case "$DIR" in '' | / | /tmp | /var/tmp | /root | /home | "${HOME:-/}") die "refusing to use '${STABLEAUDIO_PG_DIR:-$DIR}' as the throw-away folder" ;; esac

print_env() {
	echo "export STABLEAUDIO_TEST_POSTGRES_URL='$URL'"
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# as_pg runs a command as the user the server runs as, from / (the server user may not
# be allowed into the caller's working directory) and without our lock fd, which the
# postmaster would otherwise inherit and hold for its whole life.
as_pg() {
	if ! is_root; then
		(cd / && exec "$@" 9>&-)
	elif command -v runuser >/dev/null; then
		(cd / && exec runuser -u postgres -- "$@" 9>&-)
	else
		(cd / && exec su -s /bin/bash postgres -c "$(printf '%q ' "$@")" 9>&-)
	fi
}

# find_bin sets BIN to a folder holding initdb, pg_ctl and postgres. The versioned Debian
# folder comes first: a bare `initdb` on PATH may be a wrapper or something else.
find_bin() {
	local d cand=()
	if [ -n "${STABLEAUDIO_PG_BIN:-}" ]; then
		cand=("$STABLEAUDIO_PG_BIN")
	else
		while IFS= read -r d; do
			if [ -d "$d" ]; then cand+=("$d"); fi
		done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5,5 -V -r)
		d="$(command -v pg_ctl 2>/dev/null || true)"
		if [ -n "$d" ]; then cand+=("$(dirname "$(readlink -f "$d")")"); fi
	fi
	for d in "${cand[@]}"; do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] &&
			"$d/postgres" --version 2>/dev/null | grep -q PostgreSQL; then
			BIN="$d"
			return 0
		fi
	done
	return 1
}

# ensure_installed installs PostgreSQL with apt-get when it is missing. Another process
# may hold the dpkg lock (CI images install several things at once), so wait for it
# instead of failing.
ensure_installed() {
	if find_bin; then return 0; fi
	if [ -n "${STABLEAUDIO_PG_BIN:-}" ]; then
		die "STABLEAUDIO_PG_BIN=$STABLEAUDIO_PG_BIN has no initdb, pg_ctl and postgres"
	fi
	command -v apt-get >/dev/null ||
		die "PostgreSQL server binaries not found and apt-get is unavailable; install PostgreSQL by hand or set STABLEAUDIO_PG_BIN"
	local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -q)
	if ! is_root; then apt=(sudo "${apt[@]}"); fi
	log "installing postgresql"
	if ! "${apt[@]}" install postgresql >&2; then
		# A fresh image may have no package lists yet.
		"${apt[@]}" update >&2
		"${apt[@]}" install postgresql >&2
	fi
	find_bin || die "postgresql is installed but no /usr/lib/postgresql/*/bin has initdb, pg_ctl and postgres"
}

tool() { # a client tool, from the server's folder when it has it
	if [ -n "$BIN" ] && [ -x "$BIN/$1" ]; then echo "$BIN/$1"; else command -v "$1" || echo "$1"; fi
}

# postmaster_pid prints the pid from postmaster.pid if that process is alive and is a
# postgres running in our data folder (a killed server leaves a stale file behind, and
# its pid may since belong to something else).
postmaster_pid() {
	local pid
	pid="$(head -n 1 "$DATA/postmaster.pid" 2>/dev/null || true)"
	case "$pid" in '' | *[!0-9]*) return 0 ;; esac
	if ours "$pid"; then echo "$pid"; fi
}

# ours: pid is a live postgres process whose working directory is our data folder
# (the postmaster and all its children chdir there). Builtins only where possible:
# leftover_pids runs this for every process on the machine.
ours() {
	local comm state data
	read -r comm 2>/dev/null <"/proc/$1/comm" || return 1
	[ "$comm" = postgres ] || return 1
	data="$(readlink -f "$DATA" 2>/dev/null)" || return 1
	[ "$(readlink "/proc/$1/cwd" 2>/dev/null)" = "$data" ] || return 1
	read -r _ _ state _ 2>/dev/null <"/proc/$1/stat" || return 1
	[ "$state" != Z ]
}

leftover_pids() {
	local p
	for p in /proc/[0-9]*; do
		if ours "${p#/proc/}"; then echo "${p#/proc/}"; fi
	done
}

accepting() {
	"$(tool pg_isready)" -q -h 127.0.0.1 -p "$PORT" -U "$SUPERUSER" -d postgres -t 2 >/dev/null 2>&1
}

running() {
	[ -n "$(postmaster_pid)" ] && accepting
}

psql_admin() {
	PGCONNECT_TIMEOUT=10 "$(tool psql)" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" \
		-U "$SUPERUSER" -d postgres "$@"
}

ensure_db() {
	if [ "$(psql_admin -tAc "select 1 from pg_database where datname = '$DB'")" != 1 ]; then
		psql_admin -c "create database $DB" >/dev/null
	fi
}

# wait_ready waits (up to the deadline) until the server takes TCP connections; false
# as soon as the postmaster is gone.
wait_ready() {
	local deadline=$((SECONDS + TIMEOUT))
	while [ "$SECONDS" -lt "$deadline" ]; do
		if accepting; then return 0; fi
		if [ -z "$(postmaster_pid)" ]; then return 1; fi
		sleep 0.2
	done
	accepting
}

# kill_server stops our postmaster (fast shutdown, then SIGKILL) and any orphaned
# backends a killed postmaster left behind, and frees a killed server's shared memory.
kill_server() {
	local pid i shm
	pid="$(postmaster_pid)"
	if [ -n "$pid" ]; then
		if ! as_pg "$BIN/pg_ctl" stop -D "$DATA" -m fast -w -t 30 >/dev/null 2>&1; then
			log "pg_ctl stop failed; killing postmaster $pid"
			kill -9 "$pid" 2>/dev/null || true
		fi
	fi
	# Backends of a SIGKILLed postmaster exit by themselves once they notice; give
	# them a moment, then make sure.
	for i in $(seq 1 20); do
		[ -n "$(leftover_pids)" ] || break
		if [ "$i" = 1 ]; then leftover_pids | xargs -r kill -QUIT 2>/dev/null || true; fi
		sleep 0.1
	done
	leftover_pids | xargs -r kill -9 2>/dev/null || true
	# postmaster.pid line 7 is "<shm key> <shm id>" of the server's small SysV segment.
	# A clean shutdown removes it; after a SIGKILL it stays, so drop it if it is still
	# that segment and nobody is attached.
	shm="$(sed -n 7p "$DATA/postmaster.pid" 2>/dev/null || true)"
	if [ -n "$shm" ] && command -v ipcs >/dev/null && command -v ipcrm >/dev/null; then
		local key id
		read -r key id <<<"$shm" || true
		case "$key$id" in '' | *[!0-9]*) ;; *)
			if ipcs -m | awk -v k="$(printf '0x%08x' "$key")" -v i="$id" \
				'$1 == k && $2 == i && $6 == 0 { f = 1 } END { exit !f }'; then
				ipcrm -m "$id" 2>/dev/null || true
			fi
			;;
		esac
	fi
}

# remove_dir deletes the state folder, but only one this script made.
remove_dir() {
	[ -e "$DIR" ] || return 0
	if [ -f "$MARKER" ] || [ -z "$(ls -A "$DIR" 2>/dev/null)" ]; then
		rm -rf "$DIR"
	else
		die "$DIR exists and was not made by this script; not deleting it (set STABLEAUDIO_PG_DIR)"
	fi
}

make_dir() {
	mkdir -p "$DIR"
	touch "$MARKER"
	mkdir -p "$SOCKDIR"
	if is_root; then
		id postgres >/dev/null 2>&1 || die "no 'postgres' system user to run the server as (the Debian postgresql package creates it)"
		chown -R postgres:postgres "$DIR"
	fi
	chmod 755 "$DIR" "$SOCKDIR"
	as_pg touch "$LOG" # the server user appends to it (pg_ctl -l)
	as_pg test -w "$DIR" -a -x "$DIR" ||
		die "the server user cannot write $DIR (a parent folder may be closed to it); set STABLEAUDIO_PG_DIR, e.g. under /tmp"
}

init_cluster() {
	# trust: loopback only and nothing but throw-away data. --no-sync: a crash loses
	# nothing we care about.
	as_pg "$BIN/initdb" -D "$DATA" --auth=trust --username="$SUPERUSER" -E UTF8 --locale=C \
		--no-sync >>"$LOG" 2>&1 || { tail -n 20 "$LOG" >&2; die "initdb failed; see $LOG"; }
	# fsync, synchronous_commit and full_page_writes only protect data against an OS
	# crash or power loss; this cluster is deleted after the tests (and re-made from
	# scratch if anything goes wrong), so we skip that work for faster tests.
	# max_connections: the tests fire 200 requests in parallel.
	as_pg tee -a "$DATA/postgresql.conf" >/dev/null <<EOF

# --- scripts/pg-test-env.sh: throw-away test server ---
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '${SOCKDIR//\'/\'\'}'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

start() {
	ensure_installed
	if running; then
		ensure_db
		print_env
		return 0
	fi
	if [ -n "$(postmaster_pid)" ]; then
		# Alive but not (yet) taking connections: maybe another start is still
		# waiting for it, or it is recovering. Give it the usual time.
		if wait_ready; then
			ensure_db
			print_env
			return 0
		fi
		log "server in $DATA is not accepting connections; starting afresh"
	elif [ -e "$DATA/postmaster.pid" ]; then
		log "stale postmaster.pid in $DATA (server was killed); starting afresh"
	fi
	# Nothing usable: clear any leftovers (orphaned backends, shared memory, old
	# cluster) and make a fresh cluster.
	kill_server
	remove_dir
	make_dir
	init_cluster
	if ! as_pg "$BIN/pg_ctl" start -D "$DATA" -l "$LOG" -w -t "$TIMEOUT" >/dev/null 2>&1 ||
		! wait_ready; then
		tail -n 20 "$LOG" >&2 || true
		die "postgres did not come up on 127.0.0.1:$PORT; see $LOG"
	fi
	ensure_db
	log "postgres $("$BIN/postgres" --version | awk '{print $3}') running (pid $(postmaster_pid)) on 127.0.0.1:$PORT, folder $DIR"
	print_env
}

stop() {
	if [ -e "$DIR" ]; then
		ensure_installed # for pg_ctl
		local was
		was="$(postmaster_pid)"
		kill_server
		remove_dir
		if [ -n "$was" ]; then log "postgres stopped"; else log "removed $DIR"; fi
	fi
}

status() {
	find_bin || true
	if running; then
		log "running (pid $(postmaster_pid)) on 127.0.0.1:$PORT"
	else
		log "not running"
		return 1
	fi
}

locked() { # run "$@" holding the start/stop lock (a second start waits for the first)
	mkdir -p "$(dirname "$DIR")"
	if { exec 9>>"$LOCK"; } 2>/dev/null; then
		if command -v flock >/dev/null; then flock -w 900 9 || die "timed out waiting for $LOCK"; fi
	else
		log "cannot open $LOCK; going on without the lock"
	fi
	"$@"
	exec 9>&-
}

run() {
	local started=0 status=0
	find_bin || true
	if ! running; then
		started=1
		# Ctrl-C or a kill while starting or while CMD runs must not leave the server
		# behind. (Bash runs the trap once the foreground CMD has exited; Ctrl-C reaches
		# CMD too, as it signals the whole foreground process group.)
		trap 'locked stop; exit 130' INT
		trap 'locked stop; exit 143' TERM
		trap 'locked stop; exit 129' HUP
		if ! (locked start) >/dev/null; then
			locked stop
			exit 1
		fi
	fi
	STABLEAUDIO_TEST_POSTGRES_URL="$URL" "$@" || status=$?
	if [ "$started" = 1 ]; then
		trap - INT TERM HUP
		locked stop
	fi
	return "$status"
}

case "${1:-}" in
start) locked start ;;
stop) locked stop ;;
env) print_env ;;
status) status ;;
run)
	shift
	[ $# -gt 0 ] || { log "usage: $0 run COMMAND [ARGS...]"; exit 2; }
	run "$@"
	;;
*)
	echo "usage: $0 start|stop|env|status|run COMMAND..." >&2
	exit 2
	;;
esac
