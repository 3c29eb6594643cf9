package api

import (
	"context"
	"net/http"
	"strings"

	"stableaudio/backend/account"
)

// caller is the signed-in account behind a request and the token it presented; handlers
// that act on the session itself (sign-out, password change) hand the token back to the
// account service.
type caller struct {
	account account.Account
	token   string
}

type callerKey struct{}

// callerFrom returns the authenticated caller. Only routes whose access is not public run
// behind authenticate, and only those call it.
func callerFrom(r *http.Request) caller {
	c, ok := r.Context().Value(callerKey{}).(caller)
	if !ok {
		panic("api: callerFrom on a route without authentication")
	}
	return c
}

// bearerToken reads "Authorization: Bearer <token>". The scheme is case-insensitive
// (RFC 9110); anything else, including a missing header, is no token at all.
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// authenticate checks the session behind the request and returns the request carrying the
// caller. With own set, the path's {id} must be the caller's own account id or "me".
//
// Another account's id is answered exactly as an id that does not exist (ErrNotFound),
// before any handler runs: a caller cannot learn which ids exist, and cannot read or
// change another account even if a handler forgets to check.
func (s *Server) authenticate(r *http.Request, own bool) (*http.Request, error) {
	token, ok := bearerToken(r)
	if !ok {
		return r, account.ErrUnauthenticated
	}
	a, _, err := s.accounts.Authenticate(r.Context(), token)
	if err != nil {
		return r, err
	}
	infoFrom(r).accountID = a.ID
	if own {
		if id := r.PathValue("id"); id != "me" && id != a.ID {
			return r, account.ErrNotFound
		}
	}
	return r.WithContext(context.WithValue(r.Context(), callerKey{}, caller{account: a, token: token})), nil
}
