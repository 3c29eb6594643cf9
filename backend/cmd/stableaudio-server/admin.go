package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"

	"stableaudio/backend/account"
	"stableaudio/backend/ledger"
	"stableaudio/backend/plan"
	"stableaudio/backend/server"
	"stableaudio/backend/store"
)

func runAdmin(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runSub(ctx, map[string]command{
		"set-limits":   adminSetLimits,
		"grant":        adminGrant,
		"show-account": adminShowAccount,
		"refunds":      adminRefunds,
	}, "admin set-limits|grant|show-account|refunds [flags]", args, stdout, stderr)
}

// adminSession opens the server's services for one staff command and finds the account.
func adminSession(ctx context.Context, cfg config, email string) (*server.Server, account.Account, error) {
	if email == "" {
		return nil, account.Account{}, fmt.Errorf("--email is required (%w)", errUsage)
	}
	s, err := openServer(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil, account.Account{}, err
	}
	normalized, err := account.NormalizeEmail(email)
	if err != nil {
		s.Shutdown(ctx)
		return nil, account.Account{}, err
	}
	var a account.Account
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		a, err = tx.AccountByEmail(ctx, normalized)
		return err
	})
	if err != nil {
		s.Shutdown(ctx)
		return nil, account.Account{}, fmt.Errorf("%s: %w", normalized, err)
	}
	return s, a, nil
}

// optionalInt is a flag that may be left unset, or set to "default" to clear a limit.
type optionalInt struct {
	set, clear bool
	value      int64
}

func (o *optionalInt) String() string { return "" }
func (o *optionalInt) Set(s string) error {
	o.set = true
	if s == "default" {
		o.clear = true
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 0 {
		return errors.New(`want a whole number ≥ 0, or "default"`)
	}
	o.value = v
	return nil
}

func (o *optionalInt) apply(limit **int64) {
	switch {
	case o.clear:
		*limit = nil
	case o.set:
		v := o.value
		*limit = &v
	}
}

func adminSetLimits(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("admin set-limits", stderr)
	var cfg config
	cfg.register(fs)
	email := fs.String("email", "", "the account's email address")
	tier := fs.String("tier", "", "move the account to this tier (free, pro, studio, max, enterprise)")
	var credits, upload optionalInt
	fs.Var(&credits, "credits", `monthly credits (enterprise), or "default"`)
	fs.Var(&upload, "upload-seconds", `monthly upload seconds (enterprise), or "default"`)
	if err := parse(fs, args); err != nil {
		return err
	}
	s, a, err := adminSession(ctx, cfg, *email)
	if err != nil {
		return err
	}
	defer s.Shutdown(ctx)
	newTier := a.Tier
	if *tier != "" {
		if newTier, err = plan.ParseTier(*tier); err != nil {
			return err
		}
	}
	limits := a.Limits
	credits.apply(&limits.MonthlyCredits)
	upload.apply(&limits.UploadSeconds)
	st, err := s.Ledger.ChangePlan(ctx, a.ID, newTier, limits)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s is on %s: %d credits and %d upload seconds until %s\n",
		a.Email, st.Plan.Name, st.Credits, st.UploadSeconds, st.PeriodEnd.Format(time.RFC3339))
	return nil
}

func adminGrant(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("admin grant", stderr)
	var cfg config
	cfg.register(fs)
	email := fs.String("email", "", "the account's email address")
	credits := fs.Int64("credits", 0, "credits to add to this period")
	upload := fs.Int64("upload-seconds", 0, "upload seconds to add to this period")
	key := fs.String("key", "", "idempotency key: repeating a grant with the same key adds nothing (required)")
	reason := fs.String("reason", "staff grant", "why, shown in the account's history")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *key == "" || (*credits <= 0) == (*upload <= 0) {
		fmt.Fprintln(stderr, "give --key and exactly one of --credits or --upload-seconds (a positive number)")
		return errUsage
	}
	s, a, err := adminSession(ctx, cfg, *email)
	if err != nil {
		return err
	}
	defer s.Shutdown(ctx)
	asset, amount := ledger.Credits, *credits
	if *upload > 0 {
		asset, amount = ledger.UploadSeconds, *upload
	}
	if _, err := s.Ledger.Grant(ctx, a.ID, asset, amount, "admin:"+*key, *reason); err != nil {
		return err
	}
	st, err := s.Ledger.State(ctx, a.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s now has %d credits and %d upload seconds until %s\n",
		a.Email, st.Credits, st.UploadSeconds, st.PeriodEnd.Format(time.RFC3339))
	return nil
}

func adminShowAccount(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("admin show-account", stderr)
	var cfg config
	cfg.register(fs)
	email := fs.String("email", "", "the account's email address")
	limit := fs.Int("entries", 20, "how many recent ledger entries to show")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, a, err := adminSession(ctx, cfg, *email)
	if err != nil {
		return err
	}
	defer s.Shutdown(ctx)
	st, err := s.Ledger.State(ctx, a.ID)
	if err != nil {
		return err
	}
	entries, err := s.Ledger.History(ctx, a.ID, 0, *limit)
	if err != nil {
		return err
	}
	type entry struct {
		Seq       int64     `json:"seq"`
		Asset     string    `json:"asset"`
		Kind      string    `json:"kind"`
		Amount    int64     `json:"amount"`
		Reference string    `json:"reference"`
		CreatedAt time.Time `json:"createdAt"`
	}
	out := struct {
		ID                string      `json:"id"`
		Email             string      `json:"email"`
		Tier              plan.Tier   `json:"tier"`
		Limits            plan.Limits `json:"limits"`
		Staff             bool        `json:"staff"`
		CreatedAt         time.Time   `json:"createdAt"`
		Credits           int64       `json:"credits"`
		UploadSecondsLeft int64       `json:"uploadSecondsLeft"`
		PeriodStart       time.Time   `json:"periodStart"`
		RenewsAt          time.Time   `json:"renewsAt"`
		Ledger            []entry     `json:"ledger"`
	}{ID: a.ID, Email: a.Email, Tier: st.Account.Tier, Limits: st.Account.Limits, Staff: a.Staff, CreatedAt: a.CreatedAt,
		Credits: st.Credits, UploadSecondsLeft: st.UploadSeconds, PeriodStart: st.PeriodStart, RenewsAt: st.PeriodEnd, Ledger: []entry{}}
	for _, e := range entries {
		out.Ledger = append(out.Ledger, entry{e.Seq, string(e.Asset), string(e.Kind), e.Amount, e.Reference, e.CreatedAt})
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

var _ flag.Value = (*optionalInt)(nil)
