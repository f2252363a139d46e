package opinions

import (
	"math"
	"math/rand/v2"
)

// PCA tolerances and limits.
const (
	// pcaTol stops the power iteration once the unit component moves by less
	// than this (Euclidean norm) in one iteration.
	pcaTol = 1e-9
	// DefaultPCAIters is the default cap on power iterations per component.
	// Pol.is runs 100 per update but warm-starts from the previous update,
	// so in a live conversation the components are converged; a one-shot
	// computation needs more iterations to get there.
	DefaultPCAIters = 1000
)

// ratingCSR is the centred, mean-imputed rating matrix in compressed sparse
// row form. With mean imputation a cell nobody filled is exactly the column
// mean, so after centring it is 0: the centred matrix has one non-zero per
// vote. Zeroed (moderated-out) columns are 0 for every row and are left out.
type ratingCSR struct {
	ptr   []int     // row i is col[ptr[i]:ptr[i+1]]
	col   []int32   // column of each entry
	val   []float64 // vote minus column mean
	ncols int
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

// gram sets out = MᵀM v, the product by the (uncentred-free, already centred)
// covariance matrix without forming it: out = Σ_rows (row·v) row.
func (m *ratingCSR) gram(v, out []float64) {
	clear(out)
	for i := 0; i+1 < len(m.ptr); i++ {
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

// pca computes nComps principal components of m, with random start vectors
// drawn from rng (uniform in [0,1), as Pol.is does on a first run).
func pca(m *ratingCSR, nComps, maxIter int, rng *rand.Rand) [][]float64 {
	var comps [][]float64
	for range nComps {
		start := make([]float64, m.ncols)
		for i := range start {
			start[i] = rng.Float64()
		}
		pc := powerIteration(m, start, comps, maxIter)
		comps = append(comps, pc)
	}
	return comps
}
