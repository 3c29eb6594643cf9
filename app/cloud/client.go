// Package cloud is the desktop app's client of the account server's HTTP API: signing in,
// reading the plan and balance the app shows, uploading recordings, and billing
// (billing.go).
package cloud

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Client talks to one account server as one signed-in account.
type Client struct {
	base  string // e.g. http://127.0.0.1:8787/v1
	http  *http.Client
	token string
	// uploads has no timeout of its own: fifty megabytes take minutes on a slow line,
	// so the caller's context bounds an upload.
	uploads *http.Client
}

// New returns a client of the server at base (its /v1 URL).
func New(base string) *Client {
	return &Client{base: strings.TrimSuffix(base, "/"), http: &http.Client{Timeout: 30 * time.Second}, uploads: &http.Client{}}
}

// BaseURL is the /v1 address of the server the client talks to.
func (c *Client) BaseURL() string { return c.base }

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

// Upload is what became of an uploaded recording.
type Upload struct {
	ID                string       `json:"id"`
	Name              string       `json:"name"`
	Status            string       `json:"status"` // "stored", or "matched" (deleted)
	Seconds           float64      `json:"seconds"`
	ChargedSeconds    int64        `json:"chargedSeconds"`
	Match             *UploadMatch `json:"match"`
	Message           string       `json:"message"` // for the user, as it is
	UploadSecondsLeft int64        `json:"uploadSecondsLeft"`
}

// UploadMatch is the catalog recording an upload copies.
type UploadMatch struct {
	Title      string  `json:"title"`
	Offset     float64 `json:"offset"`
	Confidence float64 `json:"confidence"`
}

// Upload sends a recording, in any format the server reads, to the account. seconds is
// its length after the plan's crop, which the server checks against the month's upload
// time before it stores a byte (and measures again); the same key on a retry is charged
// once.
func (c *Client) Upload(ctx context.Context, name string, seconds float64, key string, audio io.Reader) (Upload, error) {
	q := url.Values{"seconds": {strconv.FormatFloat(seconds, 'f', 3, 64)}, "name": {name}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/accounts/me/uploads?"+q.Encode(), audio)
	if err != nil {
		return Upload{}, err
	}
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("Idempotency-Key", key)
	var up Upload
	err = c.send(c.uploads, req, &up)
	return up, err
}

// do sends one JSON request and decodes the answer into out (when not nil).
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	return c.doKeyed(ctx, method, path, "", in, out)
}

// doKeyed is do with an Idempotency-Key (when not ""): a retry with the same key is the
// same operation on the server.
func (c *Client) doKeyed(ctx context.Context, method, path, key string, in, out any) error {
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
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	return c.send(c.http, req, out)
}

// send signs req, sends it with hc and decodes the JSON answer into out (when not nil).
func (c *Client) send(hc *http.Client, req *http.Request, out any) error {
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := hc.Do(req)
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
