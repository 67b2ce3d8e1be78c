package lanes_test

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/lanesimd/lanes"
	"github.com/lanesimd/lanes/internal/catalog"
	"github.com/lanesimd/lanes/internal/publicops"
	"github.com/lanesimd/lanes/kernels"
)

// TestDigest checks that the backends give the same bits where lanes promises it, and
// writes a SHA-256 of those bits, one line per op and precision, to $LANES_DIGEST_OUT:
// CI runs it natively and under qemu-aarch64 and compares the two files, so NEON is held
// to the same bits as AVX although no process runs both. The lines are digests of the
// results, not of the backends that made them, so they are the same whichever SIMD
// backends the CPU has (avx512 and avx2, or avx2 alone, or neon). Without
// $LANES_DIGEST_OUT it checks the agreement in the process and writes nothing.
//
//   - MatMul, MatMulTransA, MatMulTransB: every backend, both precisions.
//
//   - The transcendental ops (the catalogue's Within entries: Exp, Log, Sigmoid,
//     SigmoidDerivative, Tanh): in float64 every backend, generic included; in float32 the
//     SIMD backends only, since generic, without a float32 FMA in Go, rounds twice where
//     they round once (TestSameAsGeneric in package kernels bounds that at 1 ULP). With no
//     SIMD backend (purego, a CPU without AVX2) the float32 lines are left out.
//
//   - The training ops (AddScaled, ReLUBackward, TanhBackward, SigmoidBackward): every
//     backend, both precisions, generic included (AddScaled's float32 FMA is rounded once
//     in Go too; the others are fixed sequences of IEEE operations).
//
// Softmax is not here: its row sum adds the same terms in a different order on each
// backend (as many accumulators as the vectors have lanes), so its bits differ in the last
// place by design.
func TestDigest(t *testing.T) {
	lines := matMulDigests(t)
	lines = append(lines, transcendentalDigests[float32](t)...)
	lines = append(lines, transcendentalDigests[float64](t)...)
	lines = append(lines, trainingDigests[float32](t)...)
	lines = append(lines, trainingDigests[float64](t)...)
	out := os.Getenv("LANES_DIGEST_OUT")
	if out == "" {
		t.Log("LANES_DIGEST_OUT names the file for the digests: none written")
		return
	}
	if err := os.WriteFile(out, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// transcendentalDigests runs each Within op of the catalogue on fixed inputs with every
// backend that must agree in T, checks that they do, and returns a line per op with the
// digest of their results.
func transcendentalDigests[T lanes.Float](t *testing.T) []string {
	saved, _ := kernels.Lookup(lanes.Backend())
	defer lanes.Use(saved)
	f32 := lanes.Is32[T]()
	var lines []string
	for _, e := range catalog.Table {
		if e.Test.Family != catalog.Within {
			continue
		}
		op := unaryOp[T](t, e.Name)
		x := digestInputs[T](e.Name)
		var first string // the first backend that must agree, and its results
		var want, generic []T
		for _, b := range kernels.Backends() {
			lanes.Use(b)
			got := make([]T, len(x))
			op(got, x)
			if f32 && b.Name == "generic" {
				generic = got
				continue
			}
			if want == nil {
				first, want = b.Name, got
				continue
			}
			if n, diffs := differences(x, got, want); n > 0 {
				t.Errorf("%s %T: %s's results differ from %s's on %d of %d inputs:\n%s",
					e.Name, T(0), b.Name, first, n, len(x), diffs)
			}
		}
		if want == nil {
			t.Logf("%s %T: no SIMD backend, no digest", e.Name, T(0))
			continue
		}
		if generic != nil {
			n, _ := differences(x, generic, want)
			t.Logf("%s %T: generic differs from %s on %d of %d inputs (left out of the digest)", e.Name, T(0), first, n, len(x))
		}
		lines = append(lines, fmt.Sprintf("%s %T %s", e.Name, T(0), digestOf(want)))
	}
	return lines
}

// trainingOps are the ops of a training step whose bits every backend shares.
var trainingOps = []string{"AddScaled", "ReLUBackward", "TanhBackward", "SigmoidBackward"}

// trainingDigests runs each training op on fixed inputs (AddScaled with a few constants)
// with every backend, checks that they agree, and returns a line per op with the digest
// of their results.
func trainingDigests[T lanes.Float](t *testing.T) []string {
	saved, _ := kernels.Lookup(lanes.Backend())
	defer lanes.Use(saved)
	var lines []string
	for _, name := range trainingOps {
		var op publicops.Op[T]
		for _, o := range publicops.Ops[T]() {
			if o.Name == name {
				op = o
			}
		}
		a, x := digestInputs[T](name+"/a"), digestInputs[T](name)
		run := func() []T {
			got := make([]T, len(x))
			switch {
			case op.Scaled != nil:
				var all []T
				for _, c := range []T{-0.001, 3, -1e30} {
					op.Scaled(got, a, c, x)
					all = append(all, got...)
				}
				return all
			case op.Binary != nil:
				op.Binary(got, a, x)
				return got
			}
			t.Fatalf("%s: no public op of its kind", name)
			return nil
		}
		var first string
		var want []T
		for _, b := range kernels.Backends() {
			lanes.Use(b)
			got := run()
			if want == nil {
				first, want = b.Name, got
				continue
			}
			xs := x // the input beside each result, for the message
			if op.Scaled != nil {
				xs = slices.Concat(x, x, x)
			}
			if n, diffs := differences(xs, got, want); n > 0 {
				t.Errorf("%s %T: %s's results differ from %s's on %d of %d inputs:\n%s", name, T(0), b.Name, first, n, len(got), diffs)
			}
		}
		lines = append(lines, fmt.Sprintf("%s %T %s", name, T(0), digestOf(want)))
	}
	return lines
}

// unaryOp returns the public op called name, which must be elementwise of one slice.
func unaryOp[T lanes.Float](t *testing.T, name string) func(dst, x []T) {
	for _, op := range publicops.Ops[T]() {
		if op.Name == name && op.Unary != nil {
			return op.Unary
		}
	}
	t.Fatalf("no public elementwise op %s for the catalogue's entry", name)
	return nil
}

// differences counts the results of got that are not want's (any NaN matches any NaN) and
// describes the first few.
func differences[T lanes.Float](x, got, want []T) (int, string) {
	n := 0
	var s strings.Builder
	for i := range x {
		if canonicalBits(got[i]) == canonicalBits(want[i]) {
			continue
		}
		if n++; n <= 8 {
			fmt.Fprintf(&s, "\tx = %v (%#x): %v (%#x), want %v (%#x)\n",
				x[i], bitsOf(x[i]), got[i], bitsOf(got[i]), want[i], bitsOf(want[i]))
		}
	}
	return n, s.String()
}

// digestOf is the SHA-256 of the results' bits, little-endian, every NaN written as the
// same quiet NaN: lanes promises NaN, not its sign or payload, and x86 and ARM make
// different NaNs (x86's default NaN has the sign bit set, ARM's has not).
func digestOf[T lanes.Float](y []T) string {
	h := sha256.New()
	b := make([]byte, 0, 8*len(y))
	for _, v := range y {
		if lanes.Is32[T]() {
			b = binary.LittleEndian.AppendUint32(b, uint32(canonicalBits(v)))
		} else {
			b = binary.LittleEndian.AppendUint64(b, canonicalBits(v))
		}
	}
	h.Write(b)
	return fmt.Sprintf("%x", h.Sum(nil))
}

func bitsOf[T lanes.Float](v T) uint64 {
	if lanes.Is32[T]() {
		return uint64(math.Float32bits(float32(v)))
	}
	return math.Float64bits(float64(v))
}

// canonicalBits is v's bits, with one quiet NaN for every NaN.
func canonicalBits[T lanes.Float](v T) uint64 {
	if v != v {
		if lanes.Is32[T]() {
			return 0x7fc00000
		}
		return 0x7ff8000000000000
	}
	return bitsOf(v)
}

// digestInputs returns the fixed inputs of the op called name: special values, the ends
// of the subnormals, the normals and the finite floats, and the thresholds where the
// transcendental ops overflow, underflow or saturate, each with its three neighbours on
// either side; then, seeded by the name, half any bit pattern at all (every binade of both
// signs, subnormals and NaNs of any payload included) and half uniform on [−128, 128)
// (fixed point, 2⁻¹⁶ apart for float32, 2⁻⁴⁵ for float64); 2¹⁶+37 in all, so that each
// backend's tail code runs too.
//
// The inputs are made from integers by operations that are exact (bit patterns, integer
// conversions, multiplications by powers of two, and constants the compiler rounds), so
// that they are the same on every GOARCH: Go may fuse x*y+z into an FMA on arm64 and not
// on amd64, and a value computed so would differ between the two runs CI compares.
func digestInputs[T lanes.Float](name string) []T {
	f32 := lanes.Is32[T]()
	var x []T
	add := func(v T) {
		x = append(x, v)
		if v != v || math.IsInf(float64(v), 0) {
			return
		}
		for k := 1; k <= 3; k++ { // neighbours, one to three ULPs away
			if f32 {
				b := math.Float32bits(float32(v))
				x = append(x, T(math.Float32frombits(b+uint32(k))))
				if b&^(1<<31) >= uint32(k) {
					x = append(x, T(math.Float32frombits(b-uint32(k))))
				}
			} else {
				b := math.Float64bits(float64(v))
				x = append(x, T(math.Float64frombits(b+uint64(k))))
				if b&^(1<<63) >= uint64(k) {
					x = append(x, T(math.Float64frombits(b-uint64(k))))
				}
			}
		}
	}
	// Special values; then, with both signs, the smallest subnormal, the smallest normal,
	// the largest float, and the thresholds: ln of the largest float, of the smallest
	// normal and of half the smallest subnormal (exp overflows, becomes subnormal, rounds
	// to 0), where tanh and σ round to ±1 and 1 (multiples of ln 2), small powers of two
	// (where tanh x rounds to x). Each precision has its own, every one representable in it.
	vs := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 1, -1, 0.5, -0.5, 2, -2}
	var ends []float64
	if f32 {
		ends = []float64{0x1p-149, 0x1p-126, math.MaxFloat32, 88.72284, 87.33654, 103.97208,
			8.317766, 9.010913, 16.635532, 17.32868, 0x1p-12, 0x1p-24}
	} else {
		ends = []float64{0x1p-1074, 0x1p-1022, math.MaxFloat64, 709.782712893384, 708.3964185322641,
			745.1332191019411, 18.714973875118524, 19.061547465398498, 36.7368005696771,
			37.42994775023705, 0x1p-27, 0x1p-53}
	}
	for _, v := range ends {
		vs = append(vs, v, -v)
	}
	for _, v := range vs {
		add(T(v))
	}
	h := fnv.New64a()
	h.Write([]byte(name))
	r := rand.New(rand.NewPCG(2026, h.Sum64()))
	for len(x) < 1<<16+37 {
		anyBits := r.IntN(2) == 0
		switch {
		case anyBits && f32:
			x = append(x, T(math.Float32frombits(r.Uint32())))
		case anyBits:
			x = append(x, T(math.Float64frombits(r.Uint64())))
		case f32:
			x = append(x, T(float32(r.Int32N(1<<24)-1<<23)*0x1p-16))
		default:
			x = append(x, T(float64(r.Int64N(1<<53)-1<<52)*0x1p-45))
		}
	}
	return x
}
