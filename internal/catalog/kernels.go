package catalog

// sumAccs is the accumulator count of the sums: with two loads and two adds or FMAs a
// cycle and a latency of 3–4 cycles (amd64), or two to four 128-bit operations a cycle
// (NEON), 8 independent chains keep the ports busy. The tests' error bound for sums
// assumes at most 8 (a tree 7 deep over 8 vectors of 16 lanes).
const sumAccs = 8

// The inputs and the scalar most kernels name.
var x, a, b, c = In("x"), In("a"), In("b"), In("c")

// Kernels are the assembly kernels, in the order of the generated files.
var Kernels = []Kernel{
	{Name: "Sum", Kind: Sum, Inputs: []string{"x"}, Unroll: sumAccs, Body: x, Doc: "returns carry + Σ x[i]."},
	{Name: "SumSq", Kind: Sum, Inputs: []string{"x"}, Unroll: sumAccs, Body: Op("Mul", x, x), Doc: "returns carry + Σ x[i]²."},
	{Name: "Dot", Kind: Sum, Inputs: []string{"a", "b"}, Unroll: sumAccs, Body: Op("Mul", a, b),
		Doc: "returns carry + Σ a[i]·b[i] for i < len(a); len(b) ≥ len(a)."},
	{Name: "L1", Kind: Sum, Inputs: []string{"a", "b"}, Unroll: sumAccs, Body: Op("Abs", Op("Sub", a, b)),
		Doc: "returns carry + Σ |a[i]−b[i]| for i < len(a); len(b) ≥ len(a)."},
	{Name: "L2", Kind: Sum, Inputs: []string{"a", "b"}, Unroll: sumAccs, Body: Op("Mul", Op("Sub", a, b), Op("Sub", a, b)),
		Doc: "returns carry + Σ (a[i]−b[i])² for i < len(a); len(b) ≥ len(a)."},
	// NEON's max chain is one instruction of 2–3 cycles: 4 accumulators cover it.
	{Name: "Max", Kind: Max, Inputs: []string{"x"}, Unroll: 8, UnrollOn: map[string]int{"neon": 4},
		Doc: "returns the largest of carry and every x[i] as Go's max builtin has it (NaN wins, +0 over −0)."},

	{Name: "Add", Kind: Map, Inputs: []string{"a", "b"}, Unroll: 4, Body: Op("Add", a, b), Doc: "sets dst[i] = a[i] + b[i] for i < len(dst)."},
	{Name: "Sub", Kind: Map, Inputs: []string{"a", "b"}, Unroll: 4, Body: Op("Sub", a, b), Doc: "sets dst[i] = a[i] − b[i] for i < len(dst)."},
	{Name: "Mul", Kind: Map, Inputs: []string{"a", "b"}, Unroll: 4, Body: Op("Mul", a, b), Doc: "sets dst[i] = a[i] · b[i] for i < len(dst)."},
	{Name: "Div", Kind: Map, Inputs: []string{"a", "b"}, Unroll: 4, Chunk: ShortChunk, Body: Op("Div", a, b), Doc: "sets dst[i] = a[i] / b[i] for i < len(dst)."},
	{Name: "Maximum", Kind: Map, Inputs: []string{"a", "b"}, Unroll: 4, Body: Op("MaxGo", a, b),
		Doc: "sets dst[i] = max(a[i], b[i]) as Go's max builtin (NaN wins, +0 over −0) for i < len(dst)."},
	{Name: "Scale", Kind: Map, Inputs: []string{"x"}, Scalars: []string{"c"}, Unroll: 4, Body: Op("Mul", c, x),
		Doc: "sets dst[i] = c·x[i] for i < len(dst)."},
	{Name: "AddConst", Kind: Map, Inputs: []string{"x"}, Scalars: []string{"c"}, Unroll: 4, Body: Op("Add", x, c),
		Doc: "sets dst[i] = x[i] + c for i < len(dst)."},
	{Name: "DivConst", Kind: Map, Inputs: []string{"x"}, Scalars: []string{"c"}, Unroll: 4, Chunk: ShortChunk, Body: Op("Div", x, c),
		Doc: "sets dst[i] = x[i] / c for i < len(dst)."},
	{Name: "ReLU", Kind: Map, Inputs: []string{"x"}, Unroll: 4, Body: Op("MaxGo", x, Zero),
		Doc: "sets dst[i] = max(x[i], 0) as Go's max builtin (NaN stays NaN, −0 becomes +0)."},
	// The backward passes of training: the optimiser's step and the activations' gradients.
	// AddScaled is one FMA, so its bits are the same on every backend; ReLUBackward a
	// compare and an AND, not a multiply, so that a NaN or Inf gradient where x ≤ 0 gives 0.
	{Name: "AddScaled", Kind: Map, Inputs: []string{"a", "x"}, Scalars: []string{"c"}, Unroll: 4, Body: Op("Fma", c, x, a),
		Doc: "sets dst[i] = a[i] + c·x[i], rounded once (an FMA), for i < len(dst)."},
	{Name: "ReLUBackward", Kind: Map, Inputs: []string{"grad", "x"}, Unroll: 4, Body: Op("KeepLess", Zero, x, In("grad")),
		Doc: "sets dst[i] = grad[i] where 0 < x[i], and +0 elsewhere (NaN x included), for i < len(dst)."},
	{Name: "TanhBackward", Kind: Map, Inputs: []string{"grad", "y"}, Unroll: 4,
		Body: Op("Mul", In("grad"), Op("Mul", Op("Sub", C(1), In("y")), Op("Add", In("y"), C(1)))),
		Doc:  "sets dst[i] = grad[i]·((1 − y[i])·(1 + y[i])), each operation rounded, for i < len(dst)."},
	{Name: "SigmoidBackward", Kind: Map, Inputs: []string{"grad", "y"}, Unroll: 4,
		Body: Op("Mul", In("grad"), Op("Mul", In("y"), Op("Sub", C(1), In("y")))),
		Doc:  "sets dst[i] = grad[i]·(y[i]·(1 − y[i])), each operation rounded, for i < len(dst)."},
	// The transcendental kernels are long enough that two vectors a step fill the ports.
	{Name: "Exp", Kind: Map, Inputs: []string{"x"}, Unroll: 2, Chunk: ShortChunk, Body: Op("Exp", x),
		Doc: "sets dst[i] = exp(x[i]) for i < len(dst), within 1 ULP (the algorithm of generic.Exp)."},
	{Name: "Sigmoid", Kind: Map, Inputs: []string{"x"}, Unroll: 2, Chunk: ShortChunk, Body: Op("Sigmoid", x),
		Doc: "sets dst[i] = 1/(1+exp(−x[i])) for i < len(dst), within 2 ULP (generic.Sigmoid)."},
	{Name: "SigmoidDerivative", Kind: Map, Inputs: []string{"x"}, Unroll: 2, Chunk: ShortChunk, Body: Op("SigmoidDerivative", x),
		Doc: "sets dst[i] = σ(x[i])·σ(−x[i]) for i < len(dst), within 4 ULP (generic.SigmoidDerivative)."},
	{Name: "Log", Kind: Map, Inputs: []string{"x"}, Unroll: 2, Chunk: ShortChunk, Body: Op("Log", x),
		Doc: "sets dst[i] = log(x[i]) for i < len(dst), within 1 ULP (the algorithm of generic.Log)."},
	// One body a step on amd64, as LogLossLogitsTerms, for the module's size.
	{Name: "Log1p", Kind: Map, Inputs: []string{"x"}, Unroll: 1, UnrollOn: map[string]int{"neon": 2}, Chunk: ShortChunk, Body: Op("Log1p", x),
		Doc: "sets dst[i] = log(1 + x[i]) for i < len(dst), within 1 ULP (the algorithm of generic.Log1p)."},
	{Name: "Tanh", Kind: Map, Inputs: []string{"x"}, Unroll: 2, Chunk: ShortChunk, Body: Op("Tanh", x),
		Doc: "sets dst[i] = tanh(x[i]) for i < len(dst), within 2 ULP (the algorithm of generic.Tanh)."},
	{Name: "ExpSum", Kind: MapSum, Inputs: []string{"x"}, Scalars: []string{"m"}, Unroll: 2, Chunk: ShortChunk, Body: Op("Exp", Op("Sub", x, In("m"))),
		Doc: "sets dst[i] = exp(x[i] − m) for i < len(dst) and returns carry + their sum, summed in blocks as Sum: softmax's pass over a row."},
	// Binary cross-entropy from logits, term by term: the FMA max(z, 0) − z·y plus
	// log1p(exp(−|z|)), two parts ≥ 0 (for y in [0, 1]) whose sum cannot cancel. One body a
	// step (NEON's loop takes pairs): the out-of-order core overlaps the steps' independent
	// bodies all the same, and the body, over a hundred instructions, costs the module less
	// written twice than three times (Avo also finds no allocation of AVX-512's 32 vector
	// registers for two).
	{Name: "LogLossLogitsTerms", Kind: MapSum, Inputs: []string{"z", "y"}, Unroll: 1, UnrollOn: map[string]int{"neon": 2}, Chunk: ShortChunk,
		Body: Op("Add", Op("Fnma", In("z"), In("y"), Op("MaxGo", In("z"), Zero)), Op("Log1p", Op("Exp", Op("Sub", Zero, Op("Abs", In("z")))))),
		Doc:  "sets dst[i] = max(z[i], 0) − z[i]·y[i] + log1p(exp(−|z[i]|)) for i < len(dst) (generic.LogLossLogits' terms) and returns carry + their sum, summed in blocks as Sum."},

	// The matrix product's kernels: the register-blocked tile over packed panels, and the
	// direct path's rows, each over one block of k (generic.MatMulTile, MatMulRows). Tile:
	// rows × vectors, as many accumulators as cover the FMA latency with registers left for
	// the vectors of b and a broadcast element of a (AVX2 6×2 of 16 registers, AVX-512 12×2
	// and NEON 8×3 of 32). AVX-512's 12×2 ran a sliver of b against slivers of a from L2 at
	// 92% of the FMA peak, 8×2 at 78% and 14×2 at 94%; 12 wastes fewer rows in edge tiles
	// (4 of 256, 4 of 128 rows against 10 and 12).
	{Name: "MatMulTile", Kind: Own, Params: "c []T, ldc int, a []T, rsa, csa int, b []T, ldb, k, add int",
		Tile: map[string][2]int{"avx2": {6, 2}, "avx512": {12, 2}, "neon": {8, 3}},
		Doc:  "sets (or, if add is 1, increases) the tile c[i·ldc+j] to Σₚ a[i·rsa+p·csa]·b[p·ldb+j], one FMA chain over p < k from zero, for i < MR, j < NR; k > 0 (packed: rsa 1, csa MR, ldb NR)."},
	// The packing's copies: rows of a transposed a's slivers and of b's, 6 to 32 elements
	// each, which Go's copy() hands to memmove, a call a row.
	{Name: "PackCopy", Kind: Own, Params: "dst []T, ldd int, src []T, lds, rows, cols int",
		Doc: "copies rows rows of cols elements, row r of src at src[r·lds:] to dst[r·ldd:]: whole 32-byte moves, then 16, 8 and 4 bytes for the rest of a row."},
	// The packing of a's slivers where a is stored row by row: MR rows interleaved, a
	// column of MR elements after another, which Go did an element a load and a store at
	// a time (0.65 ns an element at 256×784, five times a copy's time: a sixth of the MLP's
	// products).
	{Name: "PackRows", Kind: Own, Params: "dst, src []T, lds, kc int",
		Doc: "sets dst[q·MR+i] = src[i·lds+q] for i < MR, q < kc, where MR is MatMulTile's rows: 32 bytes of each row at a time on amd64 (16 on NEON), transposed in registers, the last columns an element at a time."},
	{Name: "MatMulRows", Kind: Own, Params: "c []T, ldc int, a []T, lda, astep int, b []T, ldb, m, n, k, add int",
		Doc: "sets (or, if add is 1, increases) c[i·ldc+j] to Σₚ a[i·lda+p·astep]·b[p·ldb+j], one FMA chain over p < k from zero, for i < m, j < n; if add is 2, continues each chain from c[i·ldc+j] instead of zero, so that calls over consecutive steps give one chain's bits (four rows at a time share each load of b); k > 0 and n is a multiple of the vector length."},

	// A row of a against bᵀ without a transposed copy of b (the row vector's MatMulTransB,
	// 2.2× NumPy's time transposing 1×500·(2000×500)ᵀ): V rows of b read 16 bytes each a
	// step, transposed in registers, an FMA for each of the step's columns.
	{Name: "MatMulRowTransB", Kind: Own, Params: "c, a, b []T, ldb, n, k, add int", Width: map[string]int{"avx2": 32, "avx512": 32, "neon": 16},
		Doc: "sets (or, if add is 1, increases) c[j] to Σₚ a[p]·b[j·ldb+p], one FMA chain over p < k from zero, for j < n: MatMulRows' bits for a row of a against bᵀ. n is a multiple of four groups of V rows, V the lanes of its Width; k > 0 a multiple of the elements in 16 bytes."},

	// Transpose's blocks: a block of V rows read a vector a row, transposed in registers
	// (unpack, shuffle and lane permutes on amd64, TRN1/TRN2 on NEON), written a vector a
	// row of dst. Element by element, a strided matrix whose rows are a power of two apart
	// (1024×1024) missed L1 on every element, its rows all in one cache set.
	{Name: "TransposeTile", Kind: Own, Params: "dst []T, ldd int, src []T, lds, rows, cols int", Width: map[string]int{"avx2": 32, "avx512": 32, "neon": 16},
		Doc: "sets dst[j·ldd+i] = src[i·lds+j] for i < rows, j < cols, where rows and cols are multiples of the V lanes of its Width."},

	// The bench's measure of the FMA units, which MatMul's GFLOP/s are held against:
	// independent chains, more than latency × units on every CPU lanes targets.
	{Name: "FMAPeak", Kind: Own, Params: "n int", Result: "T", Unroll: 12, UnrollOn: map[string]int{"neon": 16},
		Doc: "runs n steps of its independent chains of vector FMAs x = 1·1 + x from x = 0 and returns the sum of every lane of every chain: the number of element FMAs it executed."},

	// Four rows at a time, so that each load of x serves four FMAs.
	{Name: "MatVec4", Kind: Own, Params: "dst, w []T, stride int, x []T",
		Doc: "sets dst[i] = Σⱼ w[i·stride+j]·x[j] for i < len(dst), j < len(x); len(dst) is a multiple of 4."},

	// Matrices of a vector or two a row (W·x for 400×2): a row's products fill a vector (or
	// two, added), and the pairwise adds that follow find the sums of V rows at once, where
	// MatVec4 reduces each row on its own. A row's vectors are whole loads, masked after
	// the load by an AND, so the elements past len(x) must lie in w: the composition hands
	// the last rows, whose vectors would reach past w's end, to Go.
	{Name: "MatVecNarrow", Kind: Own, Params: "dst, w []T, stride int, x []T", Width: map[string]int{"avx2": 32, "avx512": 32, "neon": 16},
		Doc: "sets dst[i] = Σⱼ w[i·stride+j]·x[j] for i < len(dst), j < len(x), where 0 < len(x) ≤ 2V for the V lanes of its Width: it reads each row's ⌈len(x)/V⌉ whole vectors from the row's start (elements from len(x) on are read, and left out of the sums), which w must hold; len(dst) is a multiple of V."},
}
