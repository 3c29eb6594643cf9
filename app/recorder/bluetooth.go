package recorder

import (
	"slices"
	"strings"
)

// Bluetooth headsets ruin takes in two ways: they add 100–300 ms between the sound and
// the recording, and opening their microphone switches them from music quality (A2DP)
// to the hands-free profile (HFP/HSP), which records at 8 or 16 kHz through a telephone
// codec. Nothing in the audio APIs says "this is Bluetooth", so the device's name and
// identifier are read for the words every platform uses, and its formats for the rates
// only the hands-free profile offers.

// bluetoothWords appear, lower-cased, in the names or ids of Bluetooth devices:
// PulseAudio and PipeWire ids ("bluez_source.…", "bluez_input.…"), their profile names
// ("headset_head_unit", "handsfree_head_unit"), ALSA's bluealsa, Windows' "Hands-Free AG Audio" and
// BTHENUM/BTHHFENUM instance paths, macOS's "Bluetooth" transport in names, and the
// headsets sold with a microphone that people name their devices after.
var bluetoothWords = []string{
	"bluez", "bluealsa", "bluetooth", "bthenum", "bthhfenum", "hands-free", "handsfree", "hands free",
	"headset_head_unit", "head_unit", "a2dp", "hfp", "hsp",
	"airpods", "beats", "buds", "wh-1000", "wf-1000", "quietcomfort", "bose qc", "powerbeats",
}

// handsFreeRates are the only rates a microphone in the hands-free profile offers:
// 8 kHz (CVSD) and 16 kHz (mSBC wideband speech).
var handsFreeRates = []int{8000, 16000}

// bluetoothReason says why a device looks like a Bluetooth headset, "" when it does not.
func bluetoothReason(name, id string, rates []int) string {
	for _, s := range []string{name, id} {
		lower := strings.ToLower(s)
		for _, w := range bluetoothWords {
			if containsWord(lower, w) {
				return "its name says Bluetooth (“" + w + "”)"
			}
		}
	}
	if len(rates) > 0 && !slices.ContainsFunc(rates, func(r int) bool { return !slices.Contains(handsFreeRates, r) }) {
		return "it only records at 8 or 16 kHz, the rates of a Bluetooth hands-free headset"
	}
	return ""
}

// containsWord reports whether w occurs in s not inside a longer word: "hsp" in
// "bluez.hsp" but not in "whisper", "buds" but not in "rosebuds".
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(w)
		if (start == 0 || !isLetter(s[start-1])) && (end == len(s) || !isLetter(s[end])) {
			return true
		}
		i = start + 1
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' }
