// Package plan holds the subscription plans and model prices the account server sells, and
// the billing-period arithmetic every grant and renewal depends on.
//
// The numbers live in a plan file (JSON), not in code, because PRODUCT.md marks them as
// configuration: plans.json, embedded in the binary, is the default and mirrors the product
// table; Load reads a replacement from disk. Parse rejects a file that would sell something
// the product forbids (commercial use on a personal license, a free tier that renews on a
// subscription anchor, a track that costs nothing).
//
// plan.go has the types, the lookups and the per-account limits staff set; parse.go reads
// and validates the file; period.go computes billing periods and renewal dates. The package
// knows no SQL or HTTP; the ledger, billing and the API import it.
package plan

import (
	_ "embed"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
)

// Sentinel errors; callers (the API's error mapper) test them with errors.Is, the messages
// that wrap them say what to fix.
var (
	// ErrUnknownTier reports a tier name that is not one of the five tiers, or a tier the
	// loaded plan file does not offer.
	ErrUnknownTier = errors.New("unknown plan tier")
	// ErrUnknownModel reports a model version that has no price in the plan file.
	ErrUnknownModel = errors.New("unknown model version")
	// ErrBadPlanFile reports a plan file that cannot be read as JSON or breaks a product rule.
	ErrBadPlanFile = errors.New("bad plan file")
	// ErrBadLimits reports per-account limits staff cannot set (a negative number).
	ErrBadLimits = errors.New("bad custom limits")
)

// Tier names a subscription level; the string is what the plan file, the database and the
// API carry.
type Tier string

// The tiers, cheapest first.
const (
	TierFree       Tier = "free"
	TierPro        Tier = "pro"
	TierStudio     Tier = "studio"
	TierMax        Tier = "max"
	TierEnterprise Tier = "enterprise"
)

// tiers lists the known tiers in the order of the product table; Parse sorts plans by it.
var tiers = []Tier{TierFree, TierPro, TierStudio, TierMax, TierEnterprise}

// Rank orders tiers from the cheapest (0 for free); an unknown tier ranks -1. Moving to a
// higher rank is an upgrade, to a lower one a downgrade.
func Rank(t Tier) int { return slices.Index(tiers, t) }

// ParseTier returns the tier named s. Names are matched exactly (lower case), so the database
// and the API only ever see one spelling of each tier.
func ParseTier(s string) (Tier, error) {
	if t := Tier(s); slices.Contains(tiers, t) {
		return t, nil
	}
	return "", fmt.Errorf("%w %q: use one of %s", ErrUnknownTier, s, joinQuoted(tiers))
}

// License names the terms a generated track is released under.
type License string

// The licenses. Only LicensePersonal forbids commercial use.
const (
	LicensePersonal   License = "personal"
	LicenseCreator    License = "creator"
	LicenseEnterprise License = "enterprise"
)

var licenses = []License{LicensePersonal, LicenseCreator, LicenseEnterprise}

// Plan is one tier's row of the product table.
type Plan struct {
	Tier Tier   `json:"tier"`
	Name string `json:"name"` // shown to users: "Free", "Pro", …
	// Paid plans renew on the subscription anchor, the free plan on the 1st of the month.
	Paid           bool    `json:"paid"`
	MonthlyCredits int64   `json:"monthly_credits"` // credits granted each period
	UploadSeconds  int64   `json:"upload_seconds"`  // upload allowance per period, seconds (2 min = 120)
	CropSeconds    int64   `json:"crop_seconds"`    // uploads and recordings are cropped to this length
	License        License `json:"license"`
	Commercial     bool    `json:"commercial"` // commercial use allowed (Pro and higher)
	// CustomLimits marks a plan whose credits and upload allowance are set per account by
	// staff; the file's numbers for it are 0 and only Limits give the account anything.
	CustomLimits bool `json:"custom_limits"`
	// MonthlyPrice is what a month costs, in the smallest unit of the file's currency
	// (cents), before tax: what checkout charges for a paid tier. 0 for the free plan and
	// for custom plans, whose price is agreed per account.
	MonthlyPrice int64 `json:"monthly_price"`
}

// ModelPrice is one row of the public price list.
type ModelPrice struct {
	Model   string `json:"model"`   // model version, "2.0"
	Credits int64  `json:"credits"` // credits per generated track
}

// File is a parsed, validated plan file. Plans are in tier order (free first).
type File struct {
	Currency string `json:"currency"` // ISO 4217, lower case, as Stripe takes it: "usd"
	Plans    []Plan `json:"plans"`
	// ModelPrices maps a model version ("1.0", "2.0") to the credits one generated track costs.
	ModelPrices map[string]int64 `json:"model_prices"`
}

//go:embed plans.json
var defaultJSON []byte

// defaultFile is parsed once; Default hands out copies so no caller can change what the
// next caller sees.
var defaultFile = sync.OnceValue(func() *File {
	f, err := Parse(defaultJSON)
	if err != nil {
		// The embedded file is part of the build and a test parses it, so this is a build bug.
		panic("plan: embedded plans.json: " + err.Error())
	}
	return f
})

// Default returns the plan file built into the binary, the product table of PRODUCT.md.
func Default() *File {
	f := defaultFile()
	return &File{Currency: f.Currency, Plans: slices.Clone(f.Plans), ModelPrices: maps.Clone(f.ModelPrices)}
}

// Plan returns the plan for tier t.
func (f *File) Plan(t Tier) (Plan, error) {
	for _, p := range f.Plans {
		if p.Tier == t {
			return p, nil
		}
	}
	offered := make([]Tier, 0, len(f.Plans))
	for _, p := range f.Plans {
		offered = append(offered, p.Tier)
	}
	return Plan{}, fmt.Errorf("%w %q: the plan file offers %s", ErrUnknownTier, t, joinQuoted(offered))
}

// Price returns the credits one track generated by model version model costs.
func (f *File) Price(model string) (int64, error) {
	if c, ok := f.ModelPrices[model]; ok {
		return c, nil
	}
	known := make([]string, 0, len(f.ModelPrices))
	for _, mp := range f.Prices() {
		known = append(known, mp.Model)
	}
	return 0, fmt.Errorf("%w %q: choose one of %s", ErrUnknownModel, model, joinQuoted(known))
}

// Prices returns the price list sorted by model version, oldest first ("1.1" before "2.0",
// "2.0" before "10.0"), so the API's price list is stable from call to call.
func (f *File) Prices() []ModelPrice {
	out := make([]ModelPrice, 0, len(f.ModelPrices))
	for m, c := range f.ModelPrices {
		out = append(out, ModelPrice{Model: m, Credits: c})
	}
	slices.SortFunc(out, func(a, b ModelPrice) int { return compareVersions(a.Model, b.Model) })
	return out
}

func joinQuoted[S ~string](items []S) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// Limits are the per-account numbers staff set for a plan with CustomLimits (Enterprise,
// after a request through the contact form). A nil field means "use the plan's value".
type Limits struct {
	MonthlyCredits *int64 // credits granted each period
	UploadSeconds  *int64 // upload allowance per period, in seconds
}

// Validate reports limits that cannot be stored: the staff endpoint calls it before saving,
// so a typo is refused with a message rather than clamped later by Allowance.
func (l Limits) Validate() error {
	if l.MonthlyCredits != nil && *l.MonthlyCredits < 0 {
		return fmt.Errorf("%w: monthly credits %d must be 0 or more", ErrBadLimits, *l.MonthlyCredits)
	}
	if l.UploadSeconds != nil && *l.UploadSeconds < 0 {
		return fmt.Errorf("%w: upload seconds %d must be 0 or more", ErrBadLimits, *l.UploadSeconds)
	}
	return nil
}

// Allowance is what one account gets for one billing period.
type Allowance struct {
	Credits       int64 // credits granted for the period
	UploadSeconds int64 // upload allowance for the period, in seconds
	CropSeconds   int64 // uploads and recordings are cropped to this length
	License       License
	Commercial    bool // commercial use allowed
}

// Allowance returns what an account on plan p gets for a period, given the limits staff set
// for it.
//
// custom is applied only when p.CustomLimits is set. The account keeps its stored limits when
// a cancel or refund drops it to Free (PRODUCT.md), and they must not follow it there; staff
// raise an account above Max by moving it to Enterprise, whose limits are custom.
//
// A CustomLimits plan with no limits set grants the file's 0 credits and 0 upload seconds:
// an Enterprise account staff have not configured yet gets nothing rather than unlimited.
// A negative limit (which Validate refuses) is treated as 0 for the same reason.
func (p Plan) Allowance(custom Limits) Allowance {
	a := Allowance{
		Credits:       p.MonthlyCredits,
		UploadSeconds: p.UploadSeconds,
		CropSeconds:   p.CropSeconds,
		License:       p.License,
		Commercial:    p.Commercial,
	}
	if !p.CustomLimits {
		return a
	}
	if custom.MonthlyCredits != nil {
		a.Credits = max(*custom.MonthlyCredits, 0)
	}
	if custom.UploadSeconds != nil {
		a.UploadSeconds = max(*custom.UploadSeconds, 0)
	}
	return a
}
