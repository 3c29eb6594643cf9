package api

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var operationMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// fetchDoc reads the document the running server serves, not the Go value behind it.
func fetchDoc(t *testing.T, ts *testServer) obj {
	t.Helper()
	res := ts.get("/v1/openapi.json", "")
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET /v1/openapi.json: %d %s", res.status, res.header.Get("Content-Type"))
	}
	var doc obj
	if err := json.Unmarshal(res.body, &doc); err != nil {
		t.Fatalf("the document is not JSON: %v", err)
	}
	return doc
}

// resolve follows a local $ref such as "#/components/schemas/Account".
func resolve(t *testing.T, doc obj, ref string) obj {
	t.Helper()
	var node any = doc
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, _ := node.(obj)
		node = m[part]
	}
	target, ok := node.(obj)
	if !ok || !strings.HasPrefix(ref, "#/") {
		t.Fatalf("$ref %q does not resolve", ref)
	}
	return target
}

func deref(t *testing.T, doc obj, node obj) obj {
	if ref, ok := node["$ref"].(string); ok {
		return resolve(t, doc, ref)
	}
	return node
}

// TestOpenAPIMatchesRoutes checks the document against the routes table both ways, and
// the table against what the mux really routes.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	ts := newTestServer(t)
	doc := fetchDoc(t, ts)
	if v, _ := doc["openapi"].(string); !regexp.MustCompile(`^3\.0\.\d+$`).MatchString(v) {
		t.Errorf(`openapi = %q, want "3.0.x"`, v)
	}

	documented := map[string]obj{}
	for path, item := range doc["paths"].(obj) {
		for _, m := range operationMethods {
			if op, ok := item.(obj)[m].(obj); ok {
				documented[strings.ToUpper(m)+" "+path] = op
			}
		}
	}
	registered := map[string]route{}
	for _, rt := range routes {
		registered[rt.pattern()] = rt
		// The mux must route a concrete request to exactly this pattern.
		req := httptest.NewRequest(rt.method, strings.ReplaceAll(rt.path, "{id}", "me"), nil)
		if _, pattern := ts.api.mux.Handler(req); pattern != rt.pattern() {
			t.Errorf("%s is routed to %q", rt.pattern(), pattern)
		}
	}
	for p := range registered {
		if _, ok := documented[p]; !ok {
			t.Errorf("route %s is not in the OpenAPI document", p)
		}
	}
	for p := range documented {
		if _, ok := registered[p]; !ok {
			t.Errorf("the OpenAPI document has %s, which the server does not register", p)
		}
	}

	ids := map[string]bool{}
	for p, op := range documented {
		rt, ok := registered[p]
		if !ok {
			continue
		}
		id, _ := op["operationId"].(string)
		if id == "" || ids[id] {
			t.Errorf("%s: operationId %q missing or repeated", p, id)
		}
		ids[id] = true
		sec, hasSec := op["security"].([]any)
		if documentedPublic := hasSec && len(sec) == 0; documentedPublic != (rt.access == public) {
			t.Errorf("%s: documented public=%v, route access %d", p, documentedPublic, rt.access)
		}
		resps := op["responses"].(obj)
		want := []string{"500"}
		if rt.access != public {
			want = append(want, "401")
		}
		if rt.access == ownAccount {
			want = append(want, "404")
		}
		if body, ok := op["requestBody"].(obj); ok {
			want = append(want, "400", "413")
			if content, _ := body["content"].(obj); content["application/json"] != nil {
				want = append(want, "415") // JSON bodies must say so; uploads take any audio type
			}
		}
		for _, status := range want {
			if resps[status] == nil {
				t.Errorf("%s: no %s response documented", p, status)
			}
		}
		// Every {param} of the path is declared as a required path parameter.
		declared := map[string]bool{}
		params, _ := op["parameters"].([]any)
		for _, raw := range params {
			param := deref(t, doc, raw.(obj))
			if param["in"] == "path" && param["required"] == true {
				declared[param["name"].(string)] = true
			}
		}
		for _, m := range regexp.MustCompile(`\{(\w+)\}`).FindAllStringSubmatch(rt.path, -1) {
			if !declared[m[1]] {
				t.Errorf("%s: path parameter %q is not declared", p, m[1])
			}
		}
	}
}

// TestOpenAPIComponents checks the pieces every client generator needs: resolvable
// references, the bearer scheme and an error schema listing the codes the server answers.
func TestOpenAPIComponents(t *testing.T) {
	doc := fetchDoc(t, newTestServer(t))
	var walk func(node any)
	walk = func(node any) {
		switch n := node.(type) {
		case obj:
			if ref, ok := n["$ref"].(string); ok {
				resolve(t, doc, ref)
			}
			for _, v := range n {
				walk(v)
			}
		case []any:
			for _, v := range n {
				walk(v)
			}
		}
	}
	walk(doc)

	comps := doc["components"].(obj)
	bearer := comps["securitySchemes"].(obj)["bearerAuth"].(obj)
	if bearer["type"] != "http" || bearer["scheme"] != "bearer" {
		t.Errorf("bearerAuth = %v", bearer)
	}
	codeSchema := comps["schemas"].(obj)["Error"].(obj)["properties"].(obj)["error"].(obj)["properties"].(obj)["code"].(obj)
	var codes []string
	for _, c := range codeSchema["enum"].([]any) {
		codes = append(codes, c.(string))
	}
	for _, c := range []string{"bad_email", "weak_password", "email_taken", "invalid_credentials", "unauthenticated",
		"rate_limited", "not_found", "insufficient_credits", "key_reused", "body_too_large", "malformed_json",
		"invalid_request", "unsupported_media_type", "method_not_allowed", "internal"} {
		if !slices.Contains(codes, c) {
			t.Errorf("error code %q is not in the Error schema's enum %v", c, codes)
		}
	}
}

// TestOpenAPIDescribesRealResponses sends real requests and checks each answer against
// the schema the document gives for that operation and status: every documented field is
// present with its type, and nothing undocumented is sent.
func TestOpenAPIDescribesRealResponses(t *testing.T) {
	f := newFixture(t)
	doc := fetchDoc(t, f.testServer)
	calls := []struct {
		op string // the documented operation: "METHOD path"
		rq request
	}{
		{"POST /v1/accounts", request{method: "POST", path: "/v1/accounts", body: credentialsBody("carol@example.com", "carol's passphrase")}},
		{"POST /v1/accounts", request{method: "POST", path: "/v1/accounts", body: credentialsBody("alice@example.com", "carol's passphrase")}},
		{"POST /v1/accounts", request{method: "POST", path: "/v1/accounts", body: credentialsBody("carol", "carol's passphrase")}},
		{"POST /v1/sessions", request{method: "POST", path: "/v1/sessions", body: credentialsBody("alice@example.com", alicePassword)}},
		{"POST /v1/sessions", request{method: "POST", path: "/v1/sessions", body: credentialsBody("alice@example.com", "wrong")}},
		{"POST /v1/sessions", request{method: "POST", path: "/v1/sessions", body: `{"mail": "x"}`}},
		{"GET /v1/accounts/{id}", request{method: "GET", path: "/v1/accounts/me", auth: f.auth("alice")}},
		{"GET /v1/accounts/{id}", request{method: "GET", path: "/v1/accounts/" + f.ids["bob"], auth: f.auth("alice")}},
		{"GET /v1/accounts/{id}/plan", request{method: "GET", path: "/v1/accounts/me/plan", auth: f.auth("alice")}},
		{"GET /v1/accounts/{id}/balance", request{method: "GET", path: "/v1/accounts/me/balance", auth: f.auth("alice")}},
		{"GET /v1/accounts/{id}/ledger", request{method: "GET", path: "/v1/accounts/me/ledger?limit=1", auth: f.auth("alice")}},
		{"GET /v1/accounts/{id}/ledger", request{method: "GET", path: "/v1/accounts/me/ledger?limit=0", auth: f.auth("alice")}},
		{"GET /v1/models", request{method: "GET", path: "/v1/models"}},
		{"GET /v1/health", request{method: "GET", path: "/v1/health"}},
		{"POST /v1/accounts/{id}/password", request{method: "POST", path: "/v1/accounts/me/password", auth: f.auth("alice"),
			body: passwordBody(alicePassword, "short")}},
		{"DELETE /v1/sessions/current", request{method: "DELETE", path: "/v1/sessions/current"}},
	}
	for _, c := range calls {
		res := f.do(c.rq)
		method, path, _ := strings.Cut(c.op, " ")
		op := doc["paths"].(obj)[path].(obj)[strings.ToLower(method)].(obj)
		documented, ok := op["responses"].(obj)[strconv.Itoa(res.status)].(obj)
		if !ok {
			t.Errorf("%s answered %d, which is not documented", c.op, res.status)
			continue
		}
		schema := deref(t, doc, documented)["content"].(obj)["application/json"].(obj)["schema"].(obj)
		var v any
		if err := json.Unmarshal(res.body, &v); err != nil {
			t.Fatalf("%s: %v", c.op, err)
		}
		checkShape(t, doc, schema, v, c.op+" "+strconv.Itoa(res.status))
	}
}

// checkShape compares a decoded JSON value with a schema of this document's subset of
// OpenAPI: objects with properties, arrays, strings (with enum and date-time), integers,
// booleans and nullable.
func checkShape(t *testing.T, doc obj, schema obj, v any, where string) {
	t.Helper()
	schema = deref(t, doc, schema)
	if v == nil {
		if schema["nullable"] != true {
			t.Errorf("%s: null, but the schema is not nullable", where)
		}
		return
	}
	switch schema["type"] {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			t.Errorf("%s: %v is not an object", where, v)
			return
		}
		props, _ := schema["properties"].(obj)
		if props == nil {
			return // a free-form object
		}
		got, want := slices.Sorted(maps.Keys(m)), slices.Sorted(maps.Keys(props))
		if !slices.Equal(got, want) {
			t.Errorf("%s: fields %v, documented %v", where, got, want)
		}
		for k, p := range props {
			if val, ok := m[k]; ok {
				checkShape(t, doc, p.(obj), val, where+"."+k)
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			t.Errorf("%s: %v is not an array", where, v)
			return
		}
		for i, item := range arr {
			checkShape(t, doc, schema["items"].(obj), item, where+"["+strconv.Itoa(i)+"]")
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			t.Errorf("%s: %v is not a string", where, v)
			return
		}
		if enum, ok := schema["enum"].([]any); ok && !slices.Contains(enum, any(s)) {
			t.Errorf("%s: %q is not one of %v", where, s, enum)
		}
		if schema["format"] == "date-time" && !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$`).MatchString(s) {
			t.Errorf("%s: %q is not an RFC 3339 UTC time", where, s)
		}
	case "integer":
		if n, ok := v.(float64); !ok || n != float64(int64(n)) {
			t.Errorf("%s: %v is not an integer", where, v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			t.Errorf("%s: %v is not a boolean", where, v)
		}
	default:
		t.Errorf("%s: schema without a type: %v", where, schema)
	}
}
