package lanes

import "testing"

func TestNewMatrix(t *testing.T) {
	m := NewMatrix[float32](3, 4)
	if m.Rows != 3 || m.Cols != 4 || m.Stride != 4 || len(m.Data) != 12 {
		t.Fatalf("NewMatrix(3, 4) = %d×%d stride %d len %d", m.Rows, m.Cols, m.Stride, len(m.Data))
	}
	for _, v := range m.Data {
		if v != 0 {
			t.Fatal("NewMatrix is not zeroed")
		}
	}
	if e := NewMatrix[float64](0, 0); e.Rows != 0 || len(e.Data) != 0 {
		t.Errorf("NewMatrix(0, 0) = %+v", e)
	}
}

func TestMatrixViews(t *testing.T) {
	data := []float64{0, 1, 2, 3, 4, 5}
	m := MatrixOf(2, 3, data)
	if m.At(1, 2) != 5 || m.At(0, 1) != 1 {
		t.Errorf("At: got %v %v", m.At(1, 2), m.At(0, 1))
	}
	r := m.Row(1)
	if len(r) != 3 || cap(r) != 3 || r[0] != 3 {
		t.Errorf("Row(1) = %v with cap %d", r, cap(r))
	}
	r[0] = 30 // a view: writes reach the matrix
	if data[3] != 30 {
		t.Error("Row is not a view")
	}
	// Appending to a row never overwrites the next one: its capacity is its length.
	_ = append(m.Row(0), 99)
	if data[3] != 30 {
		t.Error("append to a row overwrote the next row")
	}

	re := Reshape(m, 3, 2)
	if re.Rows != 3 || re.Cols != 2 || re.Stride != 2 || re.At(1, 1) != 30 {
		t.Errorf("Reshape = %+v", re)
	}
	re.Data[0] = -1
	if data[0] != -1 {
		t.Error("Reshape is not a view")
	}
	// One row of a padded matrix is contiguous, so it reshapes.
	padded := Matrix[float64]{Rows: 1, Cols: 4, Stride: 7, Data: make([]float64, 7)}
	if v := Reshape(padded, 2, 2); v.Rows != 2 || len(v.Data) != 4 {
		t.Errorf("Reshape of one padded row = %+v", v)
	}
	if v := Reshape(NewMatrix[float32](0, 5), 5, 0); v.Rows != 5 || v.Cols != 0 {
		t.Errorf("Reshape of an empty matrix = %+v", v)
	}

	img := make([]float32, 2*3*4)
	v := Image2Vector(img, 2, 3, 4)
	if v.Rows != 24 || v.Cols != 1 || v.Stride != 1 || &v.Data[0] != &img[0] {
		t.Errorf("Image2Vector = %d×%d stride %d, shares memory %v", v.Rows, v.Cols, v.Stride, &v.Data[0] == &img[0])
	}
}

// Matrices from gonum's blas64.General (same fields, same meaning) work unchanged,
// padding included.
func TestStridedMatrixIsAView(t *testing.T) {
	m := Matrix[float64]{Rows: 2, Cols: 2, Stride: 3, Data: []float64{1, 2, -7, 3, 4}}
	if m.At(1, 0) != 3 || m.Row(1)[1] != 4 {
		t.Errorf("strided access: %v %v", m.At(1, 0), m.Row(1))
	}
	sums := make([]float64, 2)
	RowSums(sums, m)
	if sums[0] != 3 || sums[1] != 7 {
		t.Errorf("RowSums = %v, want [3 7]: the padding was read", sums)
	}
}
