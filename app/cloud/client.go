// Package cloud is the desktop app's client of the account server's HTTP API: signing in,
// and reading the plan and balance the app shows.
package cloud

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Client talks to one account server as one signed-in account.
type Client struct {
	base  string // e.g. http://127.0.0.1:8787/v1
	http  *http.Client
	token string
}

// New returns a client of the server at base (its /v1 URL).
func New(base string) *Client {
	return &Client{base: strings.TrimSuffix(base, "/"), http: &http.Client{Timeout: 30 * time.Second}}
}

// Error is an answer of the server other than success: its stable code and message.
type Error struct {
	Status  int
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return fmt.Sprintf("account server: %s (%s)", e.Message, e.Code) }

// Credentials are an email and password.
type Credentials struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type session struct {
	Token   string `json:"token"`
	Account struct {
		ID    string `json:"id"`
		Email string `json:"email"`
	} `json:"account"`
}

// SignUp creates an account and signs in as it.
func (c *Client) SignUp(ctx context.Context, cred Credentials) error {
	var s session
	if err := c.do(ctx, http.MethodPost, "/accounts", cred, &s); err != nil {
		return err
	}
	c.token = s.Token
	return nil
}

// SignIn signs in to an existing account.
func (c *Client) SignIn(ctx context.Context, cred Credentials) error {
	var s session
	if err := c.do(ctx, http.MethodPost, "/sessions", cred, &s); err != nil {
		return err
	}
	c.token = s.Token
	return nil
}

// Plan is the signed-in account's plan and allowance.
type Plan struct {
	Tier           string `json:"tier"`
	Name           string `json:"name"`
	MonthlyCredits int64  `json:"monthlyCredits"`
	UploadSeconds  int64  `json:"uploadSeconds"`
	CropSeconds    int64  `json:"cropSeconds"`
	License        string `json:"license"`
	Commercial     bool   `json:"commercial"`
}

// Plan reads the account's plan.
func (c *Client) Plan(ctx context.Context) (Plan, error) {
	var p Plan
	err := c.do(ctx, http.MethodGet, "/accounts/me/plan", nil, &p)
	return p, err
}

// Balance is what is left of the account's allowance this period.
type Balance struct {
	Credits           int64     `json:"credits"`
	UploadSecondsLeft int64     `json:"uploadSecondsLeft"`
	PeriodStart       time.Time `json:"periodStart"`
	RenewsAt          time.Time `json:"renewsAt"`
}

// Balance reads the account's balance.
func (c *Client) Balance(ctx context.Context) (Balance, error) {
	var b Balance
	err := c.do(ctx, http.MethodGet, "/accounts/me/balance", nil, &b)
	return b, err
}

// do sends one JSON request and decodes the answer into out (when not nil).
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("account server unreachable: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		var wrapper struct {
			Error Error `json:"error"`
		}
		if json.Unmarshal(data, &wrapper) != nil || wrapper.Error.Code == "" {
			return &Error{Status: resp.StatusCode, Code: "http_" + fmt.Sprint(resp.StatusCode), Message: resp.Status}
		}
		wrapper.Error.Status = resp.StatusCode
		return &wrapper.Error
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("account server answered unreadable JSON: %w", err)
		}
	}
	return nil
}
