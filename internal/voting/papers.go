package voting

import "slices"

// A parcel is a set of identical ballot papers during an STV count: same
// preferences, same current value, held by the same candidate.
type parcel struct {
	prefs []int32 // candidates in order of preference, cleaned
	count int64   // number of papers
	value int64   // value of each paper, in units
	pos   int32   // index in prefs of the candidate now holding it
}

// cleanRanks returns the preferences of a ranked ballot as an STV count
// reads them: empty ranks are skipped, an overvote ends the ballot, a
// candidate ranked again or withdrawn is skipped. It runs in time linear in
// the ballot's length; seen must be all false and is left so.
func cleanRanks(ranks []int, withdrawn, seen []bool, buf []int32) []int32 {
	buf = buf[:0]
	for _, r := range ranks {
		if r == Overvote {
			break
		}
		if r < 0 || withdrawn[r] || seen[r] {
			continue
		}
		seen[r] = true
		buf = append(buf, int32(r))
	}
	for _, r := range buf {
		seen[r] = false
	}
	return buf
}

// aggregate merges identical (cleaned) ballots into parcels of value unit
// per paper. It returns the parcels and the number of valid papers; papers
// with no usable preference are not valid and are left out.
func aggregate(e *Election, unit int64) ([]parcel, int64) {
	withdrawn := make([]bool, len(e.Candidates))
	for _, w := range e.Withdrawn {
		withdrawn[w] = true
	}
	var t interner
	var counts []int64
	var valid int64
	var buf []int32
	seen := make([]bool, len(e.Candidates))
	for _, b := range e.Ballots {
		buf = cleanRanks(b.Ranks, withdrawn, seen, buf)
		if len(buf) == 0 || b.Count == 0 {
			continue
		}
		valid += b.Count
		i, isNew := t.add(buf)
		if isNew {
			counts = append(counts, 0)
		}
		counts[i] += b.Count
	}
	parcels := make([]parcel, len(counts))
	for i := range parcels {
		parcels[i] = parcel{prefs: t.seq(i), count: counts[i], value: unit}
	}
	return parcels, valid
}

// interner stores distinct int32 sequences in one arena and finds repeats
// with an open-addressing hash table (64-bit FNV-1a, linear probing), so
// that aggregating a million ballots allocates a few large slices rather
// than a million small ones.
type interner struct {
	arena  []int32
	spans  [][2]int32 // start, end in arena
	hashes []uint64   // hash of each sequence
	slots  []int32    // sequence index + 1, or 0 for empty
}

func hashSeq(seq []int32) uint64 {
	h := uint64(14695981039346656037)
	for _, v := range seq {
		h ^= uint64(uint32(v))
		h *= 1099511628211
	}
	h ^= uint64(len(seq))
	h ^= h >> 29 // mix the high bits into the low ones used for the slot
	return h
}

// add returns the index of seq, adding it if new.
func (t *interner) add(seq []int32) (int, bool) {
	if 2*(len(t.spans)+1) > len(t.slots) {
		t.grow()
	}
	h := hashSeq(seq)
	mask := uint64(len(t.slots) - 1)
	for k := h & mask; ; k = (k + 1) & mask {
		s := t.slots[k]
		if s == 0 {
			i := int32(len(t.spans))
			t.slots[k] = i + 1
			start := int32(len(t.arena))
			t.arena = append(t.arena, seq...)
			t.spans = append(t.spans, [2]int32{start, int32(len(t.arena))})
			t.hashes = append(t.hashes, h)
			return int(i), true
		}
		if t.hashes[s-1] == h && slices.Equal(t.seq(int(s-1)), seq) {
			return int(s - 1), false
		}
	}
}

func (t *interner) grow() {
	n := max(1024, 2*len(t.slots))
	t.slots = make([]int32, n)
	mask := uint64(n - 1)
	for i, h := range t.hashes {
		k := h & mask
		for t.slots[k] != 0 {
			k = (k + 1) & mask
		}
		t.slots[k] = int32(i + 1)
	}
}

// seq returns sequence i; valid until the next add.
func (t *interner) seq(i int) []int32 {
	s := t.spans[i]
	return t.arena[s[0]:s[1]:s[1]]
}
