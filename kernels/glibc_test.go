package kernels

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/lanesimd/lanes/internal/catalog"
)

// glibcDir holds glibc's correctly rounded exp, log and tanh results (README.md there: the
// source commit, the format, how the rows were extracted and checked), in shared/ beside
// the checkout.
var glibcDir = filepath.Join("..", "..", "shared", "testdata", "glibc")

// TestGlibc checks Exp, Log and Tanh of every table, in both precisions, against glibc's
// correctly rounded results: every result within the kernel's ULP bound of glibc's (1 for
// Exp and Log, 2 for Tanh), and exactly glibc's where that is an infinity, a zero or NaN
// (an infinity, a zero or NaN is never an approximation of anything else: the result is one
// exactly when glibc's is). It logs the worst distance per backend, function and precision.
func TestGlibc(t *testing.T) {
	if _, err := os.Stat(glibcDir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but glibc's test data is missing: %v", err)
		}
		t.Skipf("glibc's test data is not beside the checkout: %v", err)
	}
	for _, fn := range []string{"exp", "log", "tanh"} {
		rows := readGlibc(t, fn)
		name := strings.ToUpper(fn[:1]) + fn[1:]
		bound := uint64(catalog.EntryNamed(name).Test.ULP)
		for _, b := range Backends() {
			t.Run(b.Name+"/"+fn, func(t *testing.T) {
				var worst [2]uint64 // float32, float64
				var checked, off [2]int
				for _, r := range rows {
					got := r.run(b, name)
					if err := glibcCheck(got, r.out, r.f32, bound); err != "" {
						t.Errorf("%s(0x%0*x) %s: got 0x%0*x, want 0x%0*x (%s; glibc's flags: %s)",
							fn, r.digits(), r.in, r.dtype(), r.digits(), got, r.digits(), r.out, err, r.flags)
					}
					p := 0
					if !r.f32 {
						p = 1
					}
					if d := bitDistance(got, r.out, r.f32); d != 0 {
						worst[p] = max(worst[p], d)
						off[p]++
					}
					checked[p]++
				}
				t.Logf("%s %s: float32 worst %d ULP (%d of %d rows not glibc's), float64 worst %d ULP (%d of %d); bound %d",
					b.Name, name, worst[0], off[0], checked[0], worst[1], off[1], checked[1], bound)
				if checked[0] < 20 || checked[1] < 30 {
					t.Fatalf("only %d float32 and %d float64 rows checked", checked[0], checked[1])
				}
			})
		}
	}
}

// glibcCheck says what is wrong with got as a result whose correctly rounded value is
// want, or "" if nothing is: a NaN, an infinity or a zero (with its sign) must be matched
// exactly, and in both directions; anything else must be within bound ULP.
func glibcCheck(got, want uint64, f32 bool, bound uint64) string {
	if exactOnly(got, f32) || exactOnly(want, f32) {
		if bitDistance(got, want, f32) != 0 {
			return "not exact"
		}
		return ""
	}
	if d := bitDistance(got, want, f32); d > bound {
		if d == math.MaxUint64 {
			return "wrong sign"
		}
		return strconv.FormatUint(d, 10) + " ULP, bound " + strconv.FormatUint(bound, 10)
	}
	return ""
}

// exactOnly says whether the float with bits x is NaN, ±Inf or ±0.
func exactOnly(x uint64, f32 bool) bool {
	if f32 {
		x <<= 32
	}
	exp := x << 1 >> 53
	return x<<1 == 0 || exp == 0x7ff
}

type glibcRow struct {
	f32     bool
	in, out uint64
	flags   string
}

func (r glibcRow) dtype() string { return numpyRow{f32: r.f32}.dtype() }

// digits is the width of the row's bit patterns in hex.
func (r glibcRow) digits() int {
	if r.f32 {
		return 8
	}
	return 16
}

// run returns the bits of name(input) computed by b's table of the row's precision.
func (r glibcRow) run(b Backend, name string) uint64 {
	if r.f32 {
		out := []float32{0}
		named[func(dst, x []float32)](b.F32, name)(out, []float32{math.Float32frombits(uint32(r.in))})
		return uint64(math.Float32bits(out[0]))
	}
	out := []float64{0}
	named[func(dst, x []float64)](b.F64, name)(out, []float64{math.Float64frombits(r.in)})
	return math.Float64bits(out[0])
}

// readGlibc reads fn.tsv: FORMAT, INPUT-BITS, EXPECTED-BITS and FLAGS, tab-separated.
func readGlibc(t *testing.T, fn string) []glibcRow {
	f, err := os.Open(filepath.Join(glibcDir, fn+".tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []glibcRow
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) != 4 || (fields[0] != "f32" && fields[0] != "f64") {
			t.Fatalf("%s.tsv: bad row %q", fn, line)
		}
		f32 := fields[0] == "f32"
		bits := 64
		if f32 {
			bits = 32
		}
		in, err1 := strconv.ParseUint(fields[1], 16, bits)
		out, err2 := strconv.ParseUint(fields[2], 16, bits)
		if err1 != nil || err2 != nil || len(fields[1]) != bits/4 || len(fields[2]) != bits/4 {
			t.Fatalf("%s.tsv: bad row %q", fn, line)
		}
		rows = append(rows, glibcRow{f32, in, out, fields[3]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestGlibcSpecialValues checks the special cases glibc writes by hand at the top of its
// math/libm-test-{exp,log,tanh}.inc (the commit in glibcDir's README), on every table in
// both precisions, plus Exp(±0) = 1, Log(1) = +0 and Tanh(±0) = ±0. A NaN result may have
// either sign and any payload; as in glibc's own check it must be quiet, also for a
// signaling NaN in (Log returns x + x for a NaN, as generic does, which quiets it).
// Every other result must have the expected bits.
func TestGlibcSpecialValues(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	const (
		qnan32, snan32 = 0x7fc00000, 0x7fa00000
		qnan64, snan64 = 0x7ff8000000000000, 0x7ff4000000000000
	)
	// The NaN inputs are bits in each precision (sign, quiet or signaling); the others are
	// float64 values, converted exactly to float32 for that precision.
	nans := []struct {
		name   string
		bits32 uint32
		bits64 uint64
	}{
		{"qNaN", qnan32, qnan64},
		{"-qNaN", qnan32 | 1<<31, qnan64 | 1<<63},
		{"sNaN", snan32, snan64},
		{"-sNaN", snan32 | 1<<31, snan64 | 1<<63},
	}
	type special struct{ in, want float64 }
	tiny := func(f32 bool) float64 { // the smallest subnormal
		if f32 {
			return 0x1p-149
		}
		return 0x1p-1074
	}
	minNormal := func(f32 bool) float64 {
		if f32 {
			return 0x1p-126
		}
		return 0x1p-1022
	}
	largest := func(f32 bool) float64 {
		if f32 {
			return math.MaxFloat32
		}
		return math.MaxFloat64
	}
	cases := map[string]func(f32 bool) []special{
		"Exp": func(bool) []special {
			return []special{{inf, inf}, {-inf, 0}, {0, 1}, {math.Copysign(0, -1), 1}}
		},
		"Log": func(f32 bool) []special {
			return []special{{0, -inf}, {math.Copysign(0, -1), -inf}, {-1, nan}, {-tiny(f32), nan},
				{-minNormal(f32), nan}, {-largest(f32), nan}, {-inf, nan}, {inf, inf}, {1, 0}}
		},
		"Tanh": func(bool) []special {
			return []special{{inf, 1}, {-inf, -1}, {0, 0}, {math.Copysign(0, -1), math.Copysign(0, -1)}}
		},
	}
	for _, b := range Backends() {
		for _, name := range []string{"Exp", "Log", "Tanh"} {
			t.Run(b.Name+"/"+name, func(t *testing.T) {
				for _, f32 := range []bool{true, false} {
					r := glibcRow{f32: f32}
					check := func(what string, in uint64, want float64) {
						r.in = in
						got := r.run(b, name)
						if math.IsNaN(want) {
							switch {
							case quietNaN(got, f32):
							case !bitsNaN(got, f32):
								t.Errorf("%s(%s) %s: got 0x%0*x, want NaN", name, what, r.dtype(), r.digits(), got)
							default:
								t.Errorf("%s(%s) %s: got 0x%0*x, a signaling NaN; want a quiet one", name, what, r.dtype(), r.digits(), got)
							}
							return
						}
						w := math.Float64bits(want)
						if f32 {
							w = uint64(math.Float32bits(float32(want)))
						}
						if got != w {
							t.Errorf("%s(%s) %s: got 0x%0*x, want 0x%0*x (%v)", name, what, r.dtype(), r.digits(), got, r.digits(), w, want)
						}
					}
					for _, c := range cases[name](f32) {
						in := math.Float64bits(c.in)
						if f32 {
							in = uint64(math.Float32bits(float32(c.in)))
						}
						check(strconv.FormatFloat(c.in, 'g', -1, 64), in, c.want)
					}
					for _, n := range nans {
						in := n.bits64
						if f32 {
							in = uint64(n.bits32)
						}
						check(n.name, in, nan)
					}
				}
			})
		}
	}
}

// bitsNaN says whether the float with bits x is a NaN.
func bitsNaN(x uint64, f32 bool) bool {
	if f32 {
		return x&0x7f800000 == 0x7f800000 && x&0x7fffff != 0
	}
	return x&0x7ff0000000000000 == 0x7ff0000000000000 && x&0xfffffffffffff != 0
}

// quietNaN says whether the float with bits x is a quiet NaN: all exponent bits and the
// mantissa's top bit set.
func quietNaN(x uint64, f32 bool) bool {
	if f32 {
		return x&0x7fc00000 == 0x7fc00000
	}
	return x&0x7ff8000000000000 == 0x7ff8000000000000
}
