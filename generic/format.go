package generic

import (
	"math"
	"unsafe"
)

// format is what exp and log need to know of a precision: its bit layout and their
// constants. One implementation of each serves float32 and float64.
type format[T Float] struct {
	mant, bias     int    // bits after the binary point; exponent bias
	minNormal      T      // the smallest normal number
	subnormalScale T      // 2^subnormalShift: makes a subnormal normal
	subnormalShift int    //
	sqrtHalfBits   uint64 // LogSqrtHalfBits64 or LogSqrtHalfBits32
	ln2Hi, ln2Lo   T
	expLo, expHi   T
	tanhHi         T
	expPoly        []T
	logPoly        []T
}

var (
	float64Format = format[float64]{
		mant: 52, bias: 1023, minNormal: 0x1p-1022, subnormalScale: 0x1p54, subnormalShift: 54,
		sqrtHalfBits: LogSqrtHalfBits64, ln2Hi: Ln2Hi, ln2Lo: Ln2Lo, expLo: ExpLo64, expHi: ExpHi64, tanhHi: TanhHi64,
		expPoly: expPoly64[:], logPoly: logPoly64[:],
	}
	float32Format = format[float32]{
		mant: 23, bias: 127, minNormal: 0x1p-126, subnormalScale: 0x1p25, subnormalShift: 25,
		sqrtHalfBits: LogSqrtHalfBits32, ln2Hi: Ln2Hi32, ln2Lo: Ln2Lo32, expLo: ExpLo32, expHi: ExpHi32, tanhHi: TanhHi32,
		expPoly: expPoly32[:], logPoly: logPoly32[:],
	}
)

func formatOf[T Float]() *format[T] {
	if isF64[T]() {
		return any(&float64Format).(*format[T])
	}
	return any(&float32Format).(*format[T])
}

func isF64[T Float]() bool { return unsafe.Sizeof(T(0)) == 8 }

// bits returns x's bits; fromBits is its inverse.
func bits[T Float](x T) uint64 {
	if isF64[T]() {
		return math.Float64bits(float64(x))
	}
	return uint64(math.Float32bits(float32(x)))
}

func fromBits[T Float](b uint64) T {
	if isF64[T]() {
		return T(math.Float64frombits(b))
	}
	return T(math.Float32frombits(uint32(b)))
}
