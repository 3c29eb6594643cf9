// Package license signs and verifies the certificate each cloud-generated track carries:
// which track (and the SHA-256 of its audio), which account, its tier and license at the
// moment of generation, whether commercial use is allowed and up to how many monthly
// active users, the model version and the time. The server signs with Ed25519; anyone with
// its public key verifies offline.
//
// What is signed is the certificate's exact JSON bytes, kept as they are in the signed
// file, so a verifier never depends on re-encoding JSON the same way: one flipped bit of
// the certificate or of the signature fails.
package license

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"stableaudio/backend/plan"
)

// CreatorMAULimit is the Creator license's bound on a commercial product's monthly active
// users (PRODUCT.md, Licenses); social views and follows do not count.
const CreatorMAULimit = 100_000

// Certificate is what the server states about a track.
type Certificate struct {
	Version     int          `json:"version"`
	TrackID     string       `json:"trackId"`
	AudioSHA256 string       `json:"audioSha256"`
	AccountID   string       `json:"accountId"`
	Tier        plan.Tier    `json:"tier"`
	License     plan.License `json:"license"`
	Commercial  bool         `json:"commercial"`
	// MAULimit bounds the monthly active users of a commercial product using the track;
	// 0 when there is no such bound (Enterprise) or no commercial use (Personal).
	MAULimit int64     `json:"mauLimit"`
	Model    string    `json:"model"`
	IssuedAt time.Time `json:"issuedAt"`
	KeyID    string    `json:"keyId"` // which server key signed it
}

// Signed is a certificate as it is stored and exported: its signed bytes and the signature.
type Signed struct {
	Certificate json.RawMessage `json:"certificate"`
	Signature   string          `json:"signature"` // base64 of the Ed25519 signature
}

// Errors of verification.
var (
	ErrBadSignature = errors.New("the certificate's signature does not verify: it was altered or not issued by this server")
	ErrUnknownKey   = errors.New("the certificate was signed by a key this app does not know")
	ErrAudioChanged = errors.New("the audio is not the audio the certificate names (its SHA-256 differs)")
	ErrMalformed    = errors.New("not a license certificate")
)

// For makes the certificate of a track made on plan p.
func For(trackID string, audioSHA256 string, accountID string, p plan.Plan, model string, at time.Time) Certificate {
	c := Certificate{Version: 1, TrackID: trackID, AudioSHA256: audioSHA256, AccountID: accountID, Tier: p.Tier,
		License: p.License, Commercial: p.Commercial, Model: model, IssuedAt: at.UTC().Truncate(time.Second)}
	if p.License == plan.LicenseCreator {
		c.MAULimit = CreatorMAULimit
	}
	return c
}

// Signer signs certificates with one server key.
type Signer struct {
	key ed25519.PrivateKey
	id  string
}

// NewSigner uses key; its id is derived from the public key.
func NewSigner(key ed25519.PrivateKey) *Signer {
	return &Signer{key: key, id: KeyID(key.Public().(ed25519.PublicKey))}
}

// LoadOrCreateKey reads the server's signing key from path, or makes one there (readable
// by the server's user only) on first start.
func LoadOrCreateKey(path string) (ed25519.PrivateKey, error) {
	data, err := os.ReadFile(path)
	if err == nil {
		seed, err := hex.DecodeString(strings.TrimSpace(string(data)))
		if err != nil || len(seed) != ed25519.SeedSize {
			return nil, fmt.Errorf("license: %s is not an Ed25519 key (64 hex digits)", path)
		}
		return ed25519.NewKeyFromSeed(seed), nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(hex.EncodeToString(key.Seed())+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("license: keep the signing key: %w", err)
	}
	return key, nil
}

// KeyID names a public key: the first 8 bytes of its SHA-256, in hex.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// Public is the signer's public key, which the app ships with.
func (s *Signer) Public() ed25519.PublicKey { return s.key.Public().(ed25519.PublicKey) }

// Sign signs c (its KeyID set to this signer's).
func (s *Signer) Sign(c Certificate) (Signed, error) {
	c.KeyID = s.id
	payload, err := json.Marshal(c)
	if err != nil {
		return Signed{}, err
	}
	return Signed{Certificate: payload, Signature: base64.StdEncoding.EncodeToString(ed25519.Sign(s.key, payload))}, nil
}

// Keyring is the set of server keys a verifier trusts, by key id.
type Keyring map[string]ed25519.PublicKey

// NewKeyring trusts the given public keys.
func NewKeyring(keys ...ed25519.PublicKey) Keyring {
	k := Keyring{}
	for _, pub := range keys {
		k[KeyID(pub)] = pub
	}
	return k
}

// Verify checks the signature with the key the certificate names and returns the
// certificate. It needs no network.
func (k Keyring) Verify(s Signed) (Certificate, error) {
	var c Certificate
	if len(s.Certificate) == 0 || json.Unmarshal(s.Certificate, &c) != nil || c.Version != 1 {
		return Certificate{}, ErrMalformed
	}
	pub, ok := k[c.KeyID]
	if !ok {
		return c, fmt.Errorf("%w (key %s)", ErrUnknownKey, c.KeyID)
	}
	sig, err := base64.StdEncoding.DecodeString(s.Signature)
	if err != nil || !ed25519.Verify(pub, s.Certificate, sig) {
		return c, ErrBadSignature
	}
	return c, nil
}

// VerifyAudio is Verify, then checks that audio is the audio the certificate names.
func (k Keyring) VerifyAudio(s Signed, audio []byte) (Certificate, error) {
	c, err := k.Verify(s)
	if err != nil {
		return c, err
	}
	sum := sha256.Sum256(audio)
	if hex.EncodeToString(sum[:]) != c.AudioSHA256 {
		return c, ErrAudioChanged
	}
	return c, nil
}

// Parse reads a signed certificate from its JSON file.
func Parse(data []byte) (Signed, error) {
	var s Signed
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Signed{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return s, nil
}

// Words says in plain words what the certificate allows.
func (c Certificate) Words() string {
	made := fmt.Sprintf("Made with model %s on %s, on the %s plan.", c.Model, c.IssuedAt.Format("2 January 2006"), titleCase(string(c.Tier)))
	switch c.License {
	case plan.LicensePersonal:
		return made + " Personal license: for personal, non-commercial use only."
	case plan.LicenseCreator:
		return made + fmt.Sprintf(" Creator license: commercial use in your own projects and releases — streaming, social media, "+
			"podcasts, videos — and in commercial products with under %s monthly active users (social views and follows do not count). "+
			"The license stays with the track if you cancel or downgrade.", thousands(c.MAULimit))
	case plan.LicenseEnterprise:
		return made + " Enterprise license: commercial use on the terms agreed with Stable Audio, with no limit on monthly active users."
	}
	return made
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
