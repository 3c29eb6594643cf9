package app

import (
	"crypto/ed25519"
	"encoding/hex"
	"os"

	"stableaudio/app/cache"
	"stableaudio/backend/license"
)

// shippedKeys are the public keys (hex, from `stableaudio-server license public-key`) of
// the account servers whose certificates this app trusts besides its own local server's.
// A deployment adds its server's key here when it builds the app.
var shippedKeys = []string{}

// licenseKeyring is every key the app verifies certificates with: the shipped ones and the
// in-process server's. Verification reads nothing from the network.
func (a *App) licenseKeyring() license.Keyring {
	var keys []ed25519.PublicKey
	for _, h := range shippedKeys {
		if k, err := hex.DecodeString(h); err == nil && len(k) == ed25519.PublicKeySize {
			keys = append(keys, ed25519.PublicKey(k))
		}
	}
	select {
	case <-a.accountReady:
		if a.account != nil {
			keys = append(keys, a.account.LicenseKey())
		}
	default: // still starting: its certificates are checked at the next listing
	}
	return license.NewKeyring(keys...)
}

// checkLicense verifies a cloud track's certificate and its audio, offline.
func (a *App) checkLicense(t cache.Track) *TrackLicense {
	signed, err := license.Parse(t.Certificate)
	if err != nil {
		return &TrackLicense{Problem: err.Error()}
	}
	audio, err := os.ReadFile(t.FilePath)
	if err != nil {
		return &TrackLicense{Problem: "the track's audio file is missing: " + err.Error()}
	}
	c, err := a.licenseKeyring().VerifyAudio(signed, audio)
	out := &TrackLicense{License: string(c.License), Commercial: c.Commercial, Words: c.Words()}
	if err != nil {
		out.Problem = err.Error()
		return out
	}
	out.Verified = true
	return out
}
