package api

import (
	"slices"
	"strconv"

	"stableaudio/backend/account"
	"stableaudio/backend/billing"
	"stableaudio/backend/jobs"
	"stableaudio/backend/ledger"
	"stableaudio/backend/plan"
	"stableaudio/backend/upload"
)

// The components of the OpenAPI document: schemas of the JSON the handlers read and write,
// the shared error responses, parameters and the bearer security scheme. Each schema
// mirrors a Go type of this package (named in its comment); openapi_test.go decodes real
// responses and checks their fields against these schemas.

// errorResponse is a shared error response: the status it is answered with and when.
type errorResponse struct {
	status      string
	description string
}

var errorResponses = map[string]errorResponse{
	"BadRequest":           {"400", "malformed_json: the body is not one JSON value. invalid_request: an unknown or mistyped field, or a bad query parameter."},
	"Unauthenticated":      {"401", "unauthenticated: no Authorization: Bearer token, or one that is unknown, expired or revoked."},
	"InvalidCredentials":   {"401", "invalid_credentials: wrong email or password (the answer does not say which)."},
	"PasswordRejected":     {"401", "unauthenticated (see above), or invalid_credentials when currentPassword is wrong."},
	"NotFound":             {"404", "not_found: no such account, or an account that is not the caller's."},
	"EmailTaken":           {"409", "email_taken: an account already uses this email address."},
	"TooLarge":             {"413", "body_too_large: the body is over " + strconv.Itoa(MaxBodyBytes) + " bytes."},
	"UnsupportedMediaType": {"415", "unsupported_media_type: the body is not sent as application/json."},
	"Unprocessable":        {"422", "bad_email or weak_password: the message says what to fix."},
	"NoUploadTime":         {"402", "insufficient_upload_seconds: the upload is longer (after cropping) than this month's upload time left."},
	"UploadTooLarge":       {"413", "body_too_large: the audio is over " + strconv.Itoa(upload.DefaultMaxBytes>>20) + " MB."},
	"BadUpload":            {"422", "bad_upload: the body is not audio in a supported format, or is damaged; the message says why."},
	"RateLimited":          {"429", "rate_limited: too many failed sign-ins for this email or from this address."},
	"Internal":             {"500", "internal: a server fault; the message is generic and the detail is logged."},
	"Unavailable":          {"503", "unavailable: the server is overloaded or the request timed out; try again. billing_not_configured: a billing route on a server without a Stripe key."},
	"BadSignature":         {"400", "bad_signature: the Stripe-Signature header is missing, does not match the body, or is older than 5 minutes. Nothing was applied."},
	"BillingConflict":      {"409", "no_subscription, already_subscribed, or nothing_to_refund: the account's subscription does not allow this; the message says why."},
	"PaymentFailed":        {"402", "payment_failed: the card was declined; nothing changed."},
	"BadPlanChange":        {"422", "bad_plan_change or unknown_tier: not a tier sold by subscription, or not above (upgrade) or below (downgrade) the current one."},
	"NoCredits":            {"402", "insufficient_credits: the job costs more credits than are left this period."},
	"BadJob":               {"422", "bad_job or unknown_model: the request breaks a limit (prompt, seconds, results, strength, steps) or names no model; the message says which."},
	"JobFinished":          {"409", "job_finished: the job has already ended."},
	"NoEncoder":            {"501", "no_encoder: MP3 needs LAME on the server, which this one does not have."},
	"PaymentProvider":      {"502", "payment_provider: Stripe could not be reached or refused the request; try again."},
}

func openAPIComponents() obj {
	resps := obj{}
	for name, er := range errorResponses {
		r := obj{"description": er.description,
			"content": obj{"application/json": obj{"schema": schemaRef("Error")}}}
		switch name {
		case "RateLimited":
			r["headers"] = obj{"Retry-After": obj{"description": "Seconds to wait before trying again.",
				"schema": obj{"type": "integer", "minimum": 1}}}
		case "Unauthenticated", "InvalidCredentials", "PasswordRejected":
			r["headers"] = obj{"WWW-Authenticate": obj{"schema": obj{"type": "string"}}}
		}
		resps[name] = r
	}
	return obj{
		"securitySchemes": obj{"bearerAuth": obj{"type": "http", "scheme": "bearer",
			"description": "The token from sign-up or sign-in: Authorization: Bearer " + account.TokenPrefix + "…"}},
		"parameters": obj{
			"AccountID": obj{"name": "id", "in": "path", "required": true, "schema": obj{"type": "string"},
				"description": "The caller's account id, or \"me\"."},
			"Before": obj{"name": "before", "in": "query", "required": false,
				"schema":      obj{"type": "integer", "format": "int64", "minimum": 1},
				"description": "Only entries older than this seq: the next value of the previous page."},
			"Limit": obj{"name": "limit", "in": "query", "required": false,
				"schema": obj{"type": "integer", "minimum": 1, "maximum": maxLedgerLimit, "default": defaultLedgerLimit}},
			"UploadSeconds": obj{"name": "seconds", "in": "query", "required": true,
				"schema":      obj{"type": "number", "exclusiveMinimum": true, "minimum": 0, "maximum": maxDeclaredSeconds},
				"description": "The audio's length after the client cropped it to the tier, for the allowance check before any byte is stored."},
			"UploadName": obj{"name": "name", "in": "query", "required": false, "schema": obj{"type": "string"},
				"description": "The file's name, for display."},
			"IdempotencyKey": obj{"name": "Idempotency-Key", "in": "header", "required": true, "schema": obj{"type": "string", "maxLength": 200},
				"description": "Chosen by the client, the same for every retry of one upload: a retry gets the first answer and is charged once."},
			"BillingKey": obj{"name": "Idempotency-Key", "in": "header", "required": true, "schema": obj{"type": "string", "maxLength": 200},
				"description": "Chosen by the client, the same for every retry of one operation: Stripe is asked once."},
			"Tier":  obj{"name": "tier", "in": "query", "required": true, "schema": schemaRef("Tier")},
			"JobID": obj{"name": "job", "in": "path", "required": true, "schema": obj{"type": "string"}},
			"JobKey": obj{"name": "Idempotency-Key", "in": "header", "required": true, "schema": obj{"type": "string", "maxLength": 200},
				"description": "Chosen by the client, the same for every retry of one submission: a retry gets the same job and is debited once."},
		},
		"responses": resps,
		"schemas":   openAPISchemas(),
	}
}

func openAPISchemas() obj {
	return obj{
		// errorBody
		"Error": object(obj{
			"error": object(obj{
				"code":    obj{"type": "string", "enum": errorCodes(), "description": "Stable; branch on it."},
				"message": obj{"type": "string", "description": "For people; may change."},
			}),
		}),
		// credentials
		"Credentials": object(obj{
			"email": obj{"type": "string", "format": "email", "maxLength": account.MaxEmailBytes},
			"password": obj{"type": "string", "format": "password", "description": "At sign-up at least " +
				strconv.Itoa(account.MinPasswordChars) + " characters and at most " + strconv.Itoa(account.MaxPasswordBytes) + " bytes."},
		}),
		// passwordChange
		"PasswordChange": object(obj{
			"currentPassword": obj{"type": "string", "format": "password"},
			"newPassword":     obj{"type": "string", "format": "password", "minLength": account.MinPasswordChars},
		}),
		// session
		"Session": object(obj{"account": schemaRef("Account"), "token": obj{"type": "string"}}),
		// accountJSON
		"Account": object(obj{
			"id":        obj{"type": "string"},
			"email":     obj{"type": "string", "format": "email"},
			"tier":      schemaRef("Tier"),
			"createdAt": dateTime(),
			"limits": object(obj{
				"monthlyCredits": obj{"type": "integer", "format": "int64", "nullable": true},
				"uploadSeconds":  obj{"type": "integer", "format": "int64", "nullable": true},
			}),
		}),
		"Tier": enum(plan.TierFree, plan.TierPro, plan.TierStudio, plan.TierMax, plan.TierEnterprise),
		// planJSON
		"Plan": object(obj{
			"tier":           schemaRef("Tier"),
			"name":           obj{"type": "string"},
			"monthlyCredits": int64Schema(),
			"uploadSeconds":  int64Schema(),
			"cropSeconds":    int64Schema(),
			"license":        enum(plan.LicensePersonal, plan.LicenseCreator, plan.LicenseEnterprise),
			"commercial":     obj{"type": "boolean"},
			"paid":           obj{"type": "boolean"},
		}),
		// balanceJSON
		"Balance": object(obj{
			"credits":           int64Schema(),
			"uploadSecondsLeft": int64Schema(),
			"periodStart":       dateTime(),
			"periodEnd":         dateTime(),
			"renewsAt":          dateTime(),
		}),
		// entryJSON
		"LedgerEntry": object(obj{
			"seq":         int64Schema(),
			"asset":       enum(ledger.Assets...),
			"kind":        enum(ledger.Grant, ledger.Debit, ledger.Refund, ledger.Expiry),
			"amount":      obj{"type": "integer", "format": "int64", "description": "Signed: grants and refunds add."},
			"reference":   obj{"type": "string"},
			"periodStart": dateTime(),
			"createdAt":   dateTime(),
		}),
		// ledgerPage
		"LedgerPage": object(obj{
			"entries": obj{"type": "array", "items": schemaRef("LedgerEntry")},
			"next": obj{"type": "integer", "format": "int64", "nullable": true,
				"description": "The before= value for the next page; null on the last page."},
		}),
		// modelList, modelJSON
		"ModelList": object(obj{"models": obj{"type": "array", "items": object(obj{
			"version": obj{"type": "string"},
			"credits": obj{"type": "integer", "format": "int64", "description": "Per generated track."},
		})},
			"maxSeconds": obj{"type": "integer", "description": "The longest track a cloud job makes, in seconds."},
			"maxResults": obj{"type": "integer", "description": "The most results one job asks for."}}),
		// healthJSON
		"Health": object(obj{"ok": obj{"type": "boolean"}}),
		// billingJSON, offerJSON, chargedJSON
		"Billing": object(obj{
			"tier":              schemaRef("Tier"),
			"planName":          obj{"type": "string"},
			"status":            obj{"type": "string", "description": "\"free\", or the subscription's status in Stripe: active, past_due (a payment failed; Stripe retries and the plan is kept)."},
			"credits":           int64Schema(),
			"uploadSecondsLeft": int64Schema(),
			"periodStart":       dateTime(),
			"renewsAt":          dateTime(),
			"scheduledTier":     obj{"nullable": true, "allOf": []obj{schemaRef("Tier")}, "description": "A downgrade waiting for the renewal."},
			"scheduledAt":       obj{"type": "string", "format": "date-time", "nullable": true},
			"paymentProblem":    obj{"type": "string", "description": "Set while a renewal payment is failing: what to tell the user."},
			"offers": obj{"type": "array", "items": object(obj{
				"tier": schemaRef("Tier"), "name": obj{"type": "string"},
				"monthlyPrice":   obj{"type": "integer", "format": "int64", "description": "Before tax, in the currency's smallest unit."},
				"currency":       obj{"type": "string"},
				"monthlyCredits": int64Schema(), "uploadSeconds": int64Schema(),
			})},
			"refunds": obj{"type": "array", "items": schemaRef("Refund")},
			"charged": obj{"nullable": true, "allOf": []obj{object(obj{"amount": int64Schema(), "currency": obj{"type": "string"}})},
				"description": "What the change just made charged, tax included (an upgrade's prorated difference)."},
		}),
		// refundJSON
		"Refund": object(obj{
			"id":           obj{"type": "string"},
			"status":       enum(billing.RefundQueued, billing.RefundApproved, billing.RefundRefunded, billing.RefundDeclined),
			"requestedAt":  dateTime(),
			"paid":         int64Schema(),
			"refundAmount": int64Schema(),
			"currency":     obj{"type": "string"},
			"message":      obj{"type": "string", "description": "Where the request stands, for the user."},
		}),
		// previewJSON
		"UpgradePreview": object(obj{
			"tier": schemaRef("Tier"), "amount": int64Schema(), "tax": int64Schema(), "total": int64Schema(),
			"currency":      obj{"type": "string"},
			"prorationDate": obj{"type": "string", "format": "date-time", "description": "Send it with the upgrade to be charged exactly this."},
			"renewsAt":      dateTime(),
		}),
		// urlJSON
		"URL": object(obj{"url": obj{"type": "string", "format": "uri", "description": "Open it in the browser."}}),
		// receivedJSON
		"Received": object(obj{"received": obj{"type": "boolean"}}),
		// jobRequestJSON
		"JobRequest": object(obj{
			"prompt":   obj{"type": "string"},
			"negative": obj{"type": "string", "description": "What the result should not have."},
			"model":    obj{"type": "string", "description": "A version from /v1/models."},
			"seconds":  obj{"type": "number", "minimum": 1, "maximum": jobs.MaxSeconds},
			"seed":     obj{"type": "integer", "format": "int64", "nullable": true, "description": "null: the server draws a seed never used for this account."},
			"steps":    obj{"type": "integer", "minimum": 0, "maximum": 500, "description": "0: the model's own."},
			"strength": obj{"type": "number", "minimum": 0, "maximum": 1, "description": "With input: how much of it the result follows."},
			"results":  obj{"type": "integer", "minimum": 1, "maximum": jobs.MaxResults},
			"input":    obj{"type": "string", "description": "Audio to audio: the id of one of the account's kept uploads; \"\" for text to audio."},
		}),
		// jobJSON, jobResultJSON
		"Job": object(obj{
			"id":         obj{"type": "string"},
			"status":     enum(jobs.Queued, jobs.Running, jobs.Done, jobs.Failed, jobs.Cancelled),
			"progress":   obj{"type": "number", "minimum": 0, "maximum": 1},
			"price":      obj{"type": "integer", "format": "int64", "description": "Credits debited; failed and cancelled jobs give them back."},
			"error":      obj{"type": "string"},
			"request":    schemaRef("JobRequest"),
			"createdAt":  dateTime(),
			"finishedAt": obj{"type": "string", "format": "date-time", "nullable": true},
			"results": obj{"type": "array", "items": object(obj{
				"n": obj{"type": "integer"}, "seed": int64Schema(), "seconds": obj{"type": "number"},
				"sha256": obj{"type": "string"}, "url": obj{"type": "string", "description": "The audio, from the server's root."},
			})},
		}),
		// license.Signed
		"SignedLicense": object(obj{
			"certificate": obj{"type": "object", "description": "Exactly the bytes signed: trackId, audioSha256, accountId, tier, license, commercial, mauLimit, model, issuedAt, keyId."},
			"signature":   obj{"type": "string", "description": "Base64 Ed25519 signature of the certificate's bytes."},
		}),
		// tierRequest
		"TierRequest": obj{"type": "object", "required": []string{"tier"}, "additionalProperties": false, "properties": obj{
			"tier":          schemaRef("Tier"),
			"prorationDate": obj{"type": "string", "format": "date-time", "description": "Upgrade only: the preview's prorationDate."},
		}},
		// refundRequestJSON
		"RefundRequest": object(obj{"reason": obj{"type": "string"}}),
		// uploadJSON, uploadMatchJSON
		"Upload": object(obj{
			"id":                obj{"type": "string"},
			"name":              obj{"type": "string"},
			"status":            enum(upload.Stored, upload.Matched),
			"originalSeconds":   obj{"type": "number"},
			"seconds":           obj{"type": "number", "description": "Kept (or matched) after cropping to the tier."},
			"chargedSeconds":    int64Schema(),
			"uploadSecondsLeft": int64Schema(),
			"message":           obj{"type": "string", "description": "What happened, for the user."},
			"createdAt":         dateTime(),
			"match": obj{"nullable": true, "allOf": []obj{object(obj{
				"trackId":    obj{"type": "string"},
				"title":      obj{"type": "string"},
				"offset":     obj{"type": "number", "description": "Seconds into the catalog track where the upload starts."},
				"confidence": obj{"type": "number", "minimum": 0, "maximum": 1},
			})}, "description": "The protected recording the upload copies; null unless status is matched."},
		}),
	}
}

// object is a closed object schema whose properties are all required: every field of the
// package's JSON types is always present (null where it has no value).
func object(props obj) obj {
	required := make([]string, 0, len(props))
	for name := range props {
		required = append(required, name)
	}
	slices.Sort(required)
	return obj{"type": "object", "required": required, "properties": props, "additionalProperties": false}
}

func enum[S ~string](values ...S) obj {
	return obj{"type": "string", "enum": values}
}

func dateTime() obj { return obj{"type": "string", "format": "date-time"} }

func int64Schema() obj { return obj{"type": "integer", "format": "int64"} }

// errorCodes lists every code errorFor can answer, without repeats.
func errorCodes() []string {
	codes := slices.Clone(apiCodes)
	for _, m := range sentinels {
		if !slices.Contains(codes, m.code) {
			codes = append(codes, m.code)
		}
	}
	return codes
}
