//go:build !linux || !cgo

package sigstack

const supported = false

func restoreOnStack() int { return 0 }
