package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// rawFile and rawPlan mirror the JSON with pointer fields, so a key left out of the file is
// told apart from a key set to 0 or false: a missing "monthly_credits" must not quietly sell
// a plan with no credits.
type rawFile struct {
	Currency    *string           `json:"currency"`
	Plans       []rawPlan         `json:"plans"`
	ModelPrices map[string]*int64 `json:"model_prices"`
}

type rawPlan struct {
	Tier           *string `json:"tier"`
	Name           *string `json:"name"`
	Paid           *bool   `json:"paid"`
	MonthlyCredits *int64  `json:"monthly_credits"`
	UploadSeconds  *int64  `json:"upload_seconds"`
	CropSeconds    *int64  `json:"crop_seconds"`
	License        *string `json:"license"`
	Commercial     *bool   `json:"commercial"`
	CustomLimits   *bool   `json:"custom_limits"`
	MonthlyPrice   *int64  `json:"monthly_price"`
}

// Load reads and validates the plan file at path.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("plan: read plan file: %w", err)
	}
	f, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("plan file %s: %w", path, err)
	}
	return f, nil
}

// Parse reads and validates a plan file. It reports every problem it finds in one error
// wrapping ErrBadPlanFile, so whoever edits the file can fix them all in one pass. Unknown
// keys are rejected, because a misspelt key would otherwise silently read as 0.
func Parse(data []byte) (*File, error) {
	var raw rawFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrBadPlanFile, describeJSONError(data, err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: unexpected data after the JSON document (line %d)",
			ErrBadPlanFile, lineOf(data, dec.InputOffset()))
	}
	var probs []string
	problem := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }

	f := &File{ModelPrices: make(map[string]int64, len(raw.ModelPrices))}
	seen := map[Tier]int{}
	if len(raw.Plans) == 0 {
		problem(`"plans" is missing or empty: list at least the free plan`)
	}
	for i, rp := range raw.Plans {
		p, ok := checkPlan(rp, func(format string, args ...any) {
			label := fmt.Sprintf("plans[%d]", i)
			if rp.Tier != nil {
				label += fmt.Sprintf(" (%q)", *rp.Tier)
			}
			problem(label+": "+format, args...)
		})
		if !ok {
			continue
		}
		if j, dup := seen[p.Tier]; dup {
			problem("plans[%d]: tier %q is already defined by plans[%d]: keep one", i, p.Tier, j)
			continue
		}
		seen[p.Tier] = i
		f.Plans = append(f.Plans, p)
	}
	if _, ok := seen[TierFree]; !ok && len(raw.Plans) > 0 {
		problem(`no "free" plan: accounts fall back to it on cancel or refund, so the file needs one`)
	}
	slices.SortFunc(f.Plans, func(a, b Plan) int {
		return slices.Index(tiers, a.Tier) - slices.Index(tiers, b.Tier)
	})
	var cheaper *Plan
	for i, p := range f.Plans {
		if !p.Paid || p.CustomLimits {
			continue
		}
		// An upgrade charges the difference, so each self-serve tier must cost more than the last.
		if cheaper != nil && p.MonthlyPrice <= cheaper.MonthlyPrice {
			problem("%s costs %d, not more than %s at %d: a higher tier must cost more", p.Tier, p.MonthlyPrice, cheaper.Tier, cheaper.MonthlyPrice)
		}
		cheaper = &f.Plans[i]
	}
	switch {
	case raw.Currency == nil:
		problem(`"currency" is missing: give the ISO 4217 code prices are in, such as "usd"`)
	case !isCurrencyCode(*raw.Currency):
		problem(`currency %q is not a lower-case ISO 4217 code such as "usd" or "eur"`, *raw.Currency)
	default:
		f.Currency = *raw.Currency
	}

	if len(raw.ModelPrices) == 0 {
		problem(`"model_prices" is missing or empty: price at least one model version`)
	}
	planProblems := len(probs)
	for model, price := range raw.ModelPrices {
		switch {
		case model == "" || strings.TrimSpace(model) != model:
			problem("model_prices: version %q must be non-empty with no surrounding spaces", model)
		case price == nil:
			problem("model_prices[%q] is null: give the credits one track costs", model)
		case *price < 1:
			// Cloud generation always costs compute; the free path is local generation.
			problem("model_prices[%q] is %d: a cloud track costs at least 1 credit", model, *price)
		default:
			f.ModelPrices[model] = *price
		}
	}

	// Plan problems stay in file order; price problems come from a map, whose order is
	// random, so they are sorted to keep the message the same from run to run.
	slices.Sort(probs[planProblems:])
	if len(probs) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrBadPlanFile, strings.Join(probs, "; "))
	}
	return f, nil
}

// checkPlan turns one raw plan into a Plan, reporting every broken rule through problem.
// ok is false when the plan cannot be used at all.
func checkPlan(rp rawPlan, problem func(format string, args ...any)) (p Plan, ok bool) {
	missing := false
	for _, field := range []struct {
		key   string
		isNil bool
	}{
		{"tier", rp.Tier == nil}, {"name", rp.Name == nil}, {"paid", rp.Paid == nil},
		{"monthly_credits", rp.MonthlyCredits == nil}, {"upload_seconds", rp.UploadSeconds == nil},
		{"crop_seconds", rp.CropSeconds == nil}, {"license", rp.License == nil},
		{"commercial", rp.Commercial == nil}, {"custom_limits", rp.CustomLimits == nil},
		{"monthly_price", rp.MonthlyPrice == nil},
	} {
		if field.isNil {
			problem("%q is missing or null", field.key)
			missing = true
		}
	}
	if missing {
		return Plan{}, false
	}
	p = Plan{
		Tier: Tier(*rp.Tier), Name: *rp.Name, Paid: *rp.Paid,
		MonthlyCredits: *rp.MonthlyCredits, UploadSeconds: *rp.UploadSeconds, CropSeconds: *rp.CropSeconds,
		License: License(*rp.License), Commercial: *rp.Commercial, CustomLimits: *rp.CustomLimits,
		MonthlyPrice: *rp.MonthlyPrice,
	}
	ok = true
	if !slices.Contains(tiers, p.Tier) {
		problem("tier %q is unknown: use one of %s", p.Tier, joinQuoted(tiers))
		ok = false
	}
	if strings.TrimSpace(p.Name) == "" {
		problem(`name is empty: give the name users see, such as "Pro"`)
	}
	if p.MonthlyCredits < 0 {
		problem("monthly_credits is %d: it must be 0 or more", p.MonthlyCredits)
	}
	if p.UploadSeconds < 0 {
		problem("upload_seconds is %d: it must be 0 or more", p.UploadSeconds)
	}
	if p.CropSeconds <= 0 {
		problem("crop_seconds is %d: it must be more than 0, uploads are cropped to it", p.CropSeconds)
	}
	if !slices.Contains(licenses, p.License) {
		problem("license %q is unknown: use one of %s", p.License, joinQuoted(licenses))
	} else if p.Commercial != (p.License != LicensePersonal) {
		problem("commercial is %t but license is %q: only the personal license forbids commercial use",
			p.Commercial, p.License)
	}
	if p.Tier == TierFree {
		// PRODUCT.md: commercial use requires Pro or higher, and free renews on the 1st.
		if p.License != LicensePersonal {
			problem(`license must be "personal": commercial use requires Pro or higher`)
		}
		if p.Paid {
			problem("paid must be false: the free plan renews on the 1st of the month, not on a subscription")
		}
	} else if !p.Paid && ok {
		problem("paid must be true: %s is sold by subscription and renews on its anchor", p.Tier)
	}
	if (p.Tier == TierEnterprise) != p.CustomLimits {
		problem("custom_limits must be %t: only enterprise limits are set per account by staff",
			p.Tier == TierEnterprise)
	}
	if p.CustomLimits && (p.MonthlyCredits != 0 || p.UploadSeconds != 0) {
		// A non-zero placeholder would look like a real grant to anyone reading the file.
		problem("monthly_credits and upload_seconds must be 0 when custom_limits is true: staff set them per account")
	}
	switch {
	case p.MonthlyPrice < 0:
		problem("monthly_price is %d: it must be 0 or more", p.MonthlyPrice)
	case p.Tier == TierFree && p.MonthlyPrice != 0:
		problem("monthly_price is %d: the free plan costs nothing", p.MonthlyPrice)
	case p.CustomLimits && p.MonthlyPrice != 0:
		problem("monthly_price must be 0 when custom_limits is true: the price is agreed per account, not sold at checkout")
	case p.Paid && !p.CustomLimits && p.MonthlyPrice == 0:
		problem("monthly_price is 0: %s is sold by subscription, give its price in the currency's smallest unit (cents)", p.Tier)
	}
	return p, ok
}

// isCurrencyCode reports three lower-case letters, the form Stripe takes currencies in.
func isCurrencyCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, c := range s {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// describeJSONError adds a line number to the decoder's error where it knows the offset.
func describeJSONError(data []byte, err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("line %d: %v", lineOf(data, syn.Offset), err)
	case errors.As(err, &typ):
		return fmt.Sprintf("line %d: %s is a JSON %s, want %s", lineOf(data, typ.Offset), typ.Field, typ.Value, typ.Type)
	}
	return err.Error()
}

func lineOf(data []byte, offset int64) int {
	offset = min(max(offset, 0), int64(len(data)))
	return 1 + bytes.Count(data[:offset], []byte("\n"))
}

// compareVersions orders dotted model versions part by part, numerically where both parts
// are numbers, so "2.0" sorts before "10.0" as a user expects.
func compareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := range min(len(pa), len(pb)) {
		na, errA := strconv.ParseUint(pa[i], 10, 64)
		nb, errB := strconv.ParseUint(pb[i], 10, 64)
		switch {
		case errA == nil && errB == nil && na != nb:
			if na < nb {
				return -1
			}
			return 1
		case (errA != nil || errB != nil) && pa[i] != pb[i]:
			return strings.Compare(pa[i], pb[i])
		}
	}
	if c := len(pa) - len(pb); c != 0 {
		return c
	}
	return strings.Compare(a, b) // "1.01" and "1.1" are numerically equal; keep a total order
}
