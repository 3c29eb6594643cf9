package api

import (
	"math"
	"net/http"
	"time"

	"stableaudio/backend/ledger"
	"stableaudio/backend/plan"
)

// The signed-in account's own data: the account, its plan, its balance and its ledger.
// Every route here is ownAccount, so authenticate has already refused another account's id.

// planJSON is the caller's effective allowance: the tier's row of the plan file with the
// limits staff set for the account applied.
type planJSON struct {
	Tier           plan.Tier    `json:"tier"`
	Name           string       `json:"name"`
	MonthlyCredits int64        `json:"monthlyCredits"`
	UploadSeconds  int64        `json:"uploadSeconds"`
	CropSeconds    int64        `json:"cropSeconds"`
	License        plan.License `json:"license"`
	Commercial     bool         `json:"commercial"`
	Paid           bool         `json:"paid"`
}

// balanceJSON is what is left of the current period's allowance.
type balanceJSON struct {
	Credits           int64     `json:"credits"`
	UploadSecondsLeft int64     `json:"uploadSecondsLeft"`
	PeriodStart       time.Time `json:"periodStart"`
	PeriodEnd         time.Time `json:"periodEnd"`
	// RenewsAt is PeriodEnd under its user-facing name: the next grant, and the moment
	// what is left now expires (no rollover).
	RenewsAt time.Time `json:"renewsAt"`
}

// entryJSON is one ledger line. The idempotency key stays internal: it names jobs and
// system periods the client has no use for, and a client that saw keys could be tempted
// to reuse them.
type entryJSON struct {
	Seq         int64        `json:"seq"`
	Asset       ledger.Asset `json:"asset"`
	Kind        ledger.Kind  `json:"kind"`
	Amount      int64        `json:"amount"`
	Reference   string       `json:"reference"`
	PeriodStart time.Time    `json:"periodStart"`
	CreatedAt   time.Time    `json:"createdAt"`
}

// ledgerPage is one page of history, newest first. Next is the before= value for the
// following page, null on the last page.
type ledgerPage struct {
	Entries []entryJSON `json:"entries"`
	Next    *int64      `json:"next"`
}

// Ledger page sizes: the default suits one screen of the app; the cap bounds one query.
const (
	defaultLedgerLimit = 50
	maxLedgerLimit     = 200
)

// getAccount: GET /v1/accounts/{id}. The account was read by authenticate in this request.
func (s *Server) getAccount(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, toAccountJSON(callerFrom(r).account))
	return nil
}

// getPlan: GET /v1/accounts/{id}/plan.
func (s *Server) getPlan(w http.ResponseWriter, r *http.Request) error {
	a := callerFrom(r).account
	p, err := s.plans.Plan(a.Tier)
	if err != nil {
		// The account's tier is not in the plan file: a deployment mistake, so internal.
		return err
	}
	allow := p.Allowance(a.Limits)
	writeJSON(w, http.StatusOK, planJSON{
		Tier: p.Tier, Name: p.Name,
		MonthlyCredits: allow.Credits, UploadSeconds: allow.UploadSeconds, CropSeconds: allow.CropSeconds,
		License: allow.License, Commercial: allow.Commercial, Paid: p.Paid,
	})
	return nil
}

// getBalance: GET /v1/accounts/{id}/balance. Reading applies a period that has ended
// (expiry and new grant), so the answer is always for the period containing now.
func (s *Server) getBalance(w http.ResponseWriter, r *http.Request) error {
	st, err := s.ledger.State(r.Context(), callerFrom(r).account.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, balanceJSON{
		Credits:           st.Credits,
		UploadSecondsLeft: st.UploadSeconds,
		PeriodStart:       utc(st.PeriodStart),
		PeriodEnd:         utc(st.PeriodEnd),
		RenewsAt:          utc(st.PeriodEnd),
	})
	return nil
}

// getLedger: GET /v1/accounts/{id}/ledger?before=<seq>&limit=<n>.
func (s *Server) getLedger(w http.ResponseWriter, r *http.Request) error {
	before, err := queryInt(r, "before", 0, 1, math.MaxInt64)
	if err != nil {
		return err
	}
	limit, err := queryInt(r, "limit", defaultLedgerLimit, 1, maxLedgerLimit)
	if err != nil {
		return err
	}
	// One entry more than asked tells whether another page exists without a second
	// query, so the last page says next: null instead of leading to an empty page.
	entries, err := s.ledger.History(r.Context(), callerFrom(r).account.ID, before, int(limit)+1)
	if err != nil {
		return err
	}
	page := ledgerPage{Entries: make([]entryJSON, 0, min(len(entries), int(limit)))}
	if len(entries) > int(limit) {
		entries = entries[:limit]
		next := entries[len(entries)-1].Seq
		page.Next = &next
	}
	for _, e := range entries {
		page.Entries = append(page.Entries, entryJSON{
			Seq: e.Seq, Asset: e.Asset, Kind: e.Kind, Amount: e.Amount, Reference: e.Reference,
			PeriodStart: utc(e.PeriodStart), CreatedAt: utc(e.CreatedAt),
		})
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}
