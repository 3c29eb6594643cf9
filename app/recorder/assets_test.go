package recorder

import (
	"os"
	"strings"
	"testing"
)

// The macOS builds say why they want the microphone (without it macOS refuses the app
// silently), and the signing entitlements let a hardened-runtime app open it.
func TestBuildAssetsAskForTheMicrophone(t *testing.T) {
	for _, plist := range []string{"../../build/darwin/Info.plist", "../../build/darwin/Info.dev.plist"} {
		data, err := os.ReadFile(plist)
		if err != nil {
			t.Fatal(err)
		}
		s := string(data)
		i := strings.Index(s, "<key>NSMicrophoneUsageDescription</key>")
		if i < 0 || !strings.Contains(s[i:], "<string>") || !strings.Contains(s[i:min(len(s), i+200)], "microphone") {
			t.Errorf("%s does not say why it uses the microphone", plist)
		}
	}
	data, err := os.ReadFile("../../build/darwin/entitlements.plist")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(strings.Fields(string(data)), ""), "<key>com.apple.security.device.audio-input</key><true/>") {
		t.Error("entitlements.plist does not grant com.apple.security.device.audio-input")
	}
}
