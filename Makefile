# The two commands a newcomer needs are `make run` and `make test` (see README.md).
# Everything else here is a step they call.

VERSION    ?= 0.1.0+$(shell git rev-parse --short HEAD 2>/dev/null || echo dev)
GO_TAGS    := webkit2_41
FUZZ_TIME  ?= 10s
LDFLAGS    := -X main.version=$(VERSION)
BIN        := build/bin/stableaudio
SERVER_BIN := build/bin/stableaudio-server

# Debian packages: the webview build, and the headless window, audio and page tests.
BUILD_PKGS := build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev
RUN_PKGS   := xvfb xauth
TEST_PKGS  := $(RUN_PKGS) xdotool imagemagick x11-utils pulseaudio pulseaudio-utils swh-plugins sox postgresql lame

.PHONY: run test build deps test-deps onnxruntime frontend bindings generate go-test eval fuzz frontend-test e2e bench bench-fingerprint clean

run: build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then $(BIN); \
	else echo "no display: opening the window under Xvfb"; xvfb-run -a $(BIN); fi

# The playback tests play into a throw-away PulseAudio server with a null output; billing
# checks its Stripe requests against stripe-mock on loopback; the store
# suite runs on SQLite and on a throw-away PostgreSQL server.
test: test-deps build
	scripts/pg-test-env.sh run scripts/audio-test-env.sh run scripts/stripe-mock-env.sh run $(MAKE) --no-print-directory go-test eval fuzz frontend-test e2e

deps:
	scripts/install-debian-packages.sh $(BUILD_PKGS) $(RUN_PKGS)

test-deps: deps
	scripts/install-debian-packages.sh $(TEST_PKGS)

onnxruntime:
	build/onnxruntime/fetch.sh

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

# The Go code embeds frontend/dist; .gitkeep keeps the folder in a fresh clone so Go
# compiles before the first front-end build.
frontend: frontend/node_modules/.package-lock.json bindings
	cd frontend && npm run build
	touch frontend/dist/.gitkeep

# frontend/wailsjs is generated from the Go methods bound to the UI; never edit it by hand.
bindings:
	go tool wails generate module -nocolour -tags $(GO_TAGS)

# Rewrites the built-in model pack (backend/generate/packs) from its Go generator.
generate:
	go generate ./backend/generate/...

build: deps onnxruntime frontend
	go tool wails build -nocolour -s -skipbindings -tags $(GO_TAGS) -ldflags "$(LDFLAGS)" -o stableaudio
	cp build/onnxruntime/$$(scripts/platform.sh)/* build/bin/
	go build -ldflags "$(LDFLAGS)" -o $(SERVER_BIN) ./backend/cmd/stableaudio-server

go-test: onnxruntime
	STABLEAUDIO_AUDIO_TESTS=1 STABLEAUDIO_REQUIRE_POSTGRES=1 go test -race -tags $(GO_TAGS) ./...

# Measurements too slow under the race detector, run once without it: the copyright
# scan's recall and false positives, 200 cloud results that must all differ, and playback
# of tracks at other rates than the output's, in real time.
eval:
	go test -count=1 -run 'TestScanRecallAndFalsePositives' -v ./backend/catalog/
	go test -count=1 -run 'TestTwoHundredResultsAreAllDifferent' -v ./backend/jobs/
	STABLEAUDIO_AUDIO_TESTS=1 go test -count=1 -run 'TestPlaybackIsConvertedToTheOutputRate' -v ./app/player/

# Each upload decoder is fuzzed for a bounded time (a crasher fails the run and is kept in
# backend/audio/testdata/fuzz as a regression seed).
fuzz:
	scripts/fuzz-decoders.sh $(FUZZ_TIME)

frontend-test: frontend/node_modules/.package-lock.json bindings
	cd frontend && npm test && npm run check

e2e: build
	mkdir -p build/e2e
	STABLEAUDIO_AUDIO_TESTS=1 STABLEAUDIO_E2E_SHOTS=$(CURDIR)/build/e2e STABLEAUDIO_BIN=$(CURDIR)/$(BIN) go test -tags e2e,$(GO_TAGS) -count=1 -v ./app/e2e/

# Figures quoted in notes: generation speed, ledger reads and debits per second on SQLite.
bench: onnxruntime
	go test -run '^$$' -bench . -benchtime 2s ./backend/generate/ ./backend/store/
	go test -run '^$$' -bench Generate -benchtime 3x ./backend/generate/builtin/
	go test -run '^$$' -bench Queue -benchtime 40x ./backend/jobs/

# Fingerprinting speed against Chromaprint's fpcalc, and a 10 000-track index lookup.
bench-fingerprint: onnxruntime
	scripts/install-debian-packages.sh libchromaprint-tools
	scripts/bench-fingerprint.sh

clean:
	rm -rf build/bin frontend/dist/assets frontend/dist/index.html frontend/node_modules frontend/wailsjs
