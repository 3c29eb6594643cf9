package api

import (
	"net/http"

	"stableaudio/backend/jobs"
)

// The public, unauthenticated endpoints that describe the service rather than an account:
// the model price list and the health check. (The OpenAPI document is in openapi.go.)

// modelJSON is one row of the price list: what one generated track of a model version
// costs in cloud credits. Local generation is free and not listed.
type modelJSON struct {
	Version string `json:"version"`
	Credits int64  `json:"credits"`
}

type modelList struct {
	Models []modelJSON `json:"models"`
	// The limits of one cloud job, whatever the model.
	MaxSeconds int `json:"maxSeconds"`
	MaxResults int `json:"maxResults"`
}

// listModels: GET /v1/models. The list comes from the plan file the server runs with, so
// the app shows the prices the ledger will charge, oldest version first.
func (s *Server) listModels(w http.ResponseWriter, r *http.Request) error {
	prices := s.plans.Prices()
	out := modelList{Models: make([]modelJSON, 0, len(prices)), MaxSeconds: jobs.MaxSeconds, MaxResults: jobs.MaxResults}
	for _, p := range prices {
		out.Models = append(out.Models, modelJSON{Version: p.Model, Credits: p.Credits})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type healthJSON struct {
	OK bool `json:"ok"`
}

// health: GET /v1/health. It says the process serves requests and nothing more: it does
// not touch the database, so a load balancer probing it cannot add load to a struggling
// database, and it reveals nothing about the deployment.
func (s *Server) health(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, healthJSON{OK: true})
	return nil
}
