package generic

// The elementwise kernels: len(a), len(b) and len(x) equal len(dst), and dst may be the
// very same slice as an input. Each result is one IEEE operation, so every backend must
// match these bit for bit.

// Add sets dst[i] = a[i] + b[i].
func Add[T Float](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] + b[i]
	}
}

// Sub sets dst[i] = a[i] − b[i].
func Sub[T Float](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] - b[i]
	}
}

// Mul sets dst[i] = a[i] · b[i].
func Mul[T Float](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] * b[i]
	}
}

// Div sets dst[i] = a[i] / b[i].
func Div[T Float](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] / b[i]
	}
}

// Maximum sets dst[i] = max(a[i], b[i]) as Go's max builtin: NaN wins, +0 over −0.
func Maximum[T Float](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = max(a[i], b[i])
	}
}

// ReLU sets dst[i] = max(x[i], 0) as Go's max builtin: NaN stays NaN, −0 becomes +0.
func ReLU[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i := range dst {
		dst[i] = max(x[i], 0)
	}
}

// Scale sets dst[i] = c · x[i].
func Scale[T Float](dst, x []T, c T) {
	x = x[:len(dst)]
	for i := range dst {
		dst[i] = c * x[i]
	}
}

// AddConst sets dst[i] = x[i] + c.
func AddConst[T Float](dst, x []T, c T) {
	x = x[:len(dst)]
	for i := range dst {
		dst[i] = x[i] + c
	}
}

// DivConst sets dst[i] = x[i] / c: a true division, not a multiplication by 1/c, so each
// result is correctly rounded.
func DivConst[T Float](dst, x []T, c T) {
	x = x[:len(dst)]
	for i := range dst {
		dst[i] = x[i] / c
	}
}
