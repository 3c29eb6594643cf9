package api

import (
	"encoding/json"
	"net/http"
	"sync"
)

// The OpenAPI 3.0 document, written in Go so it is compiled with the server and shares
// its error codes and limits. The paths here are written by hand, not generated from the
// routes table: openapi_test.go checks the two against each other in both directions, so
// adding a route without documenting it (or the reverse) fails the build's tests instead
// of shipping a contract the server does not keep. The reusable schemas are in
// openapi_schemas.go.

// obj is a JSON object in the document.
type obj = map[string]any

// openAPIVersion is the OpenAPI version the document follows; 3.0 rather than 3.1 because
// more client generators accept it.
const openAPIVersion = "3.0.3"

// openAPIDocument is built and encoded once; json.Marshal sorts map keys, so the bytes are
// the same on every start and can be compared or cached by clients.
var openAPIDocument = sync.OnceValues(func() ([]byte, error) {
	return json.Marshal(openAPIDoc())
})

// openAPI: GET /v1/openapi.json.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	doc, err := openAPIDocument()
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, json.RawMessage(doc))
	return nil
}

func openAPIDoc() obj {
	return obj{
		"openapi": openAPIVersion,
		"info": obj{
			"title":   "Stable Audio account server",
			"version": "1.0.0",
			"description": "Accounts, sessions, plans, balances and the model price list for the Stable Audio " +
				"desktop app. Bodies are JSON (Content-Type: application/json, at most 65536 bytes, no unknown " +
				"fields); times are RFC 3339 in UTC. Every failure, including an unknown path (404) and a wrong " +
				"method (405), is answered with the Error schema; clients branch on error.code.",
		},
		"tags": []obj{
			{"name": "sessions", "description": "Sign up, sign in, sign out."},
			{"name": "account", "description": "The signed-in account's own data. {id} is the account id or \"me\"; " +
				"any other account's id is answered 404 not_found, exactly like an id that does not exist."},
			{"name": "billing", "description": "Plans bought through Stripe: Checkout and the portal open in the browser; " +
				"upgrades apply at once (prorated, tax included), downgrades at the renewal, cancellations at once. " +
				"Without a Stripe key on the server every billing route answers 503 billing_not_configured."},
			{"name": "jobs", "description": "Cloud generation: a job is debited when submitted (its model's price per track " +
				"× results) and refunded if it fails or is cancelled; its results are downloaded as WAV."},
			{"name": "service", "description": "Public information about the service."},
		},
		// Signed in by default; the public operations say security: [] themselves.
		"security":   []obj{{"bearerAuth": []string{}}},
		"paths":      openAPIPaths(),
		"components": openAPIComponents(),
	}
}

func openAPIPaths() obj {
	return obj{
		"/v1/accounts": obj{
			"post": operation("signUp", "sessions", "Create a Free account and sign in", true,
				nil, jsonBody("Credentials"),
				responses(obj{"201": jsonResponse("The new account and its session token.", "Session")},
					"BadRequest", "EmailTaken", "TooLarge", "UnsupportedMediaType", "Unprocessable")),
		},
		"/v1/sessions": obj{
			"post": operation("signIn", "sessions", "Sign in with email and password", true,
				nil, jsonBody("Credentials"),
				responses(obj{"200": jsonResponse("The account and a new session token.", "Session")},
					"BadRequest", "InvalidCredentials", "TooLarge", "UnsupportedMediaType", "RateLimited")),
		},
		"/v1/sessions/current": obj{
			"delete": operation("signOut", "sessions", "Sign out: revoke the session of the presented token", false,
				nil, nil, responses(obj{"204": obj{"description": "Signed out."}}, "Unauthenticated")),
		},
		"/v1/accounts/{id}": obj{
			"get": operation("getAccount", "account", "The account", false,
				[]obj{paramRef("AccountID")}, nil,
				responses(obj{"200": jsonResponse("The account.", "Account")}, "Unauthenticated", "NotFound")),
		},
		"/v1/accounts/{id}/password": obj{
			"post": operation("changePassword", "account",
				"Change the password; every other session of the account is signed out", false,
				[]obj{paramRef("AccountID")}, jsonBody("PasswordChange"),
				responses(obj{"204": obj{"description": "Changed; this session stays signed in."}},
					"BadRequest", "PasswordRejected", "NotFound", "TooLarge", "UnsupportedMediaType", "Unprocessable")),
		},
		"/v1/accounts/{id}/plan": obj{
			"get": operation("getPlan", "account", "The account's plan, with limits staff set applied", false,
				[]obj{paramRef("AccountID")}, nil,
				responses(obj{"200": jsonResponse("The effective plan.", "Plan")}, "Unauthenticated", "NotFound")),
		},
		"/v1/accounts/{id}/balance": obj{
			"get": operation("getBalance", "account", "What is left of this period's allowance", false,
				[]obj{paramRef("AccountID")}, nil,
				responses(obj{"200": jsonResponse("The balance.", "Balance")}, "Unauthenticated", "NotFound")),
		},
		"/v1/accounts/{id}/ledger": obj{
			"get": operation("getLedger", "account", "The account's ledger entries, newest first", false,
				[]obj{paramRef("AccountID"), paramRef("Before"), paramRef("Limit")}, nil,
				responses(obj{"200": jsonResponse("One page of entries.", "LedgerPage")},
					"BadRequest", "Unauthenticated", "NotFound")),
		},
		"/v1/accounts/{id}/uploads": obj{
			"post": operation("postUpload", "account",
				"Upload a recording for audio to audio: cropped to the tier, charged to the month's upload time, "+
					"scanned against the catalog of protected recordings (a match is deleted at once and still counts)", false,
				[]obj{paramRef("AccountID"), paramRef("UploadSeconds"), paramRef("UploadName"), paramRef("IdempotencyKey")},
				obj{"required": true, "description": "The audio file: WAV, AIFF, FLAC or MP3.",
					"content": obj{"application/octet-stream": obj{"schema": obj{"type": "string", "format": "binary"}}}},
				responses(obj{"201": jsonResponse("What became of the upload: stored, or matched and deleted.", "Upload")},
					"BadRequest", "Unauthenticated", "NoUploadTime", "NotFound", "UploadTooLarge", "BadUpload")),
		},
		"/v1/accounts/{id}/billing": obj{
			"get": operation("getBilling", "billing", "The plan, renewal, scheduled change, payment problem, offers and refund requests", false,
				[]obj{paramRef("AccountID")}, nil,
				responses(obj{"200": jsonResponse("The account's billing.", "Billing")}, "Unauthenticated", "NotFound")),
		},
		"/v1/accounts/{id}/billing/checkout": obj{
			"post": operation("postCheckout", "billing", "A Stripe Checkout page subscribing to a tier, tax worked out there", false,
				[]obj{paramRef("AccountID"), paramRef("BillingKey")}, jsonBody("TierRequest"),
				responses(obj{"200": jsonResponse("The page to open.", "URL")},
					"BadRequest", "TooLarge", "UnsupportedMediaType", "Unauthenticated", "NotFound", "BillingConflict", "BadPlanChange", "PaymentProvider")),
		},
		"/v1/accounts/{id}/billing/portal": obj{
			"post": operation("postPortal", "billing", "Stripe's customer portal: cards, invoices, billing address", false,
				[]obj{paramRef("AccountID"), paramRef("BillingKey")}, nil,
				responses(obj{"200": jsonResponse("The page to open.", "URL")}, "BadRequest", "Unauthenticated", "NotFound", "PaymentProvider")),
		},
		"/v1/accounts/{id}/billing/upgrade": obj{
			"get": operation("previewUpgrade", "billing", "What upgrading to a tier would charge now", false,
				[]obj{paramRef("AccountID"), paramRef("Tier")}, nil,
				responses(obj{"200": jsonResponse("The prorated charge.", "UpgradePreview")},
					"Unauthenticated", "NotFound", "BillingConflict", "BadPlanChange", "PaymentProvider")),
			"post": operation("postUpgrade", "billing", "Upgrade now: the prorated difference is charged and the allowance topped up", false,
				[]obj{paramRef("AccountID"), paramRef("BillingKey")}, jsonBody("TierRequest"),
				responses(obj{"200": jsonResponse("The account's billing after the upgrade, with what was charged.", "Billing")},
					"BadRequest", "TooLarge", "UnsupportedMediaType", "Unauthenticated", "PaymentFailed", "NotFound", "BillingConflict", "BadPlanChange", "PaymentProvider")),
		},
		"/v1/accounts/{id}/billing/downgrade": obj{
			"post": operation("postDowngrade", "billing", "Downgrade at the next renewal", false,
				[]obj{paramRef("AccountID"), paramRef("BillingKey")}, jsonBody("TierRequest"),
				responses(obj{"200": jsonResponse("The account's billing, with the scheduled change.", "Billing")},
					"BadRequest", "TooLarge", "UnsupportedMediaType", "Unauthenticated", "NotFound", "BillingConflict", "BadPlanChange", "PaymentProvider")),
		},
		"/v1/accounts/{id}/billing/cancel": obj{
			"post": operation("postCancel", "billing", "Cancel now: Free at once, the rest of the paid allowance forfeited", false,
				[]obj{paramRef("AccountID"), paramRef("BillingKey")}, nil,
				responses(obj{"200": jsonResponse("The account's billing after cancelling.", "Billing")},
					"BadRequest", "Unauthenticated", "NotFound", "BillingConflict", "PaymentProvider")),
		},
		"/v1/accounts/{id}/billing/refunds": obj{
			"post": operation("postRefund", "billing",
				"Ask for this period's payments back: granted at once within 48 h of the charge with under 2% of the credits used, else queued for staff", false,
				[]obj{paramRef("AccountID"), paramRef("BillingKey")}, jsonBody("RefundRequest"),
				responses(obj{"200": jsonResponse("The request and where it stands.", "Refund")},
					"BadRequest", "TooLarge", "UnsupportedMediaType", "Unauthenticated", "NotFound", "BillingConflict", "PaymentProvider")),
		},
		"/v1/stripe/webhook": obj{
			"post": operation("stripeWebhook", "billing", "Stripe's events, checked by their signature and applied once", true,
				[]obj{{"name": "Stripe-Signature", "in": "header", "required": true, "schema": obj{"type": "string"}}},
				// The raw bytes are what the signature covers; Stripe sends them with this type.
				obj{"required": true, "content": obj{"application/json; charset=utf-8": obj{"schema": obj{"type": "object"}}}},
				responses(obj{"200": jsonResponse("Applied, or applied before.", "Received")}, "BadSignature", "TooLarge", "PaymentProvider")),
		},
		"/v1/billing/return": obj{
			"get": operation("billingReturn", "billing", "Where the browser lands after Checkout or the portal", true, nil, nil,
				responses(obj{"200": obj{"description": "A page saying the user can go back to the app.",
					"content": obj{"text/html": obj{"schema": obj{"type": "string"}}}}})),
		},
		"/v1/accounts/{id}/jobs": obj{
			"post": operation("postJob", "jobs", "Submit a cloud generation job, debiting its price", false,
				[]obj{paramRef("AccountID"), paramRef("JobKey")}, jsonBody("JobRequest"),
				responses(obj{"202": jsonResponse("The job, queued (or the one this key made before).", "Job")},
					"BadRequest", "Unauthenticated", "NoCredits", "NotFound", "TooLarge", "UnsupportedMediaType", "BadJob")),
		},
		"/v1/accounts/{id}/jobs/{job}": obj{
			"get": operation("getJob", "jobs", "A job: status, progress and results", false,
				[]obj{paramRef("AccountID"), paramRef("JobID")}, nil,
				responses(obj{"200": jsonResponse("The job.", "Job")}, "Unauthenticated", "NotFound")),
		},
		"/v1/accounts/{id}/jobs/{job}/events": obj{
			"get": operation("jobEvents", "jobs", "The job's progress as server-sent events, until it ends", false,
				[]obj{paramRef("AccountID"), paramRef("JobID")}, nil,
				responses(obj{"200": obj{"description": "A \"job\" event (the Job, as JSON) now and at every change of status or progress; the stream ends after the final status.",
					"content": obj{"text/event-stream": obj{"schema": obj{"type": "string"}}}}}, "Unauthenticated", "NotFound")),
		},
		"/v1/accounts/{id}/jobs/{job}/cancel": obj{
			"post": operation("cancelJob", "jobs", "Cancel a job; its credits come back", false,
				[]obj{paramRef("AccountID"), paramRef("JobID")}, nil,
				responses(obj{"200": jsonResponse("The job after cancelling.", "Job")}, "Unauthenticated", "NotFound", "JobFinished")),
		},
		"/v1/accounts/{id}/jobs/{job}/results/{n}": obj{
			"get": operation("getJobResult", "jobs", "A result's audio", false,
				[]obj{paramRef("AccountID"), paramRef("JobID"), {"name": "n", "in": "path", "required": true, "schema": obj{"type": "integer", "minimum": 1}},
					{"name": "format", "in": "query", "required": false, "schema": enum("wav", "flac", "mp3")}}, nil,
				responses(obj{"200": obj{"description": "24-bit WAV (the default), 24-bit FLAC, or 320 kb/s MP3.", "content": obj{
					"audio/wav":  obj{"schema": obj{"type": "string", "format": "binary"}},
					"audio/flac": obj{"schema": obj{"type": "string", "format": "binary"}},
					"audio/mpeg": obj{"schema": obj{"type": "string", "format": "binary"}}}}},
					"BadRequest", "Unauthenticated", "NotFound", "NoEncoder")),
		},
		"/v1/accounts/{id}/jobs/{job}/results/{n}/license": obj{
			"get": operation("getJobLicense", "jobs", "A result's signed license certificate", false,
				[]obj{paramRef("AccountID"), paramRef("JobID"), {"name": "n", "in": "path", "required": true, "schema": obj{"type": "integer", "minimum": 1}},
					{"name": "format", "in": "query", "required": false, "schema": enum("json", "html")}}, nil,
				responses(obj{"200": obj{"description": "The certificate: JSON to keep and verify, or a readable HTML page.",
					"content": obj{"application/json": obj{"schema": schemaRef("SignedLicense")}, "text/html": obj{"schema": obj{"type": "string"}}}}},
					"BadRequest", "Unauthenticated", "NotFound")),
		},
		"/v1/models": obj{
			"get": operation("listModels", "service", "Model versions and their price per generated track", true,
				nil, nil, responses(obj{"200": jsonResponse("The price list, oldest version first.", "ModelList")})),
		},
		"/v1/openapi.json": obj{
			"get": operation("getOpenAPI", "service", "This document", true, nil, nil,
				responses(obj{"200": obj{"description": "The OpenAPI document.",
					"content": obj{"application/json": obj{"schema": obj{"type": "object"}}}}})),
		},
		"/v1/health": obj{
			"get": operation("health", "service", "Whether the server answers requests", true, nil, nil,
				responses(obj{"200": jsonResponse("The server is up.", "Health")})),
		},
	}
}

// operation describes one route. public operations need no session (security: []).
func operation(id, tag, summary string, public bool, params []obj, body obj, resp obj) obj {
	op := obj{"operationId": id, "tags": []string{tag}, "summary": summary, "responses": resp}
	if public {
		op["security"] = []obj{}
	}
	if params != nil {
		op["parameters"] = params
	}
	if body != nil {
		op["requestBody"] = body
	}
	return op
}

// responses adds the shared error responses named in errs, plus the two any operation can
// answer (internal, unavailable), to an operation's success responses.
func responses(ok obj, errs ...string) obj {
	for _, name := range append(errs, "Internal", "Unavailable") {
		ok[errorResponses[name].status] = obj{"$ref": "#/components/responses/" + name}
	}
	return ok
}

func jsonBody(schema string) obj {
	return obj{"required": true, "content": obj{"application/json": obj{"schema": schemaRef(schema)}}}
}

func jsonResponse(description, schema string) obj {
	return obj{"description": description, "content": obj{"application/json": obj{"schema": schemaRef(schema)}}}
}

func schemaRef(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

func paramRef(name string) obj { return obj{"$ref": "#/components/parameters/" + name} }
