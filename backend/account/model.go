package account

import (
	"errors"
	"time"

	"stableaudio/backend/plan"
)

// Account is a user of the service as the server stores it.
type Account struct {
	ID           string
	Email        string // normalised: see NormalizeEmail
	PasswordHash string // argon2id, PHC format
	Tier         plan.Tier
	// Anchor is the moment the current subscription started: paid periods renew on its day
	// of the month and time of day. For free accounts it is the sign-up time.
	Anchor time.Time
	// The allowance period the ledger last applied; zero before the first one.
	PeriodStart, PeriodEnd time.Time
	Limits                 plan.Limits // staff overrides of the plan's allowances
	// A change of tier that waits for a renewal (a downgrade): the first period starting at
	// or after ScheduledAt is on ScheduledTier. Empty when nothing is scheduled.
	ScheduledTier plan.Tier
	ScheduledAt   time.Time
	Staff         bool
	CreatedAt     time.Time
}

// ErrNotFound reports an account or session that does not exist.
var ErrNotFound = errors.New("account not found")
