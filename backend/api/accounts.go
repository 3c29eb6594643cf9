package api

import (
	"net/http"
	"time"

	"stableaudio/backend/account"
	"stableaudio/backend/plan"
)

// Sign-up, sign-in, sign-out and password change: the endpoints that create, start and
// end sessions. Reading an account is in balance.go with the other account reads.

// credentials is the body of sign-up and sign-in.
type credentials struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// passwordChange is the body of POST /v1/accounts/{id}/password.
type passwordChange struct {
	CurrentPassword string `json:"currentPassword"`
	NewPassword     string `json:"newPassword"`
}

// accountJSON is an account as clients see it: never the password hash, the staff flag
// or the ledger's bookkeeping of the applied period.
type accountJSON struct {
	ID        string     `json:"id"`
	Email     string     `json:"email"`
	Tier      plan.Tier  `json:"tier"`
	CreatedAt time.Time  `json:"createdAt"`
	Limits    limitsJSON `json:"limits"`
}

// limitsJSON are the per-account limits staff set; null means the plan's own number.
type limitsJSON struct {
	MonthlyCredits *int64 `json:"monthlyCredits"`
	UploadSeconds  *int64 `json:"uploadSeconds"`
}

func toAccountJSON(a account.Account) accountJSON {
	return accountJSON{
		ID:        a.ID,
		Email:     a.Email,
		Tier:      a.Tier,
		CreatedAt: utc(a.CreatedAt),
		Limits:    limitsJSON{MonthlyCredits: a.Limits.MonthlyCredits, UploadSeconds: a.Limits.UploadSeconds},
	}
}

// session is the answer to sign-up and sign-in. The token is shown this once; the server
// keeps only its hash.
type session struct {
	Account accountJSON `json:"account"`
	Token   string      `json:"token"`
}

// signUp creates a Free account and signs it in: POST /v1/accounts.
func (s *Server) signUp(w http.ResponseWriter, r *http.Request) error {
	var in credentials
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, token, err := s.accounts.SignUp(r.Context(), in.Email, in.Password, r.RemoteAddr)
	if err != nil {
		return err
	}
	infoFrom(r).accountID = a.ID
	w.Header().Set("Location", "/v1/accounts/"+a.ID)
	writeJSON(w, http.StatusCreated, session{toAccountJSON(a), token})
	return nil
}

// signIn starts a session: POST /v1/sessions. The client address for the rate limits is
// the connection's own (RemoteAddr), never X-Forwarded-For: a guesser would simply send a
// new forwarded address with every attempt. Behind a proxy, the proxy must be trusted
// explicitly by whoever deploys it; that is not this handler's call.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) error {
	var in credentials
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, token, err := s.accounts.SignIn(r.Context(), in.Email, in.Password, r.RemoteAddr)
	if err != nil {
		return err
	}
	infoFrom(r).accountID = a.ID
	writeJSON(w, http.StatusOK, session{toAccountJSON(a), token})
	return nil
}

// signOut ends the caller's session: DELETE /v1/sessions/current. Other desktops signed
// in to the same account stay signed in.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	if err := s.accounts.SignOut(r.Context(), callerFrom(r).token); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// changePassword replaces the password: POST /v1/accounts/{id}/password. The calling
// session stays signed in and every other session is revoked, so a password change also
// locks out whoever may have learnt the old one.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	var in passwordChange
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.accounts.ChangePassword(r.Context(), callerFrom(r).token, in.CurrentPassword, in.NewPassword, r.RemoteAddr); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
