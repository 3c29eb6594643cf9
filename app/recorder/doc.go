// Package recorder records from a microphone with miniaudio (malgo): it lists the inputs
// with what will spoil a take on each — a Bluetooth headset (bluetooth.go), a large
// buffer (latency.go) — and records one at its own rate into a WAV file that is synced
// to the disk every second, with a level meter (meter.go) for the UI.
//
// The audio thread only copies each period out of C memory into a queue; a writer
// goroutine appends it to the file and feeds the meter, and a watcher ends the take when
// the device says it stopped or stops delivering (a pulled USB cable, a Bluetooth
// headset out of range, the sound server gone), keeping what was recorded.
package recorder
