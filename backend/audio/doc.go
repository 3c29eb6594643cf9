// Package audio holds the PCM buffer the rest of the program passes around, and the
// encoders and measurements that work on it: WAV reading and writing, the decoding of
// uploads (WAV, AIFF, FLAC, MP3, other formats through ffmpeg), waveform peaks, and the
// mastering meters — integrated loudness (BS.1770-4), true peak, DC offset — with
// loudness normalisation under a true-peak ceiling.
package audio
