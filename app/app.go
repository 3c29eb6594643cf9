package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"stableaudio/app/cache"
	"stableaudio/app/cloud"
	"stableaudio/app/player"
	"stableaudio/app/sigstack"
	"stableaudio/backend/billing"
	"stableaudio/backend/generate"
)

// Config is what the app needs to start; main fills it from the environment.
type Config struct {
	Version        string // the app's version, shown in the UI and `stableaudio version`
	DataDir        string // library database and track audio; see DefaultDataDir
	RuntimeLibrary string // ONNX Runtime library path the user set; "" = search
}

// App is bound to the UI: every exported method is callable from the front end.
type App struct {
	cfg     Config
	emitter Emitter
	dialogs fileDialog
	browser browser
	lib     *cache.DB
	local   *LocalEngine
	render  generate.Engine // local; tests wrap it to see the requests that reach it
	player  *player.Player

	account    *cloud.Local // the in-process account server, signed in
	accountErr error        // why account is nil
	// accountBilling lets the in-process server sell plans; tests point it at a fake Stripe.
	accountBilling billing.Config

	mu   sync.Mutex
	jobs map[string]context.CancelFunc // running generations by the UI's job id
	take *activeTake                   // the take being recorded, nil when none

	shutdown sync.Once

	// The window may call bound methods while Startup is still opening the services: they
	// wait for ready (and Account for accountReady) before touching them.
	ready, accountReady chan struct{}
}

// New creates the app; Startup opens what it needs.
func New(cfg Config) *App {
	return &App{cfg: cfg, emitter: noEmitter{}, dialogs: noDialog{}, browser: noBrowser{}, jobs: map[string]context.CancelFunc{},
		ready: make(chan struct{}), accountReady: make(chan struct{})}
}

// Startup is Wails' OnStartup: it opens the library and the local engine. A library that
// cannot open is fatal (nothing works without it); an engine that cannot load is not —
// Status tells the UI why and how to fix it, and the rest of the app works.
func (a *App) Startup(ctx context.Context) {
	sigstack.Guard(ctx) // the webview's JavaScript engine must not break Go's signal handling
	a.dialogs, a.browser = wailsDialog{ctx}, wailsBrowser{ctx}
	if err := a.Open(ctx, wailsEmitter{ctx}); err != nil {
		fmt.Fprintln(os.Stderr, "stableaudio:", err)
		os.Exit(1)
	}
}

// Open starts the app's services with the given event sink. Tests call it without a window.
func (a *App) Open(ctx context.Context, emitter Emitter) error {
	a.emitter = emitter
	if err := os.MkdirAll(a.tracksDir(), 0o755); err != nil {
		return fmt.Errorf("cannot create the data folder %s: %w", a.cfg.DataDir, err)
	}
	lib, err := cache.Open(ctx, filepath.Join(a.cfg.DataDir, "library.db"))
	if err != nil {
		return err
	}
	a.lib = lib
	a.local = OpenLocalEngine(a.cfg.RuntimeLibrary)
	a.render = a.local
	a.player = player.New(player.Options{OnState: func(s player.State) {
		a.emitter.Emit("player:state", toPlayerState(s))
	}})
	close(a.ready)
	// The account server's cloud jobs use the local engine as it is now (tests wrap
	// a.render later to watch local renders).
	var cloudEngine generate.Engine
	if a.local.Err() == nil {
		cloudEngine = a.render
	}
	go a.startLocalAccount(ctx, cloudEngine) // signing in hashes a password: the library need not wait
	return nil
}

// Shutdown is Wails' OnShutdown: it cancels running work and closes everything. Calls
// after the first do nothing.
func (a *App) Shutdown(context.Context) {
	select {
	case <-a.ready:
	default:
		return // never opened
	}
	a.shutdown.Do(a.closeAll)
}

func (a *App) closeAll() {
	<-a.accountReady
	a.mu.Lock()
	for _, cancel := range a.jobs {
		cancel()
	}
	take := a.take
	a.mu.Unlock()
	if take != nil {
		take.r.Stop() // what was recorded stays in the data folder
		<-take.ended
	}
	if a.player != nil {
		a.player.Close()
	}
	// The account server first: its cloud jobs use the local engine.
	if a.account != nil {
		a.account.Close(context.Background())
	}
	if a.local != nil {
		a.local.Close()
	}
	if a.lib != nil {
		a.lib.Close()
	}
}

func (a *App) tracksDir() string { return filepath.Join(a.cfg.DataDir, "tracks") }

// Status reports versions, whether local generation works and where data lives.
func (a *App) Status() Status {
	<-a.ready
	s := Status{Version: a.cfg.Version, DataDir: a.cfg.DataDir, Models: []ModelInfo{}}
	if a.local == nil {
		return s
	}
	s.RuntimeVersion = a.local.RuntimeVersion()
	if err := a.local.Err(); err != nil {
		s.LocalError = err.Error()
		return s
	}
	s.LocalAvailable = true
	s.Models = a.local.Models()
	return s
}
