package license

import (
	"bytes"
	"html/template"
)

var page = template.Must(template.New("license").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>License certificate — {{.C.TrackID}}</title>
<style>body{font-family:sans-serif;max-width:44em;margin:3em auto;line-height:1.5}dt{font-weight:600}dd{margin:0 0 .6em}
code{font-size:.85em;word-break:break-all}</style></head>
<body><h1>Stable Audio license certificate</h1>
<p>{{.C.Words}}</p>
<dl>
<dt>Track</dt><dd>{{.C.TrackID}}</dd>
<dt>Audio (SHA-256)</dt><dd><code>{{.C.AudioSHA256}}</code></dd>
<dt>Account</dt><dd>{{.C.AccountID}}</dd>
<dt>Plan and license when made</dt><dd>{{.C.Tier}}, {{.C.License}}{{if .C.Commercial}} (commercial use allowed){{else}} (no commercial use){{end}}</dd>
{{if .C.MAULimit}}<dt>Monthly active users of a commercial product</dt><dd>under {{.C.MAULimit}}</dd>{{end}}
<dt>Model</dt><dd>{{.C.Model}}</dd>
<dt>Issued</dt><dd>{{.C.IssuedAt.Format "2006-01-02 15:04:05 UTC"}}</dd>
<dt>Signed by key</dt><dd>{{.C.KeyID}} (Ed25519)</dd>
<dt>Signature</dt><dd><code>{{.S.Signature}}</code></dd>
</dl>
<p>Check it with <code>stableaudio-server license verify</code> or in the Stable Audio app, which verifies certificates offline.</p>
</body></html>
`))

// HTML is a readable page of a verified certificate, to print or keep with a release.
func HTML(s Signed, c Certificate) ([]byte, error) {
	var b bytes.Buffer
	err := page.Execute(&b, struct {
		S Signed
		C Certificate
	}{s, c})
	return b.Bytes(), err
}
