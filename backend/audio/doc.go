// Package audio holds the PCM buffer the rest of the program passes around, and the
// encoders and analyses that work on it: WAV writing and waveform peaks.
package audio
