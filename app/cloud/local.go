package cloud

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"

	"stableaudio/backend/billing"
	"stableaudio/backend/generate"
	"stableaudio/backend/jobs"
	"stableaudio/backend/server"
)

// LocalEmail is the address of the account the app creates for itself in local mode.
const LocalEmail = "local@stableaudio.invalid"

// Local is the account server running inside the desktop app on loopback, with its own
// SQLite file in the user's data folder: the whole product with no cloud and no setup.
type Local struct {
	*Client
	srv  *server.Server
	done chan error
	// Cloud says the server makes cloud jobs (it was given an engine).
	Cloud bool

	closing sync.Once
	closed  error
}

// LicenseKey is the key the server signs certificates with.
func (l *Local) LicenseKey() ed25519.PublicKey { return l.srv.Licenses.Public() }

// StartLocal starts the in-process server on a free loopback port and signs in to the
// local account, creating it (with a random password kept in the data folder) on first run.
// bill is the server's billing: without a Stripe key (the desktop never holds one) plans
// are not sold here and the billing routes say so. engine, when not nil, makes its cloud
// jobs: the local account's "cloud" is this computer, paid for in the account's credits.
func StartLocal(ctx context.Context, dataDir string, log *slog.Logger, bill billing.Config, engine generate.Engine) (*Local, error) {
	jc := jobs.Config{Engine: engine}
	if engine != nil {
		jc.Workers = 1
	}
	srv, err := server.Open(ctx, server.Config{Database: filepath.Join(dataDir, "account.db"), Log: log, Billing: bill, Jobs: jc})
	if err != nil {
		return nil, fmt.Errorf("local account server: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		srv.Shutdown(ctx)
		return nil, fmt.Errorf("local account server: %w", err)
	}
	l := &Local{Client: New("http://" + ln.Addr().String() + "/v1"), srv: srv, done: make(chan error, 1), Cloud: engine != nil}
	go func() { l.done <- srv.Serve(ln) }()
	if err := l.signIn(ctx, filepath.Join(dataDir, "local-account.json")); err != nil {
		l.Close(ctx)
		return nil, err
	}
	return l, nil
}

// signIn signs in with the stored local credentials, or creates them and the account.
func (l *Local) signIn(ctx context.Context, path string) error {
	data, err := os.ReadFile(path)
	if err == nil {
		var cred Credentials
		if err := json.Unmarshal(data, &cred); err != nil {
			return fmt.Errorf("%s is damaged (delete it to start a new local account): %w", path, err)
		}
		err := l.SignIn(ctx, cred)
		var apiErr *Error
		if errors.As(err, &apiErr) && apiErr.Code == "invalid_credentials" {
			// The account database was removed: make the account again.
			return l.SignUp(ctx, cred)
		}
		return err
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	secret := make([]byte, 24)
	rand.Read(secret)
	cred := Credentials{Email: LocalEmail, Password: hex.EncodeToString(secret)}
	if err := l.SignUp(ctx, cred); err != nil {
		return err
	}
	data, _ = json.Marshal(cred)
	// Only this user may read the password of their local account.
	return os.WriteFile(path, data, 0o600)
}

// Close stops the server; later calls return what the first did.
func (l *Local) Close(ctx context.Context) error {
	l.closing.Do(func() { l.closed = errors.Join(l.srv.Shutdown(ctx), <-l.done) })
	return l.closed
}
