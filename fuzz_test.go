package lanes_test

import (
	bin "encoding/binary"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lanesimd/lanes"
	"github.com/lanesimd/lanes/kernels"
)

// FuzzMatrixOps fuzzes the ops that package lanes composes from kernels rather than
// passing straight through: the eight broadcasts, Softmax and NormalizeRows, on shapes,
// strides and values from the fuzzer (any float64 bit pattern for the broadcasts), on every
// backend, against float64 computations. The kernels themselves have fuzz targets per
// family in package kernels.
func FuzzMatrixOps(f *testing.F) {
	f.Add(uint8(2), uint8(3), uint8(1), uint8(0), []byte("0123456789abcdef0123456789abcdef0123456789abcdef"))
	f.Add(uint8(1), uint8(1), uint8(0), uint8(9), []byte{0, 0, 0, 0, 0, 0, 0xf8, 0x7f})
	f.Add(uint8(4), uint8(7), uint8(2), uint8(8), make([]byte, 200))
	f.Fuzz(func(t *testing.T, rows, cols, padding, op uint8, data []byte) {
		r, c, p := int(rows%9), int(cols%40), int(padding%3)
		next := func() float64 {
			if len(data) < 8 {
				return 1
			}
			v := math.Float64frombits(bin.LittleEndian.Uint64(data))
			data = data[8:]
			return v
		}
		m := lanes.Matrix[float64]{Rows: r, Cols: c, Stride: c + p, Data: make([]float64, max(0, (r-1)*(c+p)+c))}
		for i := range m.Data {
			m.Data[i] = next()
		}
		saved, _ := kernels.Lookup(lanes.Backend())
		defer lanes.Use(saved)
		for _, b := range kernels.Backends() {
			lanes.Use(b)
			fuzzMatrixOp(t, b.Name, m, int(op%10), next)
		}
	})
}

func fuzzMatrixOp(t *testing.T, backend string, m lanes.Matrix[float64], op int, next func() float64) {
	dst := lanes.NewMatrix[float64](m.Rows, m.Cols)
	col, row := make([]float64, m.Rows), make([]float64, m.Cols)
	for i := range col {
		col[i] = next()
	}
	for i := range row {
		row[i] = next()
	}
	type bc struct {
		f func(dst, m lanes.Matrix[float64], v []float64)
		v []float64
		g func(x, v float64) float64
		c bool
	}
	add, sub := func(x, v float64) float64 { return x + v }, func(x, v float64) float64 { return x - v }
	mul, div := func(x, v float64) float64 { return x * v }, func(x, v float64) float64 { return x / v }
	bcs := []bc{
		{lanes.AddCol[float64], col, add, true}, {lanes.SubCol[float64], col, sub, true},
		{lanes.MulCol[float64], col, mul, true}, {lanes.DivCol[float64], col, div, true},
		{lanes.AddRow[float64], row, add, false}, {lanes.SubRow[float64], row, sub, false},
		{lanes.MulRow[float64], row, mul, false}, {lanes.DivRow[float64], row, div, false},
	}
	switch {
	case op < len(bcs):
		b := bcs[op]
		b.f(dst, m, b.v)
		for i := range m.Rows {
			for j := range m.Cols {
				k := j
				if b.c {
					k = i
				}
				v := b.v[k]
				if want := b.g(m.At(i, j), v); !same(dst.At(i, j), want) {
					t.Fatalf("%s broadcast %d (%d,%d): %v op %v = %v, want %v", backend, op, i, j, m.At(i, j), v, dst.At(i, j), want)
				}
			}
		}
	case op == 8:
		lanes.Softmax(dst, m)
		for i := range m.Rows {
			checkSoftmaxRow(t, backend, m.Row(i), dst.Row(i))
		}
	default:
		lanes.NormalizeRows(dst, m)
		for i := range m.Rows {
			checkNormalizedRow(t, backend, m.Row(i), dst.Row(i))
		}
	}
}

func checkSoftmaxRow(t *testing.T, backend string, x, got []float64) {
	mx := math.Inf(-1)
	for _, v := range x {
		mx = max(mx, v)
	}
	sum := 0.0
	for _, v := range x {
		sum += math.Exp(v - mx)
	}
	for j, v := range x {
		want := math.Exp(v-mx) / sum
		if math.IsNaN(want) || math.IsNaN(mx) {
			if !math.IsNaN(got[j]) {
				t.Fatalf("%s Softmax(%v)[%d] = %v, want NaN", backend, x, j, got[j])
			}
			continue
		}
		if math.Abs(got[j]-want) > 1e-13*want+1e-300 {
			t.Fatalf("%s Softmax(%v)[%d] = %v, want %v", backend, x, j, got[j], want)
		}
	}
}

func checkNormalizedRow(t *testing.T, backend string, x, got []float64) {
	norm := 0.0
	for _, v := range x {
		norm = math.Hypot(norm, v)
	}
	for j, v := range x {
		want := v / norm
		if norm == 0 {
			want = v
		}
		if math.IsNaN(want) || math.IsInf(norm, 0) {
			if math.IsNaN(want) != math.IsNaN(got[j]) {
				t.Fatalf("%s NormalizeRows(%v)[%d] = %v, want %v", backend, x, j, got[j], want)
			}
			continue
		}
		if math.Abs(got[j]-want) > 1e-13*math.Abs(want)+1e-300 {
			t.Fatalf("%s NormalizeRows(%v)[%d] = %v, want %v", backend, x, j, got[j], want)
		}
	}
}

// FuzzMatMul fuzzes the products on shapes, paddings, transpositions, precisions and thread
// counts from the fuzzer, with values from its bytes (moderate ones, so that no order of
// summation overflows): every backend must give the bits of the FMA chains, on any thread
// count. how picks the product (how%3), the padding (how/3%3) and float32 (how/9%2 == 1).
func FuzzMatMul(f *testing.F) {
	f.Add(uint8(3), uint8(5), uint16(7), uint8(0), uint8(1), []byte("lanes: products of any shape"))
	f.Add(uint8(17), uint8(40), uint16(300), uint8(3), uint8(3), make([]byte, 64))
	f.Add(uint8(0), uint8(9), uint16(0), uint8(1), uint8(2), []byte{1})
	f.Add(uint8(1), uint8(37), uint16(300), uint8(2), uint8(1), []byte("a row against bᵀ: MatMulRowTransB and its remainder"))
	f.Add(uint8(13), uint8(33), uint16(270), uint8(9+5), uint8(2), []byte("float32, transposed b"))
	f.Add(uint8(1), uint8(37), uint16(300), uint8(9+2), uint8(3), []byte("float32, a row against bᵀ"))
	f.Add(uint8(20), uint8(10), uint16(300), uint8(9), uint8(1), []byte("float32, 10 columns: the narrow tile"))
	f.Fuzz(func(t *testing.T, m, n uint8, k uint16, how, threads uint8, data []byte) {
		splitting(t)
		name := []string{"MatMul", "MatMulTransA", "MatMulTransB"}[int(how)%3]
		seed := uint64(len(data))
		for _, b := range data {
			seed = seed*131 + uint64(b)
		}
		r := rand.New(rand.NewPCG(seed, 7))
		if how/9%2 == 1 {
			fuzzProduct(t, newProductCase[float32](r, name, int(m%40), int(n%40), int(k%600), int(how/3)%3), threads)
		} else {
			fuzzProduct(t, newProductCase[float64](r, name, int(m%40), int(n%40), int(k%600), int(how/3)%3), threads)
		}
	})
}

func fuzzProduct[T lanes.Float](t *testing.T, c productCase[T], threads uint8) {
	want := c.want()
	saved, _ := kernels.Lookup(lanes.Backend())
	defer lanes.Use(saved)
	defer lanes.SetMaxThreads(lanes.SetMaxThreads(1 + int(threads%4)))
	for _, b := range kernels.Backends() {
		lanes.Use(b)
		if err := c.check(want); err != nil {
			t.Fatal(err)
		}
	}
}
