package app

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"time"

	"stableaudio/app/cloud"
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
}

// errNoAccount reports that the account server could not be started or reached.
var errNoAccount = errors.New("no account server")

// startLocalAccount runs the account server in-process and signs in to the local account.
// Failing leaves the app usable offline; Account then says why.
func (a *App) startLocalAccount(ctx context.Context) {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a.account, a.accountErr = cloud.StartLocal(ctx, a.cfg.DataDir, log)
	close(a.accountReady)
}

// Account returns the signed-in account's plan and balance.
func (a *App) Account() (AccountInfo, error) {
	<-a.accountReady
	if a.account == nil {
		return AccountInfo{}, toUI(errors.Join(errNoAccount, a.accountErr))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p, err := a.account.Plan(ctx)
	if err != nil {
		return AccountInfo{}, toUI(err)
	}
	b, err := a.account.Balance(ctx)
	if err != nil {
		return AccountInfo{}, toUI(err)
	}
	return AccountInfo{Email: cloud.LocalEmail, Local: true, Tier: p.Tier, PlanName: p.Name, Credits: b.Credits,
		UploadSecondsLeft: b.UploadSecondsLeft, RenewsAt: b.RenewsAt.UTC().Format(time.RFC3339)}, nil
}
