package generic

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// fma32Exact rounds x·y + z, computed exactly with math/big, to float32.
func fma32Exact(x, y, z float32) float32 {
	if math.IsNaN(float64(x)) || math.IsNaN(float64(y)) || math.IsNaN(float64(z)) ||
		math.IsInf(float64(x), 0) || math.IsInf(float64(y), 0) || math.IsInf(float64(z), 0) {
		return float32(math.FMA(float64(x), float64(y), float64(z))) // exact in these cases
	}
	p := new(big.Float).SetPrec(400).Mul(big.NewFloat(float64(x)), big.NewFloat(float64(y)))
	s := new(big.Float).SetPrec(400).Add(p, big.NewFloat(float64(z)))
	f, _ := s.Float32()
	if f == 0 && s.Sign() != 0 {
		return f // big rounds to ±0 below the subnormals, as IEEE does
	}
	if s.Sign() == 0 {
		// An exact zero sum: +0 unless both addends are −0 (or their signs say −0).
		return float32(float64(x)*float64(y) + float64(z))
	}
	return f
}

// TestFMA32 checks the generic float32 FMA against math/big on random operands, on sums
// that land halfway between two float32s (where a float64 sum alone rounds twice), and at
// the overflow threshold.
func TestFMA32(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	check := func(x, y, z float32) {
		t.Helper()
		got, want := FMA32(x, y, z), fma32Exact(x, y, z)
		if math.Float32bits(got) != math.Float32bits(want) && !(got != got && want != want) {
			t.Fatalf("FMA32(%g, %g, %g) = %g (%#x), want %g (%#x)", x, y, z, got, math.Float32bits(got), want, math.Float32bits(want))
		}
	}
	for range 200000 {
		x := math.Float32frombits(r.Uint32())
		y := math.Float32frombits(r.Uint32())
		z := math.Float32frombits(r.Uint32())
		check(x, y, z)
		check(float32(r.NormFloat64()), float32(r.NormFloat64()), float32(r.NormFloat64()))
	}
	// Halfway cases: z = 1 + 2⁻²⁴ (between 1 and 1+2⁻²³) plus a tiny product of either sign
	// decides the rounding; a float64 sum rounds z exactly and loses the product.
	// (1+2⁻²³)·2⁻²⁴ · (1−2⁻²³) = 2⁻²⁴ − 2⁻⁷⁰: added to 1+2⁻²³ its float64 sum is the halfway
	// point 1+2⁻²³+2⁻²⁴, which rounds to even (up), while the true sum is below it; the
	// negated product puts the sum just above the halfway point 1+2⁻²⁴, which rounds to even
	// (down).
	x, y := float32((1+0x1p-23)*0x1p-24), float32(1-0x1p-23)
	check(x, y, 1+0x1p-23)
	check(-x, y, 1+0x1p-23)
	check(x, -y, -1-0x1p-23)
	check(x*0x1p-100, y, (1+0x1p-23)*0x1p-100)
	for range 100000 {
		// x·y has 48 significant bits; z cancels its top, leaving a tie plus a tail.
		x := float32(1 + float64(r.IntN(1<<23))*0x1p-23)
		y := float32(1 + float64(r.IntN(1<<23))*0x1p-23)
		p := float64(x) * float64(y)
		z := -float32(p)
		check(x, y, z)
		check(x, y, float32(math.Ldexp(float64(r.IntN(1<<24)), -24))*z)
	}
	// The overflow threshold 2¹²⁸−2¹⁰³, just below and just above.
	mx := float32(math.MaxFloat32)
	check(0x1p103, 0.5, mx)
	check(0x1p103, 0.5+0x1p-30, mx)
	check(0x1p103, 0.5-0x1p-30, mx)
	check(-0x1p103, 0.5, -mx)
	check(-0x1p103, 0.5-0x1p-30, -mx)
}

// anyTile is MatMulTile for an mr×nr tile: a stand-in for the SIMD backends' wide ones.
func anyTile[T Float](mr, nr int) func(c []T, ldc int, a []T, rsa, csa int, b []T, ldb, k, add int) {
	return func(c []T, ldc int, a []T, rsa, csa int, b []T, ldb, k, add int) {
		for i := range mr {
			for j := range nr {
				var acc T
				for p := range k {
					acc = fmaOnce(a[i*rsa+p*csa], b[p*ldb+j], acc)
				}
				if add != 0 {
					acc += c[i*ldc+j]
				}
				c[i*ldc+j] = acc
			}
		}
	}
}

// TestMatMulTileOrder checks the packed path's bits with either order of a unit's tiles
// (a's sliver kept in L1, as avx512's tiles do, or b's) on every machine.
func TestMatMulTileOrder(t *testing.T) {
	testTileOrder[float32](t, 4)
	testTileOrder[float64](t, 8)
}

func testTileOrder[T Float](t *testing.T, size int) {
	r := rand.New(rand.NewPCG(3, 4))
	reverse := Par{Threads: 2, Run: func(units int, work Units) {
		for u := units - 1; u >= 0; u-- {
			work.Do(u)
		}
	}}
	for _, nr := range []int{8, 32 * 4 / size} {
		if keepsA(nr, size) != (nr > 8) {
			t.Fatalf("size %d: keepsA(%d) = %v", size, nr, keepsA(nr, size))
		}
		mm := MatMulWith(MatMulKernels[T]{Tile: anyTile[T](12, nr), Rows: MatMulRows[T], Copy: PackCopy[T], Trans: Transpose[T], MR: 12, NR: nr, Vec: 1})
		for _, sh := range [][5]int{{37, 75, 300, 0, 0}, {12, 33, 257, 1, 0}, {130, 70, 520, 0, 1}, {25, 200, 40, 1, 0}} {
			m, n, k, ta, tb := sh[0], sh[1], sh[2], sh[3] == 1, sh[4] == 1
			a, b := make([]T, m*k), make([]T, k*n)
			for i := range a {
				a[i] = T(r.NormFloat64())
			}
			for i := range b {
				b[i] = T(r.NormFloat64())
			}
			lda, ldb := k, n
			if ta {
				lda = m
			}
			if tb {
				ldb = k
			}
			want, got := make([]T, m*n), make([]T, m*n)
			genericMatMul[T]()(want, n, a, lda, ta, b, ldb, tb, m, n, k, Serial)
			for _, par := range []Par{Serial, reverse} {
				mm(got, n, a, lda, ta, b, ldb, tb, m, n, k, par)
				for i := range want {
					if math.Float64bits(float64(got[i])) != math.Float64bits(float64(want[i])) {
						t.Fatalf("size %d, nr %d, %v: element %d = %v, want %v", size, nr, sh, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// BenchmarkFMA32 prices generic's correctly rounded float32 FMA against the float32
// multiply-add rounded twice that it replaces, and against math.FMA in float64, on a
// tile's worth of independent chains (GOAMD64=v1: math.FMA is a feature test and a call;
// v3: an instruction).
func BenchmarkFMA32(b *testing.B) {
	x, y := make([]float32, 256), make([]float32, 256)
	for i := range x {
		x[i], y[i] = float32(i%17)/7, float32(i%13)/5
	}
	b.Run("impl=FMA32", func(b *testing.B) {
		var acc [TileMR * TileNR]float32
		for range b.N {
			for p := range x {
				for j := range acc {
					acc[j] = FMA32(x[p], y[(p+j)&255], acc[j])
				}
			}
		}
		sinkF32 = acc[3]
	})
	b.Run("impl=twice-rounded", func(b *testing.B) {
		var acc [TileMR * TileNR]float32
		for range b.N {
			for p := range x {
				for j := range acc {
					acc[j] = float32(x[p]*y[(p+j)&255]) + acc[j]
				}
			}
		}
		sinkF32 = acc[3]
	})
	b.Run("impl=math.FMA", func(b *testing.B) {
		var acc [TileMR * TileNR]float64
		for range b.N {
			for p := range x {
				for j := range acc {
					acc[j] = math.FMA(float64(x[p]), float64(y[(p+j)&255]), acc[j])
				}
			}
		}
		sinkF32 = float32(acc[3])
	})
}

var sinkF32 float32
