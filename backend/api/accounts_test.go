package api

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"stableaudio/backend/account"
)

func TestAccountScenarios(t *testing.T) {
	signUpOK := func(wantEmail string) func(t *testing.T, f *fixture, res response) {
		return func(t *testing.T, f *fixture, res response) {
			var s session
			decode(t, res, &s)
			a := s.Account
			if a.Email != wantEmail || a.Tier != "free" || !strings.HasPrefix(a.ID, "acc_") || !a.CreatedAt.Equal(start) {
				t.Errorf("account %+v", a)
			}
			if a.Limits.MonthlyCredits != nil || a.Limits.UploadSeconds != nil {
				t.Errorf("new account has staff limits %+v", a.Limits)
			}
			if loc := res.header.Get("Location"); loc != "/v1/accounts/"+a.ID {
				t.Errorf("Location %q", loc)
			}
			if me := f.get("/v1/accounts/me", s.Token); me.status != http.StatusOK {
				t.Errorf("the new token: GET /v1/accounts/me = %d %s", me.status, me.body)
			}
		}
	}
	failSignIn := func(times int) func(t *testing.T, f *fixture) {
		return func(t *testing.T, f *fixture) {
			for range times {
				res := f.do(request{method: "POST", path: "/v1/sessions", body: credentialsBody("alice@example.com", "wrong password!")})
				if res.status != http.StatusUnauthorized {
					t.Fatalf("failed sign-in: %d %s", res.status, res.body)
				}
			}
		}
	}
	signOut := func(t *testing.T, f *fixture) {
		if res := f.do(request{method: "DELETE", path: "/v1/sessions/current", auth: f.auth("alice")}); res.status != http.StatusNoContent {
			t.Fatalf("sign out: %d %s", res.status, res.body)
		}
	}
	aliceBody := credentialsBody("alice@example.com", alicePassword)
	big := `{"email":"carol@example.com","password":"` + strings.Repeat("x", MaxBodyBytes) + `"}`

	runScenarios(t, []scenario{
		// Sign-up.
		{name: "sign up", method: "POST", path: "/v1/accounts", body: credentialsBody("carol@example.com", "carol's passphrase"),
			wantStatus: 201, changes: true, check: signUpOK("carol@example.com")},
		{name: "sign up normalises the email", method: "POST", path: "/v1/accounts",
			body: credentialsBody("  Carol@Example.COM ", "carol's passphrase"), wantStatus: 201, changes: true,
			check: signUpOK("carol@example.com")},
		{name: "sign up accepts a charset parameter", method: "POST", path: "/v1/accounts", contentType: "application/json; charset=utf-8",
			body: credentialsBody("carol@example.com", "carol's passphrase"), wantStatus: 201, changes: true,
			check: signUpOK("carol@example.com")},
		{name: "sign up with a taken email", method: "POST", path: "/v1/accounts",
			body: credentialsBody("alice@example.com", "another passphrase"), wantStatus: 409, wantCode: "email_taken"},
		{name: "sign up with a taken email in other case", method: "POST", path: "/v1/accounts",
			body: credentialsBody("ALICE@example.com", "another passphrase"), wantStatus: 409, wantCode: "email_taken"},
		{name: "sign up with a bad email", method: "POST", path: "/v1/accounts",
			body: credentialsBody("alice at example", "a fine passphrase"), wantStatus: 422, wantCode: "bad_email"},
		{name: "sign up with a weak password", method: "POST", path: "/v1/accounts",
			body: credentialsBody("carol@example.com", "short"), wantStatus: 422, wantCode: "weak_password",
			check: func(t *testing.T, f *fixture, res response) {
				if !strings.Contains(string(res.body), "at least 10 characters") {
					t.Errorf("message does not say how to fix it: %s", res.body)
				}
			}},
		{name: "sign up with an empty object", method: "POST", path: "/v1/accounts", body: `{}`,
			wantStatus: 422, wantCode: "bad_email"},

		// Sign-in.
		{name: "sign in", method: "POST", path: "/v1/sessions", body: aliceBody, wantStatus: 200, changes: true,
			check: func(t *testing.T, f *fixture, res response) {
				var s session
				decode(t, res, &s)
				if s.Account.ID != f.ids["alice"] || s.Token == f.tokens["alice"] || !account.LooksLikeToken(s.Token) {
					t.Errorf("session %+v", s)
				}
			}},
		{name: "sign in with the email in other case", method: "POST", path: "/v1/sessions",
			body: credentialsBody(" Alice@EXAMPLE.com", alicePassword), wantStatus: 200, changes: true},
		{name: "sign in with a wrong password", method: "POST", path: "/v1/sessions",
			body: credentialsBody("alice@example.com", "not her password"), wantStatus: 401, wantCode: "invalid_credentials",
			wantBody: invalidCredentialsBody},
		{name: "sign in with an unknown email", method: "POST", path: "/v1/sessions",
			body: credentialsBody("nobody@example.com", "not her password"), wantStatus: 401, wantCode: "invalid_credentials",
			wantBody: invalidCredentialsBody},
		{name: "sign in with a malformed email", method: "POST", path: "/v1/sessions",
			body: credentialsBody("nobody", "not her password"), wantStatus: 401, wantCode: "invalid_credentials",
			wantBody: invalidCredentialsBody},
		{name: "sign in after repeated failures is rate limited", setup: failSignIn(account.EmailFailureLimit),
			method: "POST", path: "/v1/sessions", body: aliceBody, wantStatus: 429, wantCode: "rate_limited",
			check: func(t *testing.T, f *fixture, res response) {
				// The failures happened at one instant of the test clock, so the first of
				// them leaves the window exactly one window from now.
				if got, want := res.header.Get("Retry-After"), strconv.Itoa(int(account.SignInWindow/time.Second)); got != want {
					t.Errorf("Retry-After %q, want %q", got, want)
				}
			}},
		{name: "sign in once the rate limit window has passed",
			setup: func(t *testing.T, f *fixture) {
				failSignIn(account.EmailFailureLimit)(t, f)
				f.clock.Advance(account.SignInWindow)
			},
			method: "POST", path: "/v1/sessions", body: aliceBody, wantStatus: 200, changes: true},
		{name: "sign in as another user is not limited by alice's failures", setup: failSignIn(account.EmailFailureLimit),
			method: "POST", path: "/v1/sessions", body: credentialsBody("bob@example.com", bobPassword), wantStatus: 200, changes: true},
		{name: "sign in after fewer failures than the limit", setup: failSignIn(account.EmailFailureLimit - 1),
			method: "POST", path: "/v1/sessions", body: aliceBody, wantStatus: 200, changes: true},

		{name: "sign up is limited per address",
			setup: func(t *testing.T, f *fixture) {
				for i := range account.SignUpLimit - 2 { // alice and bob already signed up from here
					body := credentialsBody("user"+strconv.Itoa(i)+"@example.com", "a long enough passphrase")
					if res := f.do(request{method: "POST", path: "/v1/accounts", body: body}); res.status != http.StatusCreated {
						t.Fatalf("sign-up %d: %d %s", i, res.status, res.body)
					}
				}
			},
			method: "POST", path: "/v1/accounts", body: credentialsBody("carol@example.com", "carol's passphrase"),
			wantStatus: 429, wantCode: "rate_limited",
			check: func(t *testing.T, f *fixture, res response) {
				if res.header.Get("Retry-After") == "" {
					t.Error("no Retry-After")
				}
			}},
		{name: "guessing the password through a session is rate limited",
			setup: func(t *testing.T, f *fixture) {
				for range account.EmailFailureLimit {
					res := f.do(request{method: "POST", path: "/v1/accounts/me/password", auth: f.auth("alice"),
						body: passwordBody("a wrong guess!", "new passphrase 123")})
					if res.status != http.StatusUnauthorized {
						t.Fatalf("wrong current password: %d %s", res.status, res.body)
					}
				}
			},
			method: "POST", path: "/v1/accounts/me/password", token: "alice",
			body: passwordBody(alicePassword, "new passphrase 123"), wantStatus: 429, wantCode: "rate_limited"},

		// Sessions.
		{name: "sign out", method: "DELETE", path: "/v1/sessions/current", token: "alice", wantStatus: 204, changes: true,
			check: func(t *testing.T, f *fixture, res response) {
				wantAuth(t, f, "alice", false)
				wantAuth(t, f, "alice2", true)
			}},
		{name: "sign out without a token", method: "DELETE", path: "/v1/sessions/current",
			wantStatus: 401, wantCode: "unauthenticated"},
		{name: "revoked token after sign-out", setup: signOut, method: "GET", path: "/v1/accounts/me", token: "alice",
			wantStatus: 401, wantCode: "unauthenticated"},
		{name: "sign out twice", setup: signOut, method: "DELETE", path: "/v1/sessions/current", token: "alice",
			wantStatus: 401, wantCode: "unauthenticated"},
		{name: "token just before it expires",
			setup:  func(t *testing.T, f *fixture) { f.clock.Advance(account.SessionLifetime - time.Second) },
			method: "GET", path: "/v1/accounts/me", token: "alice", wantStatus: 200},
		{name: "expired token",
			setup:  func(t *testing.T, f *fixture) { f.clock.Advance(account.SessionLifetime + time.Second) },
			method: "GET", path: "/v1/accounts/me", token: "alice", wantStatus: 401, wantCode: "unauthenticated"},
		{name: "forged token", method: "GET", path: "/v1/accounts/me", token: "forged",
			wantStatus: 401, wantCode: "unauthenticated"},
		{name: "garbage token", method: "GET", path: "/v1/accounts/me", token: "Bearer not-a-token",
			wantStatus: 401, wantCode: "unauthenticated"},
		{name: "basic auth instead of a token", method: "GET", path: "/v1/accounts/me", token: "Basic YWxpY2U6cGFzcw==",
			wantStatus: 401, wantCode: "unauthenticated"},
		{name: "missing Authorization", method: "GET", path: "/v1/accounts/me",
			wantStatus: 401, wantCode: "unauthenticated"},

		// Password change.
		{name: "change password", method: "POST", path: "/v1/accounts/me/password", token: "alice",
			body: passwordBody(alicePassword, newPassword), wantStatus: 204, changes: true,
			check: func(t *testing.T, f *fixture, res response) {
				wantAuth(t, f, "alice", true)
				wantAuth(t, f, "alice2", false)
				wantAuth(t, f, "bob", true)
				f.signIn("alice@example.com", newPassword)
				old := f.do(request{method: "POST", path: "/v1/sessions", body: aliceBody})
				if string(old.body) != invalidCredentialsBody {
					t.Errorf("the old password: %d %s", old.status, old.body)
				}
			}},
		{name: "change password by own id", method: "POST", path: "/v1/accounts/{alice}/password", token: "alice2",
			body: passwordBody(alicePassword, newPassword), wantStatus: 204, changes: true,
			check: func(t *testing.T, f *fixture, res response) {
				wantAuth(t, f, "alice2", true)
				wantAuth(t, f, "alice", false)
			}},
		{name: "change password with a wrong current password", method: "POST", path: "/v1/accounts/me/password",
			token: "alice", body: passwordBody("not her password", newPassword), wantStatus: 401, wantCode: "invalid_credentials"},
		{name: "change password to a weak one", method: "POST", path: "/v1/accounts/me/password", token: "alice",
			body: passwordBody(alicePassword, "short"), wantStatus: 422, wantCode: "weak_password"},
		{name: "change password without a token", method: "POST", path: "/v1/accounts/me/password",
			body: passwordBody(alicePassword, newPassword), wantStatus: 401, wantCode: "unauthenticated"},

		// Bodies.
		{name: "oversized body", method: "POST", path: "/v1/accounts", body: big, wantStatus: 413, wantCode: "body_too_large"},
		{name: "oversized chunked body", method: "POST", path: "/v1/accounts", body: big, chunked: true,
			wantStatus: 413, wantCode: "body_too_large"},
		{name: "malformed JSON", method: "POST", path: "/v1/sessions", body: `{"email": "alice@example.com",`,
			wantStatus: 400, wantCode: "malformed_json"},
		{name: "not JSON", method: "POST", path: "/v1/sessions", body: `email=alice@example.com`,
			wantStatus: 400, wantCode: "malformed_json"},
		{name: "empty body", method: "POST", path: "/v1/sessions", contentType: "application/json",
			wantStatus: 400, wantCode: "malformed_json"},
		{name: "trailing JSON value", method: "POST", path: "/v1/sessions", body: aliceBody + ` {"email": "bob@example.com"}`,
			wantStatus: 400, wantCode: "malformed_json"},
		{name: "trailing garbage", method: "POST", path: "/v1/accounts", body: credentialsBody("carol@example.com", "carol's passphrase") + `x`,
			wantStatus: 400, wantCode: "malformed_json"},
		{name: "unknown field", method: "POST", path: "/v1/accounts",
			body:       `{"email": "carol@example.com", "password": "carol's passphrase", "tier": "max"}`,
			wantStatus: 400, wantCode: "invalid_request"},
		{name: "wrong field type", method: "POST", path: "/v1/sessions", body: `{"email": 42, "password": "x"}`,
			wantStatus: 400, wantCode: "invalid_request"},
		{name: "array instead of object", method: "POST", path: "/v1/sessions", body: `[]`,
			wantStatus: 400, wantCode: "invalid_request"},
		{name: "wrong content type", method: "POST", path: "/v1/sessions", body: aliceBody, contentType: "text/plain",
			wantStatus: 415, wantCode: "unsupported_media_type"},
		{name: "no content type", method: "POST", path: "/v1/accounts", contentType: "none",
			body: credentialsBody("carol@example.com", "carol's passphrase"), wantStatus: 415, wantCode: "unsupported_media_type"},
		{name: "form content type", method: "POST", path: "/v1/accounts/me/password", token: "alice",
			contentType: "application/x-www-form-urlencoded", body: "currentPassword=x&newPassword=y",
			wantStatus: 415, wantCode: "unsupported_media_type"},
	})
}
