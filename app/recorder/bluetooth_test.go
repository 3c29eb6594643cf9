package recorder

import "testing"

// Real names and ids of input devices as each audio system reports them.
func TestBluetoothDetection(t *testing.T) {
	tests := []struct {
		system, name, id string
		rates            []int
		bluetooth        bool
	}{
		// PulseAudio
		{"PulseAudio", "WH-1000XM4", "bluez_source.38_18_4C_12_34_56.handsfree_head_unit", []int{16000}, true},
		{"PulseAudio", "Galaxy Buds2 Pro", "bluez_source.A8_79_8D_00_11_22.headset_head_unit", []int{8000}, true},
		{"PulseAudio", "Monitor of AirPods Pro", "bluez_sink.F0_B3_EC_AA_BB_CC.a2dp_sink.monitor", []int{44100}, true},
		{"PulseAudio", "Built-in Audio Analog Stereo", "alsa_input.pci-0000_00_1f.3.analog-stereo", []int{44100, 48000}, false},
		{"PulseAudio", "Scarlett 2i2 USB Analog Stereo", "alsa_input.usb-Focusrite_Scarlett_2i2_USB_Y8XXXX-00.analog-stereo", []int{44100, 48000, 96000}, false},
		{"PulseAudio", "Blue Yeti Analog Stereo", "alsa_input.usb-Blue_Microphones_Yeti_Stereo_Microphone_REV8-00.analog-stereo", []int{48000}, false},
		{"PulseAudio", "HD Pro Webcam C920 Analog Stereo", "alsa_input.usb-046d_HD_Pro_Webcam_C920-02.analog-stereo", []int{16000, 32000, 48000}, false},
		// PipeWire (pipewire-pulse and native names)
		{"PipeWire", "Jabra Elite 85h", "bluez_input.70_BF_92_01_02_03.0", []int{16000}, true},
		{"PipeWire", "Pixel Buds Pro", "bluez_input.4C_87_5D_11_22_33.1", []int{16000, 48000}, true},
		{"PipeWire", "Rode NT-USB Mono", "alsa_input.usb-RODE_Microphones_RODE_NT-USB-00.mono-fallback", []int{48000}, false},
		{"PipeWire", "Shure MV7 Analog Stereo", "alsa_input.usb-Shure_Inc_Shure_MV7-00.analog-stereo", []int{44100, 48000}, false},
		// ALSA
		{"ALSA", "bluealsa", "bluealsa:DEV=00:1B:66:AA:BB:CC,PROFILE=sco", []int{8000, 16000}, true},
		{"ALSA", "bluealsa", "bluealsa:DEV=00:1B:66:AA:BB:CC,PROFILE=a2dp", []int{44100}, true},
		{"ALSA", "HDA Intel PCH: ALC3246 Analog (hw:0,0)", "hw:0,0", []int{44100, 48000, 96000, 192000}, false},
		{"ALSA", "Scarlett Solo USB: Audio (hw:2,0)", "hw:2,0", []int{44100, 48000}, false},
		{"ALSA", "Default ALSA Input (PipeWire)", "default", nil, false},
		// CoreAudio
		{"CoreAudio", "AirPods Pro", "AC-90-85-12-34-56:input", []int{16000, 24000}, true},
		{"CoreAudio", "Beats Studio Buds", "70-F9-4A-12-34-56:input", []int{16000}, true},
		{"CoreAudio", "Bose QC35 II", "04-52-C7-12-34-56:input", []int{8000, 16000}, true},
		{"CoreAudio", "MacBook Pro Microphone", "BuiltInMicrophoneDevice", []int{44100, 48000, 88200, 96000}, false},
		{"CoreAudio", "Universal Audio Apollo Twin", "AppleUSBAudioEngine:Universal Audio:Apollo Twin:14120000:1,2", []int{44100, 48000}, false},
		{"CoreAudio", "Whisper Room Mic", "AppleUSBAudioEngine:Whisper:Room:1", []int{48000}, false},
		// WASAPI
		{"WASAPI", "Headset (WH-1000XM4 Hands-Free AG Audio)", "{0.0.1.00000000}.{8f4c2b6e-1d2a-4b8e-9a11-2f3c4d5e6f70}", []int{16000}, true},
		{"WASAPI", "Headset Microphone (Jabra Evolve 65 Hands-Free)", "{0.0.1.00000000}.{1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d}", []int{8000}, true},
		{"WASAPI", "Microphone (Realtek(R) Audio)", "{0.0.1.00000000}.{4e2b1c9d-7a6f-4c3b-9e8d-112233445566}", []int{44100, 48000}, false},
		{"WASAPI", "Microphone (Yeti Stereo Microphone)", "{0.0.1.00000000}.{aa11bb22-cc33-4d44-8e55-66ff77889900}", []int{48000}, false},
		{"WASAPI", "Line In (Focusrite USB Audio)", "{0.0.1.00000000}.{0f0e0d0c-0b0a-4908-8706-050403020100}", []int{44100, 48000, 96000}, false},
		{"WASAPI", "Headset Microphone (USB Audio Device)", `SWD\MMDEVAPI\{0.0.1.00000000}.{5d6e7f80}`, []int{48000}, false},
		{"WASAPI", "Microphone (2- Headset)", `BTHHFENUM\{0000111e-0000-1000-8000-00805f9b34fb}_VID&0001004c`, []int{16000}, true},
		// Only the rate gives it away: a hands-free headset with a plain name.
		{"WASAPI", "Microphone (Anker Soundcore)", "{0.0.1.00000000}.{77777777-8888-4999-aaaa-bbbbbbbbbbbb}", []int{16000}, true},
	}
	if len(tests) < 25 {
		t.Fatalf("only %d rows", len(tests))
	}
	for _, tt := range tests {
		reason := bluetoothReason(tt.name, tt.id, tt.rates)
		if (reason != "") != tt.bluetooth {
			t.Errorf("%s %q (%s, %v): reason %q, want Bluetooth %v", tt.system, tt.name, tt.id, tt.rates, reason, tt.bluetooth)
		}
	}
}
