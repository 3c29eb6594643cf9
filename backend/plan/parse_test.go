package plan

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// editedDefault returns plans.json after edit has changed its generic JSON form; each bad
// case below breaks one thing in an otherwise valid file.
func editedDefault(t *testing.T, edit func(doc map[string]any, plans []any)) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(defaultJSON, &doc); err != nil {
		t.Fatal(err)
	}
	edit(doc, doc["plans"].([]any))
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// set changes one key of the plan at index i (0 free, 1 pro, 2 studio, 3 max, 4 enterprise).
func set(i int, key string, v any) func(map[string]any, []any) {
	return func(_ map[string]any, plans []any) { plans[i].(map[string]any)[key] = v }
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name string
		data []byte // used when edit is nil
		edit func(doc map[string]any, plans []any)
		want string // part of the message that tells the editor what to fix
	}{
		{name: "not JSON", data: []byte("{\n\"plans\": [,]}"), want: "line 2"},
		{name: "trailing data", data: append(append([]byte{}, defaultJSON...), "{}"...), want: "after the JSON document"},
		{name: "misspelt key", edit: set(1, "monthly_credit", 500), want: `unknown field "monthly_credit"`},
		{name: "fractional credits", edit: set(1, "monthly_credits", 20.5), want: "plans.monthly_credits is a JSON number 20.5"},
		{name: "no plans", edit: func(doc map[string]any, _ []any) { doc["plans"] = []any{} }, want: `"plans" is missing or empty`},
		{name: "no free plan", edit: func(doc map[string]any, p []any) { doc["plans"] = p[1:] }, want: `no "free" plan`},
		{name: "unknown tier", edit: set(2, "tier", "gold"), want: `tier "gold" is unknown`},
		{name: "tier twice", edit: set(2, "tier", "pro"), want: `tier "pro" is already defined by plans[1]`},
		{name: "missing key", edit: func(_ map[string]any, p []any) { delete(p[1].(map[string]any), "crop_seconds") }, want: `plans[1] ("pro"): "crop_seconds" is missing`},
		{name: "null value", edit: set(1, "paid", nil), want: `"paid" is missing or null`},
		{name: "empty name", edit: set(1, "name", " "), want: "name is empty"},
		{name: "negative credits", edit: set(1, "monthly_credits", -1), want: "monthly_credits is -1: it must be 0 or more"},
		{name: "negative uploads", edit: set(0, "upload_seconds", -120), want: "upload_seconds is -120"},
		{name: "zero crop", edit: set(0, "crop_seconds", 0), want: "crop_seconds is 0: it must be more than 0"},
		{name: "unknown license", edit: set(1, "license", "pro"), want: `license "pro" is unknown`},
		{name: "personal but commercial", edit: set(0, "commercial", true), want: `commercial is true but license is "personal"`},
		{name: "creator but not commercial", edit: set(3, "commercial", false), want: `commercial is false but license is "creator"`},
		{name: "free with creator license", edit: func(d map[string]any, p []any) {
			set(0, "license", "creator")(d, p)
			set(0, "commercial", true)(d, p)
		}, want: "commercial use requires Pro or higher"},
		{name: "free paid", edit: set(0, "paid", true), want: "paid must be false"},
		{name: "pro not paid", edit: set(1, "paid", false), want: "paid must be true: pro"},
		{name: "enterprise not custom", edit: set(4, "custom_limits", false), want: "custom_limits must be true"},
		{name: "max custom", edit: set(3, "custom_limits", true), want: "custom_limits must be false"},
		{name: "enterprise placeholder credits", edit: set(4, "monthly_credits", 100000), want: "must be 0 when custom_limits is true"},
		{name: "priced free plan", edit: set(0, "monthly_price", 500), want: "monthly_price is 500: the free plan costs nothing"},
		{name: "pro for nothing", edit: set(1, "monthly_price", 0), want: "monthly_price is 0: pro is sold by subscription"},
		{name: "negative price", edit: set(2, "monthly_price", -1), want: "monthly_price is -1: it must be 0 or more"},
		{name: "priced enterprise", edit: set(4, "monthly_price", 50000), want: "monthly_price must be 0 when custom_limits is true"},
		{name: "studio cheaper than pro", edit: set(2, "monthly_price", 999), want: "studio costs 999, not more than pro at 1199"},
		{name: "missing price", edit: func(_ map[string]any, p []any) { delete(p[3].(map[string]any), "monthly_price") }, want: `plans[3] ("max"): "monthly_price" is missing`},
		{name: "no currency", edit: func(doc map[string]any, _ []any) { delete(doc, "currency") }, want: `"currency" is missing`},
		{name: "bad currency", edit: func(doc map[string]any, _ []any) { doc["currency"] = "US$" }, want: `currency "US$" is not a lower-case ISO 4217 code`},
		{name: "no prices", edit: func(doc map[string]any, _ []any) { delete(doc, "model_prices") }, want: `"model_prices" is missing or empty`},
		{name: "free track", edit: func(doc map[string]any, _ []any) { doc["model_prices"].(map[string]any)["2.0"] = 0 }, want: `model_prices["2.0"] is 0: a cloud track costs at least 1 credit`},
		{name: "null price", edit: func(doc map[string]any, _ []any) { doc["model_prices"].(map[string]any)["2.0"] = nil }, want: `model_prices["2.0"] is null`},
		{name: "blank version", edit: func(doc map[string]any, _ []any) { doc["model_prices"].(map[string]any)[" 2.0"] = 2 }, want: `version " 2.0"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.data
			if tc.edit != nil {
				data = editedDefault(t, tc.edit)
			}
			f, err := Parse(data)
			if !errors.Is(err, ErrBadPlanFile) {
				t.Fatalf("Parse = %v, %v; want ErrBadPlanFile", f, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\ndoes not say %q", err, tc.want)
			}
		})
	}
}

// TestParseReportsEveryProblem: one edit-and-retry round per mistake would be tedious.
func TestParseReportsEveryProblem(t *testing.T) {
	data := editedDefault(t, func(d map[string]any, p []any) {
		set(1, "monthly_credits", -1)(d, p)
		set(2, "crop_seconds", 0)(d, p)
		d["model_prices"].(map[string]any)["1.0"] = 0
	})
	_, err := Parse(data)
	for _, want := range []string{"monthly_credits is -1", "crop_seconds is 0", `model_prices["1.0"] is 0`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not report %q", err, want)
		}
	}
}

func TestParseAcceptsSubsetsInAnyOrder(t *testing.T) {
	data := editedDefault(t, func(doc map[string]any, p []any) {
		doc["plans"] = []any{p[3], p[0]} // max before free, no pro, studio or enterprise
	})
	f, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Plans) != 2 || f.Plans[0].Tier != TierFree || f.Plans[1].Tier != TierMax {
		t.Errorf("Plans = %+v, want free then max", f.Plans)
	}
	if _, err := f.Plan(TierPro); !errors.Is(err, ErrUnknownTier) {
		t.Errorf("Plan(pro) on a file without pro: %v, want ErrUnknownTier", err)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "plans.json")
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(good, defaultJSON, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(`{"plans": []}`), 0o600); err != nil {
		t.Fatal(err)
	}

	f, err := Load(good)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f, Default()) {
		t.Errorf("Load(plans.json) = %+v, want Default()", f)
	}
	if _, err := Load(bad); !errors.Is(err, ErrBadPlanFile) || !strings.Contains(err.Error(), bad) {
		t.Errorf("Load(bad) = %v, want ErrBadPlanFile naming %s", err, bad)
	}
	if _, err := Load(filepath.Join(dir, "missing.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(missing) = %v, want fs.ErrNotExist", err)
	}
}
