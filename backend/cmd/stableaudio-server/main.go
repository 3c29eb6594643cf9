// Command stableaudio-server is the account server: accounts, plans, the credit ledger,
// uploads and their HTTP API. `serve` runs it, `migrate` prepares a database, `admin …` are
// staff tools, `catalog …` manages the protected recordings uploads are scanned against,
// `billing sync` puts the paid plans into Stripe.
//
// Configuration comes from flags, else the environment:
//
//	--db     STABLEAUDIO_DATABASE_URL  SQLite file or postgres:// URL (default ./stableaudio-server.db)
//	--addr   STABLEAUDIO_SERVER_ADDR   listen address (default 127.0.0.1:8787)
//	--plans  STABLEAUDIO_PLANS         plan file (default: the built-in plans of PRODUCT.md)
//	--uploads STABLEAUDIO_UPLOADS      folder for kept uploads (default: "uploads" beside a SQLite file)
//	--results STABLEAUDIO_RESULTS      folder for cloud results (default: "results" beside a SQLite file)
//	--ort-lib STABLEAUDIO_ORT_LIB      ONNX Runtime, for cloud generation (serve --workers N, worker)
//	--stripe-key STABLEAUDIO_STRIPE_KEY  Stripe secret key; without one billing is off
//	--stripe-webhook-secret STABLEAUDIO_STRIPE_WEBHOOK_SECRET  checks Stripe's event signatures (whsec_…)
//	--stripe-api STABLEAUDIO_STRIPE_API  Stripe's API address, to point at stripe-mock
//	--public-url STABLEAUDIO_PUBLIC_URL  the server's address as browsers reach it (Checkout returns there)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"stableaudio/backend/billing"
	"stableaudio/backend/plan"
)

const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return exitOK
	}
	commands := map[string]func(context.Context, []string, io.Writer, io.Writer) error{
		"serve":    runServe,
		"worker":   runWorker,
		"migrate":  runMigrate,
		"admin":    runAdmin,
		"catalog":  runCatalog,
		"billing":  runBilling,
		"license":  runLicense,
		"training": runTraining,
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "stableaudio-server: unknown command %q\n", args[0])
		usage(stderr)
		return exitUsage
	}
	switch err := cmd(ctx, args[1:], stdout, stderr); {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errUsage):
		if err != errUsage { // a usage mistake with its own explanation
			fmt.Fprintln(stderr, "stableaudio-server:", err)
		}
		return exitUsage
	default:
		fmt.Fprintln(stderr, "stableaudio-server:", err)
		return exitFail
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: stableaudio-server <command> [flags]

commands:
  serve                 run the account server (and its cloud generation workers)
  worker                generate cloud jobs, beside servers on the same database
  migrate               create or update the database schema
  admin set-limits      change an account's tier or staff limits
  admin grant           add credits or upload seconds to an account
  admin show-account    print an account, its balance and recent ledger as JSON
  admin refunds list|grant|prorate|decline
                        the staff queue of refund requests
  catalog add FILE|DIR… add recordings to the catalog of protected recordings
  catalog scan FILE     print whether a recording matches the catalog, as JSON
  catalog print FILE    print what the scan sees of a recording (no database), as JSON
  billing sync          put the paid plans' products and monthly prices into Stripe
  license verify FILE   check a track's license certificate (--audio TRACK) offline
  license public-key    print the key certificates verify with, for the app
  training export       the generated tracks usable for training, as JSON lines (never uploads)

Run `+"`stableaudio-server <command> -h`"+` for its flags.
`)
}

// command is one command or subcommand.
type command = func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// runSub runs the subcommand args[0] names, or prints usage.
func runSub(ctx context.Context, subs map[string]command, usage string, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || subs[args[0]] == nil {
		fmt.Fprintln(stderr, "usage: stableaudio-server "+usage)
		return errUsage
	}
	return subs[args[0]](ctx, args[1:], stdout, stderr)
}

// config holds the flags every command shares.
type config struct {
	db, plans, uploads, results, ortLib, licenseKey string
	stripeKey, stripeWebhookSecret, stripeAPI, pub  string
	workers                                         int  // cloud jobs generated at once; set by serve and worker
	jobsOptional                                    bool // serve goes on without generation when ONNX Runtime is missing
}

func (c *config) register(fs *flag.FlagSet) {
	fs.StringVar(&c.db, "db", envOr("STABLEAUDIO_DATABASE_URL", "stableaudio-server.db"), "SQLite file or postgres:// URL")
	fs.StringVar(&c.plans, "plans", os.Getenv("STABLEAUDIO_PLANS"), "plan file (default: built-in plans)")
	fs.StringVar(&c.uploads, "uploads", os.Getenv("STABLEAUDIO_UPLOADS"), `folder for kept uploads (default: "uploads" beside a SQLite database)`)
	fs.StringVar(&c.results, "results", os.Getenv("STABLEAUDIO_RESULTS"), `folder for cloud results (default: "results" beside a SQLite database)`)
	fs.StringVar(&c.licenseKey, "license-key", os.Getenv("STABLEAUDIO_LICENSE_KEY"), `license signing key file (default: "license.key" beside a SQLite database)`)
	fs.StringVar(&c.ortLib, "ort-lib", os.Getenv("STABLEAUDIO_ORT_LIB"), "ONNX Runtime library, for cloud generation (default: searched)")
	fs.StringVar(&c.stripeKey, "stripe-key", os.Getenv("STABLEAUDIO_STRIPE_KEY"), "Stripe secret key (sk_…); without one billing is off")
	fs.StringVar(&c.stripeWebhookSecret, "stripe-webhook-secret", os.Getenv("STABLEAUDIO_STRIPE_WEBHOOK_SECRET"), "Stripe webhook signing secret (whsec_…)")
	fs.StringVar(&c.stripeAPI, "stripe-api", os.Getenv("STABLEAUDIO_STRIPE_API"), "Stripe API address, for stripe-mock (default: Stripe's)")
	fs.StringVar(&c.pub, "public-url", envOr("STABLEAUDIO_PUBLIC_URL", "http://127.0.0.1:8787"), "the server's address as browsers reach it")
}

// loadPlans reads --plans, or gives nil for the built-in plans.
func (c config) loadPlans() (*plan.File, error) {
	if c.plans == "" {
		return nil, nil
	}
	return plan.Load(c.plans)
}

// billing is the Stripe part of the configuration.
func (c config) billing(plans *plan.File) billing.Config {
	return billing.Config{SecretKey: c.stripeKey, WebhookSecret: c.stripeWebhookSecret, APIURL: c.stripeAPI,
		ReturnURL: strings.TrimSuffix(c.pub, "/") + "/v1/billing/return", Plans: plans}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// parse parses flags, reporting mistakes as errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	return nil
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("stableaudio-server "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}
