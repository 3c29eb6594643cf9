#!/usr/bin/env bash
# audio-test-env.sh — a throw-away PulseAudio daemon for the audio integration tests.
#
# The daemon has no hardware: one null sink ("testout", the default sink) swallows
# playback, and anyone may connect on a private socket, so it needs no cookie and
# never touches a desktop session's own PulseAudio.
#
#   scripts/audio-test-env.sh start        start it (no-op if running); prints export lines
#   scripts/audio-test-env.sh env          print the export lines only
#   scripts/audio-test-env.sh stop         stop it (no-op if not running)
#   scripts/audio-test-env.sh status       exit 0 if running
#   scripts/audio-test-env.sh run CMD...   start if needed, run CMD with the env set,
#                                          stop afterwards if this call started it
#
# From a Makefile (each recipe line is its own shell, hence one line):
#   STABLEAUDIO_AUDIO_TESTS=1 scripts/audio-test-env.sh run go test -race ./...
# or:
#   eval "$(scripts/audio-test-env.sh start)"; STABLEAUDIO_AUDIO_TESTS=1 go test ./...
#
# STABLEAUDIO_AUDIO_DIR overrides the state directory (default /tmp/stableaudio-audio-test).
set -euo pipefail

DIR="${STABLEAUDIO_AUDIO_DIR:-/tmp/stableaudio-audio-test}"
RUNTIME="$DIR/runtime"        # PULSE_RUNTIME_PATH: pid file lives here
SOCKET="$DIR/native"          # the private socket clients connect to
LOG="$DIR/pulseaudio.log"
KEEPALIVE_PID="$DIR/keepalive.pid"
SINK=testout

log() { echo "audio-test-env: $*" >&2; }

print_env() {
	echo "export PULSE_SERVER=unix:$SOCKET"
	echo "export PULSE_SINK=$SINK"
}

# DELAY_PLUGIN is the LADSPA delay line (Debian: swh-plugins) the loopback latency test
# puts between a null sink and its monitor, a delay exact to the sample.
DELAY_PLUGIN=/usr/lib/ladspa/delay_1898.so

# ensure_installed installs PulseAudio and the delay plugin with apt-get when missing. Another
# process may hold the dpkg lock (CI images install several things at once), so
# wait for it instead of failing.
ensure_installed() {
	if command -v pulseaudio >/dev/null && command -v pactl >/dev/null && [ -f "$DELAY_PLUGIN" ]; then
		return
	fi
	if ! command -v apt-get >/dev/null; then
		log "pulseaudio, pactl or swh-plugins missing and apt-get is unavailable; install them by hand"
		exit 1
	fi
	local sudo=""
	if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
	log "installing pulseaudio, pulseaudio-utils and swh-plugins"
	local apt=($sudo apt-get -o DPkg::Lock::Timeout=600 -y -q)
	if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" install pulseaudio pulseaudio-utils swh-plugins >&2; then
		# A fresh image may have no package lists yet.
		"${apt[@]}" update >&2
		DEBIAN_FRONTEND=noninteractive "${apt[@]}" install pulseaudio pulseaudio-utils swh-plugins >&2
	fi
}

pactl_test() { PULSE_SERVER="unix:$SOCKET" pactl "$@"; }

running() {
	[ -S "$SOCKET" ] && pactl_test info >/dev/null 2>&1
}

daemon_pid() {
	cat "$RUNTIME/pid" 2>/dev/null || true
}

start() {
	ensure_installed
	if running; then
		print_env
		return
	fi
	stop_daemon # clear a crashed daemon's leftovers (stale socket, pid file)
	mkdir -p "$RUNTIME"
	chmod 700 "$RUNTIME"
	# -n skips default.pa: no hardware probing, only the modules below.
	# --system=false keeps it a per-user daemon even when run as root, where
	# PulseAudio only warns. No realtime/high priority: that needs rtkit/D-Bus.
	PULSE_RUNTIME_PATH="$RUNTIME" HOME="$DIR" pulseaudio -n --daemonize=yes \
		--system=false --exit-idle-time=-1 --use-pid-file=yes \
		--realtime=no --high-priority=no --disable-shm=yes \
		--log-target="file:$LOG" \
		-L "module-native-protocol-unix auth-anonymous=1 socket=$SOCKET" \
		-L "module-null-sink sink_name=$SINK sink_properties=device.description=StableAudioTestOut"
	local i
	for i in $(seq 1 50); do
		if running; then break; fi
		sleep 0.1
	done
	if ! running; then
		log "pulseaudio did not come up; see $LOG"
		tail -n 20 "$LOG" >&2 || true
		exit 1
	fi
	pactl_test set-default-sink "$SINK"
	start_keepalive
	log "pulseaudio running (pid $(daemon_pid)), socket $SOCKET"
	print_env
}

# start_keepalive plays silence into the sink with a short latency. While idle
# the null sink renders in 2-second blocks, so a new stream would sit silent
# for up to 2 s before its first period is consumed, unlike real hardware.
# A low-latency stream that is always there keeps the sink's block short.
start_keepalive() {
	PULSE_SERVER="unix:$SOCKET" setsid pacat --playback --device="$SINK" \
		--client-name=stableaudio-keepalive --latency-msec=50 \
		--raw --format=s16le --rate=8000 --channels=1 /dev/zero \
		</dev/null >>"$LOG" 2>&1 &
	echo $! >"$KEEPALIVE_PID"
}

stop_daemon() {
	local pid
	pid="$(cat "$KEEPALIVE_PID" 2>/dev/null || true)"
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
	rm -f "$KEEPALIVE_PID"
	pid="$(daemon_pid)"
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid"
		local i
		for i in $(seq 1 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
	fi
	rm -f "$SOCKET" "$RUNTIME/pid"
}

stop() {
	if running || [ -n "$(daemon_pid)" ]; then
		stop_daemon
		log "pulseaudio stopped"
	fi
}

run() {
	local started=0 status=0
	if ! running; then
		start >/dev/null
		started=1
	fi
	PULSE_SERVER="unix:$SOCKET" PULSE_SINK="$SINK" "$@" || status=$?
	if [ "$started" = 1 ]; then stop; fi
	return "$status"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
env) print_env ;;
status) running ;;
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
