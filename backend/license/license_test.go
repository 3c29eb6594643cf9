package license

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stableaudio/backend/plan"
)

func signed(t *testing.T, tier plan.Tier) (*Signer, Signed, []byte) {
	t.Helper()
	key, err := LoadOrCreateKey(filepath.Join(t.TempDir(), "license.key"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Default().Plan(tier)
	if err != nil {
		t.Fatal(err)
	}
	audio := []byte("RIFF…the track's bytes")
	sum := sha256.Sum256(audio)
	s := NewSigner(key)
	cert, err := s.Sign(For("job_1/1", hex.EncodeToString(sum[:]), "acc_1", p, "2.0", time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	return s, cert, audio
}

// A certificate verifies with the server's public key alone; any flipped bit of the
// certificate or the signature, other audio, or an unknown key fails.
func TestVerify(t *testing.T) {
	s, cert, audio := signed(t, plan.TierPro)
	ring := NewKeyring(s.Public())
	c, err := ring.VerifyAudio(cert, audio)
	if err != nil {
		t.Fatal(err)
	}
	if c.License != plan.LicenseCreator || !c.Commercial || c.MAULimit != 100_000 || c.Tier != plan.TierPro || c.Model != "2.0" {
		t.Fatalf("certificate %+v", c)
	}
	flipped := 0
	for i := range cert.Certificate {
		for bit := range 8 {
			bad := cert
			bad.Certificate = append(json.RawMessage(nil), cert.Certificate...)
			bad.Certificate[i] ^= 1 << bit
			if _, err := ring.Verify(bad); err == nil {
				t.Fatalf("byte %d bit %d flipped still verifies", i, bit)
			}
			flipped++
		}
	}
	sig := []byte(cert.Signature)
	for i := range sig {
		bad := cert
		b := append([]byte(nil), sig...)
		b[i] ^= 1
		bad.Signature = string(b)
		if _, err := ring.Verify(bad); err == nil {
			t.Fatalf("signature character %d flipped still verifies", i)
		}
	}
	t.Logf("%d single-bit changes of the certificate and %d of the signature all refused", flipped, len(sig))
	if _, err := ring.VerifyAudio(cert, append(audio, 0)); !errors.Is(err, ErrAudioChanged) {
		t.Fatalf("other audio: %v", err)
	}
	other, _, _ := ed25519.GenerateKey(nil)
	if _, err := NewKeyring(other).Verify(cert); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("unknown key: %v", err)
	}
	data, _ := json.Marshal(cert)
	back, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ring.Verify(back); err != nil {
		t.Fatalf("after a round trip through its file: %v", err)
	}
	if _, err := Parse([]byte(`{"hello":1}`)); !errors.Is(err, ErrMalformed) {
		t.Fatalf("not a certificate: %v", err)
	}
}

// The plain words say what each license allows.
func TestWords(t *testing.T) {
	for tier, want := range map[plan.Tier]string{
		plan.TierFree:   "Personal license: for personal, non-commercial use only.",
		plan.TierStudio: "under 100,000 monthly active users (social views and follows do not count)",
	} {
		s, cert, _ := signed(t, tier)
		c, err := NewKeyring(s.Public()).Verify(cert)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(c.Words(), want) || !strings.Contains(c.Words(), "Made with model 2.0 on 26 November 2026") {
			t.Errorf("%s: %q", tier, c.Words())
		}
		page, err := HTML(cert, c)
		if err != nil || !strings.Contains(string(page), c.AudioSHA256) {
			t.Errorf("%s: page %v", tier, err)
		}
	}
}

// The key is made once and read back the same.
func TestKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "license.key")
	a, err := LoadOrCreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadOrCreateKey(path)
	if err != nil || !a.Equal(b) {
		t.Fatalf("the key changed on the second start (%v)", err)
	}
}
