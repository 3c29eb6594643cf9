package plan

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func i64(v int64) *int64 { return &v }

// TestDefaultMirrorsProductTable pins the embedded file to the Plans table of PRODUCT.md,
// with the monthly prices in US cents.
func TestDefaultMirrorsProductTable(t *testing.T) {
	tests := []Plan{
		{Tier: TierFree, Name: "Free", Paid: false, MonthlyCredits: 20, UploadSeconds: 2 * 60, CropSeconds: 30, License: LicensePersonal, Commercial: false},
		{Tier: TierPro, Name: "Pro", Paid: true, MonthlyCredits: 500, UploadSeconds: 30 * 60, CropSeconds: 180, License: LicenseCreator, Commercial: true, MonthlyPrice: 1199},
		{Tier: TierStudio, Name: "Studio", Paid: true, MonthlyCredits: 1350, UploadSeconds: 60 * 60, CropSeconds: 180, License: LicenseCreator, Commercial: true, MonthlyPrice: 2999},
		{Tier: TierMax, Name: "Max", Paid: true, MonthlyCredits: 4500, UploadSeconds: 90 * 60, CropSeconds: 180, License: LicenseCreator, Commercial: true, MonthlyPrice: 8999},
		{Tier: TierEnterprise, Name: "Enterprise", Paid: true, MonthlyCredits: 0, UploadSeconds: 0, CropSeconds: 180, License: LicenseEnterprise, Commercial: true, CustomLimits: true},
	}
	f := Default()
	if f.Currency != "usd" {
		t.Errorf("currency %q, want usd", f.Currency)
	}
	if len(f.Plans) != len(tests) {
		t.Fatalf("default file has %d plans, want %d", len(f.Plans), len(tests))
	}
	for i, want := range tests {
		got, err := f.Plan(want.Tier)
		if err != nil {
			t.Fatalf("Plan(%q): %v", want.Tier, err)
		}
		if got != want {
			t.Errorf("Plan(%q) = %+v\nwant %+v", want.Tier, got, want)
		}
		if f.Plans[i] != want {
			t.Errorf("Plans[%d] = %q, want tier order free…enterprise", i, f.Plans[i].Tier)
		}
	}
}

func TestDefaultPrices(t *testing.T) {
	f := Default()
	want := []ModelPrice{{"1.0", 1}, {"1.1", 1}, {"2.0", 2}}
	if got := f.Prices(); !reflect.DeepEqual(got, want) {
		t.Errorf("Prices() = %v, want %v", got, want)
	}
	for _, mp := range want {
		if got, err := f.Price(mp.Model); err != nil || got != mp.Credits {
			t.Errorf("Price(%q) = %d, %v; want %d", mp.Model, got, err, mp.Credits)
		}
	}
}

func TestDefaultIsACopy(t *testing.T) {
	f := Default()
	f.Plans[0].MonthlyCredits = 1_000_000
	f.ModelPrices["2.0"] = 0
	g := Default()
	if g.Plans[0].MonthlyCredits != 20 || g.ModelPrices["2.0"] != 2 {
		t.Errorf("changing one Default() changed the next: %+v %v", g.Plans[0], g.ModelPrices)
	}
}

// TestDefaultRoundTrip checks that the struct tags write the same format Parse reads.
func TestDefaultRoundTrip(t *testing.T) {
	data, err := json.Marshal(Default())
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse(Marshal(Default())): %v", err)
	}
	if !reflect.DeepEqual(got, Default()) {
		t.Errorf("round trip = %+v, want %+v", got, Default())
	}
}

func TestParseTier(t *testing.T) {
	tests := []struct {
		in      string
		want    Tier
		wantErr bool
	}{
		{"free", TierFree, false},
		{"pro", TierPro, false},
		{"studio", TierStudio, false},
		{"max", TierMax, false},
		{"enterprise", TierEnterprise, false},
		{"Pro", "", true}, // one spelling only, so the database never holds two
		{" pro", "", true},
		{"", "", true},
		{"basic", "", true},
	}
	for _, tc := range tests {
		got, err := ParseTier(tc.in)
		if got != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("ParseTier(%q) = %q, %v; want %q, error %t", tc.in, got, err, tc.want, tc.wantErr)
		}
		if err != nil && (!errors.Is(err, ErrUnknownTier) || !strings.Contains(err.Error(), `"enterprise"`)) {
			t.Errorf("ParseTier(%q) error %q: want ErrUnknownTier listing the tiers", tc.in, err)
		}
	}
}

func TestPlanAndPriceErrors(t *testing.T) {
	freeOnly, err := Parse([]byte(`{"currency": "eur", "plans": [{"tier": "free", "name": "Free", "paid": false,
		"monthly_credits": 20, "upload_seconds": 120, "crop_seconds": 30, "license": "personal",
		"commercial": false, "custom_limits": false, "monthly_price": 0}], "model_prices": {"2.0": 2}}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		call     func() error
		sentinel error
		mention  []string
	}{
		{"tier not in file", func() error { _, err := freeOnly.Plan(TierPro); return err }, ErrUnknownTier, []string{`"pro"`, `"free"`}},
		{"tier not a tier", func() error { _, err := Default().Plan("basic"); return err }, ErrUnknownTier, []string{`"basic"`}},
		{"unknown model", func() error { _, err := Default().Price("3.0"); return err }, ErrUnknownModel, []string{`"3.0"`, `"1.0", "1.1", "2.0"`}},
		{"empty model", func() error { _, err := Default().Price(""); return err }, ErrUnknownModel, []string{`""`}},
	}
	for _, tc := range tests {
		err := tc.call()
		if !errors.Is(err, tc.sentinel) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.sentinel)
			continue
		}
		for _, m := range tc.mention {
			if !strings.Contains(err.Error(), m) {
				t.Errorf("%s: error %q does not mention %s", tc.name, err, m)
			}
		}
	}
}

func TestPricesSortsVersionsNumerically(t *testing.T) {
	f := &File{ModelPrices: map[string]int64{"10.0": 5, "2.0": 2, "1.1": 1, "2.0.1": 3, "1.0": 1, "2.0-beta": 4}}
	var got []string
	for _, mp := range f.Prices() {
		got = append(got, mp.Model)
	}
	want := []string{"1.0", "1.1", "2.0", "2.0.1", "2.0-beta", "10.0"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Prices() order = %v, want %v", got, want)
	}
}

func TestAllowance(t *testing.T) {
	f := Default()
	plan := func(tier Tier) Plan {
		p, err := f.Plan(tier)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name   string
		plan   Plan
		custom Limits
		want   Allowance
	}{
		{"free", plan(TierFree), Limits{}, Allowance{20, 120, 30, LicensePersonal, false}},
		{"max", plan(TierMax), Limits{}, Allowance{4500, 5400, 180, LicenseCreator, true}},
		{"enterprise set by staff", plan(TierEnterprise), Limits{i64(20000), i64(36000)}, Allowance{20000, 36000, 180, LicenseEnterprise, true}},
		{"enterprise credits only", plan(TierEnterprise), Limits{MonthlyCredits: i64(9000)}, Allowance{9000, 0, 180, LicenseEnterprise, true}},
		{"enterprise not configured yet grants nothing", plan(TierEnterprise), Limits{}, Allowance{0, 0, 180, LicenseEnterprise, true}},
		{"negative limit clamps to 0", plan(TierEnterprise), Limits{i64(-5), i64(-1)}, Allowance{0, 0, 180, LicenseEnterprise, true}},
		// Limits left over from Enterprise must not follow an account dropped to Free.
		{"free ignores stale limits", plan(TierFree), Limits{i64(20000), i64(36000)}, Allowance{20, 120, 30, LicensePersonal, false}},
		{"pro ignores limits", plan(TierPro), Limits{i64(1), i64(1)}, Allowance{500, 1800, 180, LicenseCreator, true}},
	}
	for _, tc := range tests {
		if got := tc.plan.Allowance(tc.custom); got != tc.want {
			t.Errorf("%s: Allowance = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestLimitsValidate(t *testing.T) {
	tests := []struct {
		name    string
		l       Limits
		wantErr bool
	}{
		{"unset", Limits{}, false},
		{"zero", Limits{i64(0), i64(0)}, false},
		{"set", Limits{i64(10000), i64(7200)}, false},
		{"negative credits", Limits{MonthlyCredits: i64(-1)}, true},
		{"negative uploads", Limits{UploadSeconds: i64(-60)}, true},
	}
	for _, tc := range tests {
		err := tc.l.Validate()
		if (err != nil) != tc.wantErr || (err != nil && !errors.Is(err, ErrBadLimits)) {
			t.Errorf("%s: Validate() = %v, want error %t wrapping ErrBadLimits", tc.name, err, tc.wantErr)
		}
	}
}
