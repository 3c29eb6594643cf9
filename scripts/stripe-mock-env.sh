#!/usr/bin/env bash
# stripe-mock-env.sh — Stripe's API mock (github.com/stripe/stripe-mock) on loopback, for the
# billing tests: it answers every Stripe endpoint from Stripe's OpenAPI description and
# rejects requests that description does not allow, keeping no state. It is built with
# `go install` (the Go module proxy serves it) into build/tools the first time.
#
#   scripts/stripe-mock-env.sh start        start it (no-op if running); prints the export line
#   scripts/stripe-mock-env.sh env          print the export line only
#   scripts/stripe-mock-env.sh stop         stop it (no-op if not running)
#   scripts/stripe-mock-env.sh run CMD...   start if needed, run CMD with the env set, stop
#                                           afterwards if this call started it; exits with CMD's code
#
# The export line is
#   export STABLEAUDIO_TEST_STRIPE_URL=http://127.0.0.1:12111
#
# STABLEAUDIO_STRIPE_MOCK_PORT   TCP port on 127.0.0.1 (default 12111)
set -euo pipefail
cd "$(dirname "$0")/.."

# v0.180.0 describes API version 2023-10-16, the one stripe-go v76 speaks; later releases
# describe newer versions (v0.203.0 refuses v76's upcoming-invoice parameters).
VERSION=v0.180.0
BIN="$PWD/build/tools/stripe-mock"
PORT="${STABLEAUDIO_STRIPE_MOCK_PORT:-12111}"
PIDFILE="/tmp/stableaudio-stripe-mock-$PORT.pid"
LOG="/tmp/stableaudio-stripe-mock-$PORT.log"
URL="http://127.0.0.1:$PORT"

log() { echo "stripe-mock-env: $*" >&2; }
print_env() { echo "export STABLEAUDIO_TEST_STRIPE_URL=$URL"; }

ensure_built() {
	if [ -x "$BIN" ]; then return; fi
	log "building stripe-mock $VERSION into build/tools"
	GOBIN="$(dirname "$BIN")" go install "github.com/stripe/stripe-mock@$VERSION" >&2
}

# running: something answers on the port (bash opens the connection itself: no curl needed).
running() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

start() {
	ensure_built
	if running; then print_env; return; fi
	"$BIN" -http-addr "127.0.0.1:$PORT" >"$LOG" 2>&1 &
	echo $! >"$PIDFILE"
	local i
	for i in $(seq 1 100); do
		if running; then break; fi
		sleep 0.1
	done
	if ! running; then
		log "stripe-mock did not come up; see $LOG"
		tail -n 20 "$LOG" >&2 || true
		exit 1
	fi
	log "stripe-mock $VERSION running (pid $(cat "$PIDFILE")) on $URL"
	print_env
}

stop() {
	local pid
	pid="$(cat "$PIDFILE" 2>/dev/null || true)"
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid"
		log "stripe-mock stopped"
	fi
	rm -f "$PIDFILE"
}

run() {
	local started=0
	if ! running; then
		start >/dev/null
		started=1
	fi
	set +e
	STABLEAUDIO_TEST_STRIPE_URL="$URL" "$@"
	local code=$?
	set -e
	if [ "$started" = 1 ]; then stop; fi
	exit "$code"
}

case "${1:-}" in
start) start ;;
env) print_env ;;
stop) stop ;;
run)
	shift
	run "$@"
	;;
*)
	echo "usage: $0 start|env|stop|run CMD..." >&2
	exit 2
	;;
esac
