package app

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"time"

	"stableaudio/app/cloud"
	"stableaudio/backend/generate"
)

// AccountInfo is what the header shows about the signed-in account.
type AccountInfo struct {
	Email             string `json:"email"`
	Local             bool   `json:"local"` // the in-process local account
	Tier              string `json:"tier"`
	PlanName          string `json:"planName"`
	Credits           int64  `json:"credits"`
	UploadSecondsLeft int64  `json:"uploadSecondsLeft"`
	RenewsAt          string `json:"renewsAt"` // RFC 3339, UTC
	// Cloud says cloud generation is available; CloudPrices is each model version's price
	// per track in credits.
	Cloud       bool             `json:"cloud"`
	CloudPrices map[string]int64 `json:"cloudPrices"`
}

// errNoAccount reports that the account server could not be started or reached.
var errNoAccount = errors.New("no account server")

// accountTimeout bounds one question to the account server, so the UI never hangs on it.
const accountTimeout = 10 * time.Second

// startLocalAccount runs the account server in-process (engine, when not nil, makes its
// cloud jobs) and signs in to the local account.
// Failing leaves the app usable offline; Account then says why.
func (a *App) startLocalAccount(ctx context.Context, engine generate.Engine) {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a.account, a.accountErr = cloud.StartLocal(ctx, a.cfg.DataDir, log, a.accountBilling, engine)
	close(a.accountReady)
}

// signedIn waits for the account server to start and returns its signed-in client, or why
// there is none.
func (a *App) signedIn() (*cloud.Local, error) {
	<-a.accountReady
	if a.account == nil {
		return nil, errors.Join(errNoAccount, a.accountErr)
	}
	return a.account, nil
}

// Account returns the signed-in account's plan and balance.
func (a *App) Account() (AccountInfo, error) {
	account, err := a.signedIn()
	if err != nil {
		return AccountInfo{}, toUI(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), accountTimeout)
	defer cancel()
	p, err := account.Plan(ctx)
	if err != nil {
		return AccountInfo{}, toUI(err)
	}
	b, err := account.Balance(ctx)
	if err != nil {
		return AccountInfo{}, toUI(err)
	}
	prices, err := account.Models(ctx)
	if err != nil {
		return AccountInfo{}, toUI(err)
	}
	info := AccountInfo{Email: cloud.LocalEmail, Local: true, Tier: p.Tier, PlanName: p.Name, Credits: b.Credits,
		UploadSecondsLeft: b.UploadSecondsLeft, RenewsAt: b.RenewsAt.UTC().Format(time.RFC3339),
		Cloud: account.Cloud, CloudPrices: map[string]int64{}}
	for _, m := range prices {
		info.CloudPrices[m.Version] = m.Credits
	}
	return info, nil
}
