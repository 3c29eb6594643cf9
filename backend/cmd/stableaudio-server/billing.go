package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"stableaudio/backend/billing"
	"stableaudio/backend/server"
)

func runBilling(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runSub(ctx, map[string]command{
		"sync": billingSync,
	}, "billing sync [flags]", args, stdout, stderr)
}

// billingSync: stableaudio-server billing sync puts the paid tiers' products and monthly
// prices into Stripe; running it again changes nothing unless the plan file's prices did.
func billingSync(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg config
	fs := newFlags("billing sync", stderr)
	cfg.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	plans, err := cfg.loadPlans()
	if err != nil {
		return err
	}
	b, err := billing.New(cfg.billing(plans))
	if err != nil {
		return err
	}
	prices, err := b.Sync(ctx)
	for _, p := range prices {
		what := "already there"
		if p.Created {
			what = "created"
		}
		fmt.Fprintf(stdout, "%-6s %s %d.%02d %s a month: %s (%s)\n", p.Tier, billing.LookupKey(p.Tier),
			p.Amount/100, p.Amount%100, p.Currency, p.PriceID, what)
	}
	return err
}

// adminRefunds: the staff queue of refund requests. Requests are judged by the figures of
// the moment they were made, which list shows.
func adminRefunds(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runSub(ctx, map[string]command{
		"list":    refundsList,
		"grant":   refundDecision("grant"),
		"prorate": refundDecision("prorate"),
		"decline": refundDecision("decline"),
	}, "admin refunds list|grant|prorate|decline [flags]", args, stdout, stderr)
}

// refundsSession opens the server's services with billing, which the queue needs.
func refundsSession(ctx context.Context, cfg config) (*server.Server, error) {
	s, err := openServer(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil, err
	}
	if s.Billing == nil {
		s.Shutdown(ctx)
		return nil, billing.ErrNotConfigured
	}
	return s, nil
}

func refundsList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("admin refunds list", stderr)
	var cfg config
	cfg.register(fs)
	all := fs.Bool("all", false, "every request, not only those waiting for a decision")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := refundsSession(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Shutdown(ctx)
	status := billing.RefundQueued
	if *all {
		status = ""
	}
	list, err := s.Billing.Refunds(ctx, "", status, 500)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(stdout, "no refund requests waiting")
	}
	for _, r := range list {
		fmt.Fprintf(stdout, "%s  %-8s  account %s  asked %s  paid %s (prorated %s)  %s\n", r.ID, r.Status, r.AccountID,
			r.RequestedAt.Format(time.RFC3339), billing.Money(r.Paid, r.Currency), billing.Money(r.ProratedAmount(), r.Currency), r.Why())
	}
	return nil
}

// refundDecision is one staff decision on a queued request: grant (all of it), prorate
// (the time left when it was asked) or decline (with a note for the user).
func refundDecision(what string) command {
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		fs := newFlags("admin refunds "+what, stderr)
		var cfg config
		cfg.register(fs)
		id := fs.String("id", "", "the request's id, from list (required)")
		by := fs.String("by", os.Getenv("USER"), "who decides, for the record")
		note := fs.String("note", "", "decline: the reason the user is shown")
		if err := parse(fs, args); err != nil {
			return err
		}
		if *id == "" {
			fmt.Fprintln(stderr, "--id is required")
			return errUsage
		}
		s, err := refundsSession(ctx, cfg)
		if err != nil {
			return err
		}
		defer s.Shutdown(ctx)
		var r billing.RefundRequest
		switch what {
		case "grant":
			r, err = s.Billing.Grant(ctx, *id, *by)
		case "prorate":
			r, err = s.Billing.Prorate(ctx, *id, *by)
		default:
			r, err = s.Billing.Decline(ctx, *id, *by, *note)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s %s: %s refunded\n", r.ID, r.Status, billing.Money(r.RefundAmount, r.Currency))
		return nil
	}
}
