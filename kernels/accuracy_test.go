package kernels

import (
	"bufio"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/lanesimd/lanes/internal/catalog"
	"github.com/lanesimd/lanes/internal/ref"
)

// numpyDir holds NumPy's accuracy validation sets, in shared/ beside the checkout.
var numpyDir = filepath.Join("..", "..", "shared", "testdata", "numpy-validation")

// numpyKnownOff are the two float32 log rows whose expected output NumPy did not round
// correctly (SOURCE.md beside the data): a result within 1 ULP of the truth may be 2 ULP
// from them.
var numpyKnownOff = map[string]bool{"log/3f7ffffe": true, "log/3f4b0569": true}

// TestNumPyValidation checks Exp, Log and Tanh of every table against NumPy's validation
// sets: inputs NumPy chose, correctly rounded outputs. Every result must be within the
// kernel's ULP bound of the expected one (1 for Exp and Log, 2 for Tanh).
func TestNumPyValidation(t *testing.T) {
	if _, err := os.Stat(numpyDir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but NumPy's validation sets are missing: %v", err)
		}
		t.Skipf("NumPy's validation sets are not beside the checkout: %v", err)
	}
	for _, fn := range []string{"exp", "log", "tanh"} {
		rows := readNumPy(t, fn)
		for _, b := range Backends() {
			t.Run(b.Name+"/"+fn, func(t *testing.T) {
				checked := 0
				name := strings.ToUpper(fn[:1]) + fn[1:]
				for _, r := range rows {
					tol := uint64(catalog.EntryNamed(name).Test.ULP)
					if numpyKnownOff[fn+"/"+r.input] {
						tol = 2
					}
					var got, want uint64
					if r.f32 {
						in := math.Float32frombits(uint32(r.in))
						out := []float32{0}
						named[func(dst, x []float32)](b.F32, name)(out, []float32{in})
						got, want = uint64(math.Float32bits(out[0])), r.out
					} else {
						in := math.Float64frombits(r.in)
						out := []float64{0}
						named[func(dst, x []float64)](b.F64, name)(out, []float64{in})
						got, want = math.Float64bits(out[0]), r.out
					}
					if d := bitDistance(got, want, r.f32); d > tol {
						t.Errorf("%s(0x%s) %s: got 0x%x, want 0x%x (%d ULP)", fn, r.input, r.dtype(), got, want, d)
					}
					checked++
				}
				if checked < 100 {
					t.Fatalf("only %d rows checked", checked)
				}
			})
		}
	}
}

type numpyRow struct {
	f32     bool
	input   string
	in, out uint64
}

func (r numpyRow) dtype() string {
	if r.f32 {
		return "float32"
	}
	return "float64"
}

func readNumPy(t *testing.T, fn string) []numpyRow {
	f, err := os.Open(filepath.Join(numpyDir, "umath-validation-set-"+fn+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []numpyRow
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "dtype") {
			continue
		}
		fields := strings.Split(line, ",")
		if len(fields) < 3 {
			t.Fatalf("bad row %q", line)
		}
		in, err1 := strconv.ParseUint(strings.TrimPrefix(fields[1], "0x"), 16, 64)
		out, err2 := strconv.ParseUint(strings.TrimPrefix(fields[2], "0x"), 16, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("bad row %q", line)
		}
		rows = append(rows, numpyRow{fields[0] == "np.float32", strings.TrimPrefix(fields[1], "0x"), in, out})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// bitDistance counts the floats between two of the same sign (NaN matches NaN, and a
// sign mismatch is far).
func bitDistance(a, b uint64, f32 bool) uint64 {
	nan := func(x uint64) bool {
		if f32 {
			return math.IsNaN(float64(math.Float32frombits(uint32(x))))
		}
		return math.IsNaN(math.Float64frombits(x))
	}
	if nan(a) || nan(b) {
		if nan(a) && nan(b) {
			return 0
		}
		return math.MaxUint64
	}
	sign := uint64(1) << 63
	if f32 {
		sign = 1 << 31
	}
	if a&sign != b&sign {
		if (a|b)&^sign == 0 { // +0 and −0
			return 1
		}
		return math.MaxUint64
	}
	if a > b {
		return a - b
	}
	return b - a
}

// TestFloat32Exhaustive checks the Within entries that name Float32Inputs (Exp, Log and
// Tanh) of every table on every one of those float32 inputs: exp from −104 (below, 0) to
// 89 (above, +Inf), log on every positive finite float, tanh on 0 < |x| ≤ 10 (beyond, ±1).
// The reference is the float64 kernel of the best backend here (generic's bits on every
// backend, and a tenth of its time), itself checked against the double-double reference
// by TestFloat64Accuracy; its error, below 2⁻²⁷ float32 ULP, is inside the bound's 2⁻²⁰
// slack.
func TestFloat32Exhaustive(t *testing.T) {
	if !longTests() {
		t.Skip("LANES_LONG_TESTS=1 runs every float32 input")
	}
	// One pass per function computes the reference once for every backend.
	all := Backends()
	for i, e := range catalog.Table {
		if e.Test.Family != catalog.Within || e.Test.Float32Inputs == nil {
			continue
		}
		t.Run(e.Name, func(t *testing.T) {
			var k32 []func(dst, x []float32)
			for _, b := range all {
				k32 = append(k32, b.F32.entries()[i].(func(dst, x []float32)))
			}
			worst, at := exhaustive(e.Test.Float32Inputs, k32, all[0].F64.entries()[i].(func(dst, x []float64)))
			for i, b := range all {
				t.Logf("%s %s: worst %.4f ULP at %v (0x%08x)", b.Name, e.Name, worst[i], at[i], math.Float32bits(at[i]))
				if !(worst[i] <= e.Test.ULP+0x1p-20) {
					t.Errorf("%s: %s(%v) is %.4f ULP off", b.Name, e.Name, at[i], worst[i])
				}
			}
		})
	}
}

// exhaustive runs every k32 and the reference k64 over the ranges and returns each k32's
// worst error in ULPs and where it was.
func exhaustive(ranges [][2]uint32, k32 []func(dst, x []float32), k64 func(dst, x []float64)) ([]float64, []float32) {
	const batch = 1 << 14
	type job struct{ lo, hi uint32 }
	jobs := make(chan job)
	var mu sync.Mutex
	worst, worstAt := make([]float64, len(k32)), make([]float32, len(k32))
	var wg sync.WaitGroup
	for range max(2, runtimeCPU()) {
		wg.Go(func() {
			x, y := make([]float32, batch), make([]float32, batch)
			x64, y64 := make([]float64, batch), make([]float64, batch)
			w, wAt := make([]float64, len(k32)), make([]float32, len(k32))
			for j := range jobs {
				n := int(j.hi - j.lo)
				for i := range n {
					x[i] = math.Float32frombits(j.lo + uint32(i))
					x64[i] = float64(x[i])
				}
				k64(y64[:n], x64[:n])
				for k, f := range k32 {
					f(y[:n], x[:n])
					for i := range n {
						if u := ulps32(y[i], y64[i]); !(u <= w[k]) {
							w[k], wAt[k] = u, x[i]
							if math.IsNaN(u) {
								w[k] = math.Inf(1)
							}
						}
					}
				}
			}
			mu.Lock()
			for k := range w {
				if w[k] > worst[k] {
					worst[k], worstAt[k] = w[k], wAt[k]
				}
			}
			mu.Unlock()
		})
	}
	for _, r := range ranges {
		for lo := uint64(r[0]); lo <= uint64(r[1]); lo += batch {
			jobs <- job{uint32(lo), uint32(min(lo+batch, uint64(r[1])+1))}
		}
	}
	close(jobs)
	wg.Wait()
	return worst, worstAt
}

// ulps32 is ref.ULPs32(y, ref.Of(r)), with a fast path for the common case of finite y and
// r in float32's range: |y − r| (exact in float64 at these magnitudes, or within 2⁻⁵⁰ of
// it) over the float32 ULP of r's binade, 2^(max(e, −126) − 23).
func ulps32(y float32, r float64) float64 {
	e := int(math.Float64bits(r)>>52&0x7ff) - 1023
	if y-y != 0 || r-r != 0 || e > 127 || r == 0 {
		return ref.ULPs32(y, ref.Of(r))
	}
	if (float64(y) < 0) != (r < 0) && y != 0 {
		return math.Inf(1)
	}
	return math.Abs(float64(y)-r) * math.Float64frombits(uint64(1023-(max(e, -126)-23))<<52)
}

// TestFloat64Accuracy checks the float64 Exp, Log, Sigmoid, SigmoidDerivative and Tanh of
// every table against the double-double reference: 10⁷ random inputs each with
// LANES_LONG_TESTS=1, 2·10⁴ otherwise. Exp's inputs span the whole range, subnormal results
// and overflow included; Log's every exponent, subnormals included.
func TestFloat64Accuracy(t *testing.T) {
	randomAccuracy(t, func(b Backend) *Table[float64] { return b.F64 })
}

// TestFloat32Accuracy is TestFloat64Accuracy for float32; TestFloat32Exhaustive covers
// Exp and Log on every input besides.
func TestFloat32Accuracy(t *testing.T) {
	randomAccuracy(t, func(b Backend) *Table[float32] { return b.F32 })
}

func randomAccuracy[T Float](t *testing.T, tab func(Backend) *Table[T]) {
	n := 20000
	if longTests() {
		n = 10_000_000
	}
	for _, b := range Backends() {
		for _, e := range entriesOf(tab(b)) {
			if e.Test.Family != catalog.Within {
				continue
			}
			t.Run(b.Name+"/"+e.Name, func(t *testing.T) {
				worst, at := accuracy(e, n)
				t.Logf("%s %T %s: worst %.4f ULP at %v over %d inputs", b.Name, T(0), e.Name, worst, at, n)
				if !(worst <= e.Test.ULP) {
					t.Errorf("%s(%v) is %.4f ULP off, bound %v", e.Name, at, worst, e.Test.ULP)
				}
			})
		}
	}
}

// accuracy runs a Within entry on n inputs from its Sweep and returns its worst error in
// ULPs and where it was.
func accuracy[T Float](e entry[T], n int) (float64, T) {
	k := e.fn.(func(dst, x []T))
	workers := max(2, runtimeCPU())
	var mu sync.Mutex
	worst, worstAt := 0.0, T(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), uint64(len(e.Name))))
			const batch = 4096
			x, y := make([]T, batch), make([]T, batch)
			wst, wAt := 0.0, T(0)
			for done := w * batch; done < n; done += workers * batch {
				for i := range x {
					x[i] = T(e.Test.Sweep.Draw(r, !is32[T]()))
				}
				k(y, x)
				for i, v := range x {
					u := ulps(y[i], e.Test.Ref(float64(v)))
					if !(u <= wst) {
						wst, wAt = u, v
						if math.IsNaN(u) {
							wst = math.Inf(1)
						}
					}
				}
			}
			mu.Lock()
			if wst > worst {
				worst, worstAt = wst, wAt
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	return worst, worstAt
}

func runtimeCPU() int {
	n, _ := strconv.Atoi(os.Getenv("LANES_TEST_CPUS"))
	if n > 0 {
		return n
	}
	return runtime.NumCPU()
}
