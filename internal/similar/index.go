package similar

import (
	"cmp"
	"math"
	"slices"
	"sync"
)

// Tolerances and defaults.
const (
	// RebuildDrift is the relative change in the number of documents after
	// which IDF weights and norms are recomputed.
	RebuildDrift = 0.1
	// TitleWeight is how many times a title's words count against the
	// description's.
	TitleWeight = 2
	// DefaultMinScore is a cosine below which a document is not shown as
	// similar to a draft: tuned on the demo data set so that suggestions are
	// on the draft's topic (see TestSimilarToDraft).
	DefaultMinScore = 0.2
)

// Match is a document similar to a query, with its cosine similarity in (0, 1].
type Match struct {
	ID    int64
	Title string
	Score float64
}

// termFreq is a term's count in one document.
type termFreq struct {
	term int32
	tf   float32 // 1 + ln(count): sublinear term frequency
}

// doc is one indexed document.
type doc struct {
	id      int64
	title   string
	terms   []termFreq // sorted by term
	norm    float32    // Euclidean norm of the TF-IDF vector at the last rebuild
	deleted bool
}

// posting is one document in a term's posting list.
type posting struct {
	doc int32
	tf  float32
}

// Index holds documents (issues) for similarity queries. The zero value is
// not usable; call [New]. Methods are safe for concurrent use.
type Index struct {
	mu       sync.RWMutex
	termID   map[string]int32 // by stem
	wordID   map[string]int32 // cache: word as written -> term (or notATerm)
	surface  []string         // by term: the first word seen with this stem, for names
	df       []int32          // by term: live documents containing it
	postings [][]posting      // by term; may hold deleted documents until a rebuild
	docs     []doc
	byID     map[int64]int32
	live     int
	idf      []float32 // by term, at the last rebuild
	builtN   int       // live documents at the last rebuild
	pool     sync.Pool // *scratch
}

// scratch is per-query working memory.
type scratch struct {
	acc     []float32
	touched []int32
}

// New returns an empty Index.
func New() *Index {
	return &Index{termID: map[string]int32{}, wordID: map[string]int32{}, byID: map[int64]int32{}}
}

// Len returns the number of documents in the index.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.live
}

// Add indexes a document (an issue's title and description) under id,
// replacing any document already indexed under id.
func (x *Index) Add(id int64, title, text string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.add(id, title, text)
	x.maybeRebuild()
}

// Doc is one document for [Index.AddAll].
type Doc struct {
	ID          int64
	Title, Text string
}

// AddAll indexes many documents at once (replacing any with the same ids)
// and recomputes the weights once at the end: for loading an index, it is
// about twice as fast as calling Add for each.
func (x *Index) AddAll(docs []Doc) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, d := range docs {
		x.add(d.ID, d.Title, d.Text)
	}
	x.rebuild()
}

// Remove drops the document with the given id, if any (e.g. a withdrawn or
// hidden issue).
func (x *Index) Remove(id int64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.remove(id)
	x.maybeRebuild()
}

// Rebuild recomputes IDF weights and document norms from the documents now
// in the index and compacts posting lists.
func (x *Index) Rebuild() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.rebuild()
}

func (x *Index) remove(id int64) {
	i, ok := x.byID[id]
	if !ok {
		return
	}
	d := &x.docs[i]
	for _, t := range d.terms {
		x.df[t.term]--
	}
	d.deleted = true
	d.terms = nil
	delete(x.byID, id)
	x.live--
}

func (x *Index) add(id int64, title, text string) {
	x.remove(id)
	counts := map[int32]int{}
	for w := 0; w < TitleWeight; w++ {
		for _, t := range x.words(title, true) {
			counts[t]++
		}
	}
	for _, t := range x.words(text, true) {
		counts[t]++
	}
	d := doc{id: id, title: title, terms: make([]termFreq, 0, len(counts))}
	for t, c := range counts {
		d.terms = append(d.terms, termFreq{term: t, tf: 1 + float32(math.Log(float64(c)))})
	}
	slices.SortFunc(d.terms, func(a, b termFreq) int { return cmp.Compare(a.term, b.term) })
	n := int32(len(x.docs))
	for _, t := range d.terms {
		x.df[t.term]++
		x.postings[t.term] = append(x.postings[t.term], posting{doc: n, tf: t.tf})
	}
	d.norm = x.norm(d.terms)
	x.docs = append(x.docs, d)
	x.byID[id] = n
	x.live++
}

// words returns the term ids of text's tokens, creating ids when create.
// Tokens unknown to the index are returned as -1 when !create.
func (x *Index) words(text string, create bool) []int32 {
	var out []int32
	for _, w := range words(text) {
		if id, ok := x.wordID[w]; ok { // seen before: skip stop-word test and stemming
			switch {
			case id >= 0:
				out = append(out, id)
			case id == notATerm:
			}
			continue
		}
		if len([]rune(w)) < 2 || stopWords[w] {
			if create {
				x.wordID[w] = notATerm
			}
			continue
		}
		s := Stem(w)
		id, ok := x.termID[s]
		if !ok {
			if !create {
				out = append(out, -1)
				continue
			}
			id = int32(len(x.surface))
			x.termID[s] = id
			x.surface = append(x.surface, w)
			x.df = append(x.df, 0)
			x.postings = append(x.postings, nil)
		}
		if create {
			x.wordID[w] = id
		}
		out = append(out, id)
	}
	return out
}

// notATerm marks a word in wordID that is not indexed (a stop word).
const notATerm = -2

// idfOf returns the IDF of a term from the last rebuild; a term first seen
// since then is treated as occurring in one document.
func (x *Index) idfOf(t int32) float32 {
	if t >= 0 && int(t) < len(x.idf) {
		return x.idf[t]
	}
	return float32(math.Log(float64(1+x.builtN) / 2))
}

func (x *Index) norm(terms []termFreq) float32 {
	var s float64
	for _, t := range terms {
		w := float64(t.tf * x.idfOf(t.term))
		s += w * w
	}
	return float32(math.Sqrt(s))
}

func (x *Index) maybeRebuild() {
	if d := math.Abs(float64(x.live - x.builtN)); x.builtN == 0 || d > RebuildDrift*float64(x.builtN) {
		x.rebuild()
	}
}

func (x *Index) rebuild() {
	x.builtN = x.live
	x.idf = make([]float32, len(x.df))
	for t, df := range x.df {
		x.idf[t] = float32(math.Log(float64(1+x.live) / float64(1+df)))
	}
	// Compact: renumber live documents and rebuild posting lists.
	if x.live < len(x.docs) {
		kept := make([]doc, 0, x.live)
		for _, d := range x.docs {
			if !d.deleted {
				x.byID[d.id] = int32(len(kept))
				kept = append(kept, d)
			}
		}
		x.docs = kept
		for t := range x.postings {
			x.postings[t] = x.postings[t][:0]
		}
		for i, d := range x.docs {
			for _, t := range d.terms {
				x.postings[t.term] = append(x.postings[t.term], posting{doc: int32(i), tf: t.tf})
			}
		}
	}
	for i := range x.docs {
		x.docs[i].norm = x.norm(x.docs[i].terms)
	}
}

// Similar returns up to k indexed documents most similar to text (a draft
// issue's title and description), best first, with a cosine of at least
// minScore. Ties are broken by smaller id.
func (x *Index) Similar(text string, k int, minScore float64) []Match {
	x.mu.RLock()
	defer x.mu.RUnlock()
	counts := map[int32]int{}
	unknown := 0
	for _, t := range x.words(text, false) {
		if t < 0 {
			unknown++
		} else {
			counts[t]++
		}
	}
	q := make([]termFreq, 0, len(counts))
	for t, c := range counts {
		q = append(q, termFreq{term: t, tf: 1 + float32(math.Log(float64(c)))})
	}
	// A fixed order makes the float32 sums, and so the scores, the same on
	// every call.
	slices.SortFunc(q, func(a, b termFreq) int { return cmp.Compare(a.term, b.term) })
	qnorm := float64(x.norm(q))
	if unknown > 0 { // words no document has still make the draft less like them
		w := float64(x.idfOf(-1))
		qnorm = math.Sqrt(qnorm*qnorm + float64(unknown)*w*w)
	}
	return x.top(q, qnorm, k, minScore, -1)
}

// top scores every document sharing a term with q and returns the best k.
// skip is an internal document number to leave out, or -1.
func (x *Index) top(q []termFreq, qnorm float64, k int, minScore float64, skip int32) []Match {
	if qnorm == 0 || k <= 0 {
		return nil
	}
	s := x.scratch()
	defer x.pool.Put(s)
	for _, qt := range q {
		idf := x.idfOf(qt.term)
		w := qt.tf * idf * idf
		if w == 0 {
			continue
		}
		for _, p := range x.postings[qt.term] {
			if s.acc[p.doc] == 0 {
				s.touched = append(s.touched, p.doc)
			}
			s.acc[p.doc] += w * p.tf
		}
	}
	// Keep the best k in a min-heap (worst at the root): a query touching
	// tens of thousands of documents then costs no sort of all of them.
	h := make(matchHeap, 0, k+1)
	for _, di := range s.touched {
		d := &x.docs[di]
		score := float64(s.acc[di]) / (qnorm * float64(d.norm))
		s.acc[di] = 0
		if d.deleted || di == skip || d.norm == 0 || score < minScore {
			continue
		}
		m := Match{ID: d.id, Score: min(score, 1)}
		if len(h) < k {
			h.push(m)
		} else if better(m, h[0]) {
			h[0] = m
			h.down(0)
		}
	}
	s.touched = s.touched[:0]
	out := []Match(h)
	slices.SortFunc(out, func(a, b Match) int { return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.ID, b.ID)) })
	for i := range out {
		out[i].Title = x.docs[x.byID[out[i].ID]].title
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// better orders matches: higher score, then smaller id.
func better(a, b Match) bool {
	return a.Score > b.Score || a.Score == b.Score && a.ID < b.ID
}

// matchHeap is a binary min-heap of matches under better (worst first).
type matchHeap []Match

func (h *matchHeap) push(m Match) {
	*h = append(*h, m)
	for i := len(*h) - 1; i > 0; {
		p := (i - 1) / 2
		if !better((*h)[p], (*h)[i]) {
			break
		}
		(*h)[p], (*h)[i] = (*h)[i], (*h)[p]
		i = p
	}
}

func (h matchHeap) down(i int) {
	for {
		l, worst := 2*i+1, i
		if l < len(h) && better(h[worst], h[l]) {
			worst = l
		}
		if r := l + 1; r < len(h) && better(h[worst], h[r]) {
			worst = r
		}
		if worst == i {
			return
		}
		h[i], h[worst] = h[worst], h[i]
		i = worst
	}
}

func (x *Index) scratch() *scratch {
	s, _ := x.pool.Get().(*scratch)
	if s == nil {
		s = &scratch{}
	}
	if len(s.acc) < len(x.docs) {
		s.acc = make([]float32, len(x.docs)+len(x.docs)/4)
	}
	return s
}

// Neighbours returns up to k documents most similar to the indexed document
// id (not including itself), with a cosine of at least minScore.
func (x *Index) Neighbours(id int64, k int, minScore float64) []Match {
	x.mu.RLock()
	defer x.mu.RUnlock()
	di, ok := x.byID[id]
	if !ok {
		return nil
	}
	d := &x.docs[di]
	return x.top(d.terms, float64(d.norm), k, minScore, di)
}

// cosine returns the cosine similarity of two indexed documents.
func (x *Index) cosine(a, b *doc) float64 {
	if a.norm == 0 || b.norm == 0 {
		return 0
	}
	var dot float64
	i, j := 0, 0
	for i < len(a.terms) && j < len(b.terms) {
		switch ta, tb := a.terms[i].term, b.terms[j].term; {
		case ta < tb:
			i++
		case ta > tb:
			j++
		default:
			idf := float64(x.idfOf(ta))
			dot += float64(a.terms[i].tf) * float64(b.terms[j].tf) * idf * idf
			i++
			j++
		}
	}
	return dot / (float64(a.norm) * float64(b.norm))
}
