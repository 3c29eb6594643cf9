package cloud

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// JobRequest is a cloud generation job.
type JobRequest struct {
	Prompt   string  `json:"prompt"`
	Negative string  `json:"negative"`
	Model    string  `json:"model"`
	Seconds  float64 `json:"seconds"`
	Seed     *int64  `json:"seed"`
	Results  int     `json:"results"`
}

// Job is a cloud job as the server reports it.
type Job struct {
	ID       string      `json:"id"`
	Status   string      `json:"status"` // queued, running, done, failed, cancelled
	Progress float64     `json:"progress"`
	Price    int64       `json:"price"`
	Error    string      `json:"error"`
	Results  []JobResult `json:"results"`
}

// JobResult is one track a job made; URL is its audio, from the server's root.
type JobResult struct {
	N       int     `json:"n"`
	Seed    int64   `json:"seed"`
	Seconds float64 `json:"seconds"`
	SHA256  string  `json:"sha256"`
	URL     string  `json:"url"`
}

// ModelPrice is what one cloud track of a model version costs.
type ModelPrice struct {
	Version string `json:"version"`
	Credits int64  `json:"credits"`
}

// SubmitJob queues a job, debiting its price; the same key is the same job.
func (c *Client) SubmitJob(ctx context.Context, key string, req JobRequest) (Job, error) {
	var j Job
	err := c.doKeyed(ctx, http.MethodPost, "/accounts/me/jobs", key, req, &j)
	return j, err
}

// Job reads a job.
func (c *Client) Job(ctx context.Context, id string) (Job, error) {
	var j Job
	err := c.do(ctx, http.MethodGet, "/accounts/me/jobs/"+id, nil, &j)
	return j, err
}

// CancelJob stops a job; its credits come back.
func (c *Client) CancelJob(ctx context.Context, id string) (Job, error) {
	var j Job
	err := c.do(ctx, http.MethodPost, "/accounts/me/jobs/"+id+"/cancel", nil, &j)
	return j, err
}

// Models lists the cloud price of each model version.
func (c *Client) Models(ctx context.Context) ([]ModelPrice, error) {
	var out struct {
		Models []ModelPrice `json:"models"`
	}
	err := c.do(ctx, http.MethodGet, "/models", nil, &out)
	return out.Models, err
}

// Fetch downloads a path of the server (a result's audio or certificate, as its URL says).
func (c *Client) Fetch(ctx context.Context, path string) ([]byte, error) {
	root := strings.TrimSuffix(c.base, "/v1")
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, root+path, nil)
	if err != nil {
		return nil, err
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.uploads.Do(req)
	if err != nil {
		return nil, fmt.Errorf("account server unreachable: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, &Error{Status: res.StatusCode, Code: fmt.Sprintf("http_%d", res.StatusCode), Message: "download failed: " + res.Status}
	}
	return io.ReadAll(res.Body)
}
