package api

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"stableaudio/backend/plan"
)

func TestBalanceScenarios(t *testing.T) {
	march := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	april := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	may := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	wantBalance := func(want balanceJSON) func(t *testing.T, f *fixture, res response) {
		return func(t *testing.T, f *fixture, res response) {
			var got balanceJSON
			decode(t, res, &got)
			if got != want {
				t.Errorf("balance %+v\nwant    %+v", got, want)
			}
		}
	}
	ledgerPageOf := func(t *testing.T, res response) ledgerPage {
		var p ledgerPage
		decode(t, res, &p)
		return p
	}
	scenarios := []scenario{
		{name: "account", method: "GET", path: "/v1/accounts/me", token: "alice", wantStatus: 200,
			check: func(t *testing.T, f *fixture, res response) {
				var a accountJSON
				decode(t, res, &a)
				if a.ID != f.ids["alice"] || a.Email != "alice@example.com" || a.Tier != plan.TierFree || !a.CreatedAt.Equal(start) {
					t.Errorf("account %+v", a)
				}
			}},
		{name: "account by own id", method: "GET", path: "/v1/accounts/{bob}", token: "bob", wantStatus: 200},
		{name: "plan", method: "GET", path: "/v1/accounts/me/plan", token: "alice", wantStatus: 200,
			check: func(t *testing.T, f *fixture, res response) {
				var got planJSON
				decode(t, res, &got)
				want := planJSON{Tier: "free", Name: "Free", MonthlyCredits: 20, UploadSeconds: 120, CropSeconds: 30,
					License: plan.LicensePersonal, Commercial: false, Paid: false}
				if got != want {
					t.Errorf("plan %+v\nwant %+v", got, want)
				}
			}},
		{name: "balance after sign-up", method: "GET", path: "/v1/accounts/me/balance", token: "alice", wantStatus: 200,
			check: wantBalance(balanceJSON{Credits: 20, UploadSecondsLeft: 120, PeriodStart: march, PeriodEnd: april, RenewsAt: april})},
		{name: "balance renews on the 1st without rollover",
			setup:  func(t *testing.T, f *fixture) { f.clock.Advance(20 * 24 * time.Hour) },
			method: "GET", path: "/v1/accounts/me/balance", token: "alice2", wantStatus: 200,
			check: wantBalance(balanceJSON{Credits: 20, UploadSecondsLeft: 120, PeriodStart: april, PeriodEnd: may, RenewsAt: may})},
		{name: "ledger lists the grant", method: "GET", path: "/v1/accounts/me/ledger", token: "alice", wantStatus: 200,
			check: func(t *testing.T, f *fixture, res response) {
				p := ledgerPageOf(t, res)
				if len(p.Entries) != 2 || p.Next != nil {
					t.Fatalf("page %+v", p)
				}
				got := map[string]int64{}
				for _, e := range p.Entries {
					if e.Kind != "grant" || !e.PeriodStart.Equal(march) || !e.CreatedAt.Equal(start) || e.Reference == "" {
						t.Errorf("entry %+v", e)
					}
					got[string(e.Asset)] = e.Amount
				}
				if want := map[string]int64{"credits": 20, "upload_seconds": 120}; !reflect.DeepEqual(got, want) {
					t.Errorf("grants %v, want %v", got, want)
				}
				if p.Entries[0].Seq <= p.Entries[1].Seq {
					t.Errorf("not newest first: %+v", p.Entries)
				}
				if strings.Contains(string(res.body), "sys:") || strings.Contains(string(res.body), `"key"`) {
					t.Errorf("idempotency keys leak: %s", res.body)
				}
			}},
		{name: "ledger pages", method: "GET", path: "/v1/accounts/me/ledger?limit=1", token: "alice", wantStatus: 200,
			check: func(t *testing.T, f *fixture, res response) {
				first := ledgerPageOf(t, res)
				if len(first.Entries) != 1 || first.Next == nil || *first.Next != first.Entries[0].Seq {
					t.Fatalf("first page %+v", first)
				}
				next, _ := json.Marshal(*first.Next)
				second := ledgerPageOf(t, f.get("/v1/accounts/me/ledger?limit=1&before="+string(next), f.tokens["alice"]))
				if len(second.Entries) != 1 || second.Next != nil || second.Entries[0].Seq >= first.Entries[0].Seq {
					t.Fatalf("second page %+v after %+v", second, first)
				}
			}},
		{name: "ledger limit 0", method: "GET", path: "/v1/accounts/me/ledger?limit=0", token: "alice",
			wantStatus: 400, wantCode: "invalid_request"},
		{name: "ledger limit over the cap", method: "GET", path: "/v1/accounts/me/ledger?limit=201", token: "alice",
			wantStatus: 400, wantCode: "invalid_request"},
		{name: "ledger limit not a number", method: "GET", path: "/v1/accounts/me/ledger?limit=ten", token: "alice",
			wantStatus: 400, wantCode: "invalid_request"},
		{name: "ledger before 0", method: "GET", path: "/v1/accounts/me/ledger?before=0", token: "alice",
			wantStatus: 400, wantCode: "invalid_request"},
		{name: "models", method: "GET", path: "/v1/models", wantStatus: 200,
			check: func(t *testing.T, f *fixture, res response) {
				var got modelList
				decode(t, res, &got)
				var want []modelJSON
				for _, p := range plan.Default().Prices() {
					want = append(want, modelJSON{Version: p.Model, Credits: p.Credits})
				}
				if !slices.Equal(got.Models, want) || len(want) == 0 {
					t.Errorf("models %+v, want %+v", got.Models, want)
				}
			}},
		{name: "models ignore a bad token", method: "GET", path: "/v1/models", token: "Bearer nonsense", wantStatus: 200},
		{name: "health", method: "GET", path: "/v1/health", wantStatus: 200, wantBody: `{"ok":true}` + "\n"},
		// A server without a Stripe key says so on every billing route and works otherwise.
		{name: "billing without a Stripe key", method: "GET", path: "/v1/accounts/me/billing", token: "alice",
			wantStatus: 503, wantCode: "billing_not_configured"},
		{name: "checkout without a Stripe key", method: "POST", path: "/v1/accounts/me/billing/checkout", token: "alice",
			body: `{"tier":"pro"}`, wantStatus: 503, wantCode: "billing_not_configured"},
		{name: "webhook without a Stripe key", method: "POST", path: "/v1/stripe/webhook", body: `{"id":"evt_1"}`,
			wantStatus: 503, wantCode: "billing_not_configured"},
	}
	runScenarios(t, append(scenarios, ownAccountScenarios(t)...))
}

// ownAccountBodies are valid bodies for the own-account routes that take one. Bob's real
// password is used, so only the ownership check stands between alice and his account.
var ownAccountBodies = map[string]string{
	"POST /v1/accounts/{id}/password":          passwordBody(bobPassword, newPassword),
	"POST /v1/accounts/{id}/uploads":           "RIFF: any audio",
	"POST /v1/accounts/{id}/billing/checkout":  `{"tier":"pro"}`,
	"POST /v1/accounts/{id}/billing/portal":    "",
	"POST /v1/accounts/{id}/billing/upgrade":   `{"tier":"studio"}`,
	"POST /v1/accounts/{id}/billing/downgrade": `{"tier":"pro"}`,
	"POST /v1/accounts/{id}/billing/cancel":    "",
	"POST /v1/accounts/{id}/billing/refunds":   `{"reason":"changed my mind"}`,
	"POST /v1/accounts/{id}/jobs":              `{"prompt":"techno","model":"2.0","seconds":10,"results":1}`,
	"POST /v1/accounts/{id}/jobs/{job}/cancel": "",
}

// ownAccountScenarios tries every /v1/accounts/{id} route from the route table with
// another account's id, an id that does not exist, and no token. The first two must give
// the same bytes, and the runner checks that bob's account (and everything else) is
// untouched.
func ownAccountScenarios(t *testing.T) []scenario {
	var out []scenario
	for _, rt := range routes {
		if rt.access != ownAccount {
			continue
		}
		body, ok := ownAccountBodies[rt.pattern()]
		if rt.method == "POST" && !ok {
			t.Fatalf("ownAccountBodies has no body for %s", rt.pattern())
		}
		for _, target := range []struct{ name, id string }{
			{"another account's id", "{bob}"},
			{"an id that does not exist", "acc_000000000000000000000000"},
		} {
			out = append(out, scenario{name: rt.pattern() + " with " + target.name, method: rt.method,
				path: strings.Replace(rt.path, "{id}", target.id, 1), token: "alice", body: body,
				wantStatus: 404, wantCode: "not_found", wantBody: notFoundBody})
		}
		out = append(out, scenario{name: rt.pattern() + " without a token", method: rt.method,
			path: strings.Replace(rt.path, "{id}", "me", 1), body: body, wantStatus: 401, wantCode: "unauthenticated"})
	}
	return out
}
