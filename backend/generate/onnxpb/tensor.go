package onnxpb

import (
	"encoding/binary"
	"math"
)

// FloatTensor is a float32 tensor with the given dims (none for a scalar).
func FloatTensor(name string, dims []int64, values ...float32) Tensor {
	raw := make([]byte, 0, 4*len(values))
	for _, v := range values {
		raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(v))
	}
	return Tensor{Name: name, DataType: Float, Dims: dims, Raw: raw}
}

// DoubleTensor is a float64 tensor with the given dims (none for a scalar).
func DoubleTensor(name string, dims []int64, values ...float64) Tensor {
	raw := make([]byte, 0, 8*len(values))
	for _, v := range values {
		raw = binary.LittleEndian.AppendUint64(raw, math.Float64bits(v))
	}
	return Tensor{Name: name, DataType: Double, Dims: dims, Raw: raw}
}

// Int64Tensor is an int64 tensor with the given dims (none for a scalar).
func Int64Tensor(name string, dims []int64, values ...int64) Tensor {
	raw := make([]byte, 0, 8*len(values))
	for _, v := range values {
		raw = binary.LittleEndian.AppendUint64(raw, uint64(v))
	}
	return Tensor{Name: name, DataType: Int64, Dims: dims, Raw: raw}
}
