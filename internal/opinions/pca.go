package opinions

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
)

// PCA tolerances and limits.
const (
	// pcaTol stops the iteration: the power iteration (Replay) once the unit
	// component moves by less than this in one step, the subspace iteration
	// once each eigen-residual is below pcaTol times the largest eigenvalue.
	pcaTol = 1e-9
	// DefaultPCAIters is the default cap on PCA iterations. Pol.is runs
	// 100 power iterations per update but starts from the previous update's
	// components, so in a live conversation they are converged; a one-shot
	// computation iterates to convergence (usually far fewer than this).
	DefaultPCAIters = 1000
)

// ratingCSR is the centred, mean-imputed rating matrix in compressed sparse
// row form. With mean imputation a cell nobody filled is exactly the column
// mean, so after centring it is 0: the centred matrix has one non-zero per
// vote. Zeroed (moderated-out) columns are 0 for every row and are left out.
type ratingCSR struct {
	ptr       []int     // row i is col[ptr[i]:ptr[i+1]]
	col       []int32   // column of each entry
	val       []float64 // vote minus column mean
	ncols     int
	bufs      [][]float64   // per-chunk accumulators of gram
	blockBufs [][][]float64 // per-chunk accumulators of gramBlock
}

// Work on more than parallelMin rows or points is split into
// parallelChunks chunks run concurrently.
const (
	parallelMin    = 20_000
	parallelChunks = 4
)

// inChunks calls f for parallelChunks contiguous ranges of [0, n)
// concurrently and waits for them.
func inChunks(n int, f func(chunk, lo, hi int)) {
	var wg sync.WaitGroup
	for c := range parallelChunks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(c, c*n/parallelChunks, (c+1)*n/parallelChunks)
		}()
	}
	wg.Wait()
}

// buildCSR centres the votes of c by the column means in center.
func buildCSR(c *Conversation, center []float64, zeroed []bool) *ratingCSR {
	m := &ratingCSR{ptr: make([]int, 1, len(c.rows)+1), ncols: len(c.tids)}
	m.col = make([]int32, 0, c.nVotes)
	m.val = make([]float64, 0, c.nVotes)
	for _, row := range c.rows {
		for _, x := range row {
			if zeroed[x.col] {
				continue
			}
			m.col = append(m.col, x.col)
			m.val = append(m.val, float64(x.val)-center[x.col])
		}
		m.ptr = append(m.ptr, len(m.col))
	}
	return m
}

// gram sets out = MᵀM v, the product by the covariance matrix without
// forming it: out = Σ_rows (row·v) row. Large matrices are split into a
// fixed number of row chunks summed in a fixed order, so the result does not
// depend on the number of CPUs.
func (m *ratingCSR) gram(v, out []float64) {
	rows := len(m.ptr) - 1
	if rows < parallelMin {
		clear(out)
		m.gramRows(0, rows, v, out)
		return
	}
	if m.bufs == nil {
		m.bufs = make([][]float64, parallelChunks-1)
		for i := range m.bufs {
			m.bufs[i] = make([]float64, len(out))
		}
	}
	inChunks(rows, func(c, lo, hi int) {
		dst := out
		if c > 0 {
			dst = m.bufs[c-1]
		}
		clear(dst)
		m.gramRows(lo, hi, v, dst)
	})
	for _, b := range m.bufs {
		for i, x := range b {
			out[i] += x
		}
	}
}

// gramRows adds Σ_{lo<=i<hi} (row_i·v) row_i to out.
func (m *ratingCSR) gramRows(lo, hi int, v, out []float64) {
	for i := lo; i < hi; i++ {
		lo, hi := m.ptr[i], m.ptr[i+1]
		cols, vals := m.col[lo:hi], m.val[lo:hi]
		s := 0.0
		for k, j := range cols {
			s += vals[k] * v[j]
		}
		if s == 0 {
			continue
		}
		for k, j := range cols {
			out[j] += s * vals[k]
		}
	}
}

// powerIteration returns the leading unit eigenvector of P MᵀM P, where P
// projects out the (orthonormal) vectors in deflate, as in Pol.is's
// Gram–Schmidt deflation of the data rows. It iterates v ← P MᵀM P v / ‖·‖
// from start until v moves by less than pcaTol or after maxIter iterations.
func powerIteration(m *ratingCSR, start []float64, deflate [][]float64, maxIter int) []float64 {
	n := len(start)
	v := append([]float64(nil), start...)
	orthogonalise(v, deflate)
	if normalise(v) == 0 {
		for i := range v {
			v[i] = 1
		}
		orthogonalise(v, deflate)
		if normalise(v) == 0 {
			return make([]float64, n)
		}
	}
	y := make([]float64, n)
	for range maxIter {
		m.gram(v, y)
		orthogonalise(y, deflate)
		if normalise(y) == 0 {
			return make([]float64, n) // no variance left
		}
		d := 0.0
		for i := range v {
			d += (y[i] - v[i]) * (y[i] - v[i])
		}
		v, y = y, v
		if math.Sqrt(d) < pcaTol {
			break
		}
	}
	return v
}

func orthogonalise(v []float64, basis [][]float64) {
	for _, b := range basis {
		p := dot(v, b)
		for i := range v {
			v[i] -= p * b[i]
		}
	}
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// normalise scales v to unit length and returns its former length.
func normalise(v []float64) float64 {
	l := math.Sqrt(dot(v, v))
	if l == 0 || math.IsNaN(l) {
		return 0
	}
	for i := range v {
		v[i] /= l
	}
	return l
}

// pcaBlock is the block size of the subspace iteration: iterating four
// vectors makes the leading two converge at the rate λ5/λ2 rather than
// λ2/λ1, which matters when the two largest eigenvalues are close (two
// opinion axes of similar strength).
const pcaBlock = 4

// pca computes the leading nComps principal components of m: the unit
// eigenvectors of MᵀM with the largest eigenvalues, in decreasing order. At
// convergence these are exactly what Pol.is's power iteration with
// deflation converges to; we get there by subspace iteration with a
// Rayleigh–Ritz step (Saad, "Numerical Methods for Large Eigenvalue
// Problems", 2nd ed., §5.2): Y = MᵀM V; H = VᵀY; H = QΘQᵀ; stop when the
// residual ‖MᵀM u − θu‖ of each wanted Ritz pair u = Vq is below pcaTol·θ1,
// else V ← orthonormalised YQ. Start vectors are uniform in [0,1) from rng.
// Each component's sign is fixed so that its largest entry is positive.
func pca(m *ratingCSR, nComps, maxIter int, rng *rand.Rand) [][]float64 {
	n := m.ncols
	b := min(pcaBlock, n)
	comps := make([][]float64, nComps)
	for k := range comps {
		comps[k] = make([]float64, n)
	}
	if b == 0 {
		return comps
	}
	V := make([][]float64, b)
	Y := make([][]float64, b)
	for j := range V {
		V[j] = make([]float64, n)
		Y[j] = make([]float64, n)
		for i := range V[j] {
			V[j][i] = rng.Float64()
		}
	}
	orthonormalise(V)
	H := make([][]float64, b)
	for j := range H {
		H[j] = make([]float64, b)
	}
	want := min(nComps, b)
	var theta []float64
	var Q [][]float64
	for it := 0; ; it++ {
		m.gramBlock(V, Y)
		for i := range b {
			for j := range b {
				H[i][j] = dot(V[i], Y[j])
			}
		}
		theta, Q = symEigen(H)
		if theta[0] <= 0 {
			return comps // no variance at all
		}
		if it+1 >= maxIter || converged(V, Y, theta, Q, want) {
			break
		}
		// V ← orth(Y Q): the images of the Ritz vectors, in order.
		for j := range b {
			v := V[j]
			clear(v)
			for l := range b {
				q := Q[l][j]
				for i, y := range Y[l] {
					v[i] += q * y
				}
			}
		}
		orthonormalise(V)
	}
	for k := range want {
		if theta[k] <= 0 {
			break
		}
		u := comps[k]
		for l := range b {
			q := Q[l][k]
			for i, v := range V[l] {
				u[i] += q * v
			}
		}
		normalise(u)
		fixSign(u)
	}
	return comps
}

// converged reports whether the first want Ritz pairs have residuals below
// pcaTol·θ1. With u = Vq, MᵀM u = Yq, so the residual is Yq − θVq.
func converged(V, Y [][]float64, theta []float64, Q [][]float64, want int) bool {
	n := len(V[0])
	for k := range want {
		r := 0.0
		for i := range n {
			d := 0.0
			for l := range V {
				d += Q[l][k] * (Y[l][i] - theta[k]*V[l][i])
			}
			r += d * d
		}
		if math.Sqrt(r) > pcaTol*theta[0] {
			return false
		}
	}
	return true
}

// gramBlock sets Y[j] = MᵀM V[j] for every j in one pass over the rows
// (in fixed parallel chunks for large matrices, as gram).
func (m *ratingCSR) gramBlock(V, Y [][]float64) {
	rows := len(m.ptr) - 1
	if rows < parallelMin {
		for _, y := range Y {
			clear(y)
		}
		m.gramBlockRows(0, rows, V, Y)
		return
	}
	if m.blockBufs == nil {
		m.blockBufs = make([][][]float64, parallelChunks-1)
		for c := range m.blockBufs {
			m.blockBufs[c] = make([][]float64, len(Y))
			for j := range Y {
				m.blockBufs[c][j] = make([]float64, len(Y[j]))
			}
		}
	}
	inChunks(rows, func(c, lo, hi int) {
		dst := Y
		if c > 0 {
			dst = m.blockBufs[c-1]
		}
		for _, y := range dst {
			clear(y)
		}
		m.gramBlockRows(lo, hi, V, dst)
	})
	for _, buf := range m.blockBufs {
		for j, b := range buf {
			y := Y[j]
			for i, x := range b {
				y[i] += x
			}
		}
	}
}

// gramBlockRows adds Σ_{lo<=i<hi} (row_i·V[j]) row_i to Y[j] for every j.
func (m *ratingCSR) gramBlockRows(lo, hi int, V, Y [][]float64) {
	b := len(V)
	var s [pcaBlock]float64
	for i := lo; i < hi; i++ {
		p, q := m.ptr[i], m.ptr[i+1]
		cols, vals := m.col[p:q], m.val[p:q]
		for j := range b {
			v := V[j]
			t := 0.0
			for k, c := range cols {
				t += vals[k] * v[c]
			}
			s[j] = t
		}
		for j := range b {
			if s[j] == 0 {
				continue
			}
			y, sj := Y[j], s[j]
			for k, c := range cols {
				y[c] += sj * vals[k]
			}
		}
	}
}

// orthonormalise applies modified Gram–Schmidt to the vectors in place; a
// vector dependent on the earlier ones becomes zero.
func orthonormalise(V [][]float64) {
	for j := range V {
		orthogonalise(V[j], V[:j])
		if normalise(V[j]) < 1e-300 {
			clear(V[j])
		}
	}
}

// fixSign makes the entry of largest magnitude positive.
func fixSign(u []float64) {
	big := 0.0
	for _, x := range u {
		if math.Abs(x) > math.Abs(big) {
			big = x
		}
	}
	if big < 0 {
		for i := range u {
			u[i] = -u[i]
		}
	}
}

// symEigen returns the eigenvalues of the small symmetric matrix A in
// decreasing order and the matching eigenvectors as the columns of Q
// (cyclic Jacobi rotations; A is not modified).
func symEigen(A [][]float64) ([]float64, [][]float64) {
	n := len(A)
	a := make([][]float64, n)
	q := make([][]float64, n)
	for i := range n {
		a[i] = append([]float64(nil), A[i]...)
		q[i] = make([]float64, n)
		q[i][i] = 1
	}
	for i := range n { // symmetrise rounding
		for j := i + 1; j < n; j++ {
			x := (a[i][j] + a[j][i]) / 2
			a[i][j], a[j][i] = x, x
		}
	}
	for range 100 {
		off := 0.0
		for i := range n {
			for j := i + 1; j < n; j++ {
				off += a[i][j] * a[i][j]
			}
		}
		if off < 1e-30 {
			break
		}
		for p := range n {
			for r := p + 1; r < n; r++ {
				if a[p][r] == 0 {
					continue
				}
				th := (a[r][r] - a[p][p]) / (2 * a[p][r])
				t := math.Copysign(1, th) / (math.Abs(th) + math.Sqrt(th*th+1))
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for k := range n {
					akp, akr := a[k][p], a[k][r]
					a[k][p], a[k][r] = c*akp-s*akr, s*akp+c*akr
				}
				for k := range n {
					apk, ark := a[p][k], a[r][k]
					a[p][k], a[r][k] = c*apk-s*ark, s*apk+c*ark
				}
				for k := range n {
					qkp, qkr := q[k][p], q[k][r]
					q[k][p], q[k][r] = c*qkp-s*qkr, s*qkp+c*qkr
				}
			}
		}
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(a[y][y], a[x][x]) })
	theta := make([]float64, n)
	Q := make([][]float64, n)
	for i := range n {
		Q[i] = make([]float64, n)
	}
	for k, o := range order {
		theta[k] = a[o][o]
		for i := range n {
			Q[i][k] = q[i][o]
		}
	}
	return theta, Q
}
