//go:build goexperiment.simd && amd64

package peers

import "simd/archsimd"

// archsimd: what Go 1.26's experimental simd/archsimd package gives a user who writes the
// loops by hand, at 256 bits (AVX2+FMA): dot with four accumulators, mul one vector at a
// time, both finishing their last elements with scalar code. Loads go through array
// pointers, which the compiler checks once per step, rather than through LoadSlice.
func init() {
	if !archsimd.X86.AVX2() || !archsimd.X86.FMA() {
		return
	}
	register(impl{op: "Dot", name: "archsimd", f32: func(o *operands[float32]) { o.sink = dot32(o.a, o.b) },
		f64: func(o *operands[float64]) { o.sink = dot64(o.a, o.b) }})
	register(impl{op: "Mul", name: "archsimd", f32: func(o *operands[float32]) { mul32(o.dst, o.a, o.b) },
		f64: func(o *operands[float64]) { mul64(o.dst, o.a, o.b) }})
}

func dot32(a, b []float32) float32 {
	var s0, s1, s2, s3 archsimd.Float32x8
	i := 0
	b = b[:len(a)]
	for ; i+32 <= len(a); i += 32 {
		x, y := (*[32]float32)(a[i:]), (*[32]float32)(b[i:])
		s0 = archsimd.LoadFloat32x8((*[8]float32)(x[0:])).MulAdd(archsimd.LoadFloat32x8((*[8]float32)(y[0:])), s0)
		s1 = archsimd.LoadFloat32x8((*[8]float32)(x[8:])).MulAdd(archsimd.LoadFloat32x8((*[8]float32)(y[8:])), s1)
		s2 = archsimd.LoadFloat32x8((*[8]float32)(x[16:])).MulAdd(archsimd.LoadFloat32x8((*[8]float32)(y[16:])), s2)
		s3 = archsimd.LoadFloat32x8((*[8]float32)(x[24:])).MulAdd(archsimd.LoadFloat32x8((*[8]float32)(y[24:])), s3)
	}
	var lanes [8]float32
	s0.Add(s1).Add(s2.Add(s3)).StoreSlice(lanes[:])
	var s float32
	for _, v := range lanes {
		s += v
	}
	for ; i < len(a); i++ {
		s += a[i] * b[i]
	}
	return s
}

func dot64(a, b []float64) float64 {
	var s0, s1, s2, s3 archsimd.Float64x4
	i := 0
	b = b[:len(a)]
	for ; i+16 <= len(a); i += 16 {
		x, y := (*[16]float64)(a[i:]), (*[16]float64)(b[i:])
		s0 = archsimd.LoadFloat64x4((*[4]float64)(x[0:])).MulAdd(archsimd.LoadFloat64x4((*[4]float64)(y[0:])), s0)
		s1 = archsimd.LoadFloat64x4((*[4]float64)(x[4:])).MulAdd(archsimd.LoadFloat64x4((*[4]float64)(y[4:])), s1)
		s2 = archsimd.LoadFloat64x4((*[4]float64)(x[8:])).MulAdd(archsimd.LoadFloat64x4((*[4]float64)(y[8:])), s2)
		s3 = archsimd.LoadFloat64x4((*[4]float64)(x[12:])).MulAdd(archsimd.LoadFloat64x4((*[4]float64)(y[12:])), s3)
	}
	var lanes [4]float64
	s0.Add(s1).Add(s2.Add(s3)).StoreSlice(lanes[:])
	s := lanes[0] + lanes[1] + lanes[2] + lanes[3]
	for ; i < len(a); i++ {
		s += a[i] * b[i]
	}
	return s
}

func mul32(dst, a, b []float32) {
	i := 0
	a, b = a[:len(dst)], b[:len(dst)]
	for ; i+8 <= len(dst); i += 8 {
		x, y := archsimd.LoadFloat32x8((*[8]float32)(a[i:])), archsimd.LoadFloat32x8((*[8]float32)(b[i:]))
		x.Mul(y).Store((*[8]float32)(dst[i:]))
	}
	for ; i < len(dst); i++ {
		dst[i] = a[i] * b[i]
	}
}

func mul64(dst, a, b []float64) {
	i := 0
	a, b = a[:len(dst)], b[:len(dst)]
	for ; i+4 <= len(dst); i += 4 {
		x, y := archsimd.LoadFloat64x4((*[4]float64)(a[i:])), archsimd.LoadFloat64x4((*[4]float64)(b[i:]))
		x.Mul(y).Store((*[4]float64)(dst[i:]))
	}
	for ; i < len(dst); i++ {
		dst[i] = a[i] * b[i]
	}
}
