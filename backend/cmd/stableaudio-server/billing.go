package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"stableaudio/backend/billing"
	"stableaudio/backend/plan"
)

func runBilling(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runSub(ctx, map[string]command{
		"sync": billingSync,
	}, "billing sync [flags]", args, stdout, stderr)
}

// stripeFlags are the flags of the commands that talk to Stripe.
type stripeFlags struct {
	key, api, plans string
}

func (s *stripeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.key, "stripe-key", os.Getenv("STABLEAUDIO_STRIPE_KEY"), "Stripe secret key (sk_…)")
	fs.StringVar(&s.api, "stripe-api", os.Getenv("STABLEAUDIO_STRIPE_API"), "Stripe API address, for stripe-mock (default: Stripe's)")
	fs.StringVar(&s.plans, "plans", os.Getenv("STABLEAUDIO_PLANS"), "plan file (default: built-in plans)")
}

func (s stripeFlags) open() (*billing.Billing, error) {
	plans := plan.Default()
	if s.plans != "" {
		var err error
		if plans, err = plan.Load(s.plans); err != nil {
			return nil, err
		}
	}
	return billing.New(billing.Config{SecretKey: s.key, APIURL: s.api, Plans: plans})
}

// billingSync: stableaudio-server billing sync puts the paid tiers' products and monthly
// prices into Stripe; running it again changes nothing unless the plan file's prices did.
func billingSync(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var sf stripeFlags
	fs := newFlags("billing sync", stderr)
	sf.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	b, err := sf.open()
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
