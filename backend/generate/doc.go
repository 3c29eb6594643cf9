// Package generate turns text prompts into audio on ONNX Runtime.
//
// The pieces, one file each: runtime.go finds and loads the ONNX Runtime
// shared library; pack.go reads model packs (a manifest.json plus an ONNX
// graph) from disk or from the built-in pack embedded in the binary;
// conditioning.go turns a prompt into the small vector a graph is
// conditioned on; session.go runs one pack's graph in ONNX Runtime, one
// chunk of audio at a time; onnx_engine.go implements Engine on top. The
// graph computes every sample; Go only feeds it and collects the result.
//
// Sub-packages: manifest (the pack format and graph interface), onnxpb (a
// minimal ONNX protobuf writer) and cmd/genpack (writes the built-in pack;
// run `go generate ./backend/generate/...`). The built-in composer model
// (builtin) is built from prompt (what a prompt asks for), compose (the
// score), perform (the score as synthesiser controls) and synthgraph (the
// harmonic-plus-noise synthesiser as an ONNX graph).
package generate
