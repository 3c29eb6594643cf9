package recorder

// #include <stdlib.h>
import "C"

import "unsafe"

// freeC releases memory malgo allocated in C: DeviceID.Pointer copies an id there for a
// device config, and miniaudio copies it again into the device it opens, so the copy can
// go as soon as InitDevice returns.
func freeC(p unsafe.Pointer) {
	if p != nil {
		C.free(p)
	}
}
