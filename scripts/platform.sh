#!/usr/bin/env bash
# Prints this machine's platform as build/onnxruntime names it: linux-x64, darwin-arm64, …
case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) os=windows ;; esac
case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; *) arch=arm64 ;; esac
echo "$os-$arch"
