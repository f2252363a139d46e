package sortition

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/folkmoot/folkmoot/internal/solver"
)

// Lottery is a uniform lottery over numbered panels (tickets): drawing one
// ticket uniformly at random selects a panel, so the draw can be made in
// public (numbered balls, announced lottery numbers). It is made from a
// distribution by rounding every panel's probability to a whole number of
// tickets (Flanigan, Kehne, Procaccia, "Fair sortition made transparent",
// NeurIPS 2021), keeping each person's probability close to the exact one.
type Lottery struct {
	in      *Instance
	Tickets [][]int // Tickets[j]: person indices (ascending) of ticket j+1
	work    lotteryWork
}

// The rounding's steps stop on counts of work, never on the clock, so the
// same distribution, m and rng give the same tickets on every machine and
// under any load: a seeded run is repeatable. (Variables for tests.)
//
// The limits were set by measuring (docs/sortition.md, "The verifiable
// lottery"): each is about what the step reached in its old time limit
// on this project's test pools, so the steps take about as long as they
// did and the gaps are no worse.
var (
	// lotteryNodes bounds the branch and bound of ilpCounts (CBC nodes,
	// one thread); it replaces a 15 s limit. Measured (December 2026, 2
	// shared cores): 100 nodes took 6 s on uk_500_50 and 13 s on the demo's
	// pool, which reached 1,184 and 1,564 nodes in the old 15 s, and no
	// node limit from 100 to 3,000 lowered their gap.
	lotteryNodes = 100
	// ilpMaxColumns: ilpCounts runs only on programmes with at most this
	// many columns (profiles + 1 + 3·types). A node limit does not bound
	// the root node, which on uk_households_1000_60 (2,625 columns) and
	// uk_10000_200 (7,530) used the old 15 s within its first 2 nodes, and
	// there it never lowered the gap either.
	ilpMaxColumns = 2000
	// spreadEvals bounds the candidate moves spreadCounts evaluates; it
	// replaces a 15 s limit (uk_10000_200 evaluated 1.7 million in it, at
	// load 5–8, and is the only pool measured that reached it).
	spreadEvals = 3_000_000
	// balanceWork bounds the exchanges balance and pairPass try; it
	// replaces a 20 s limit (uk_10000_200 tried 189 million in it, at load
	// 5–8; the other pools finish below 60 million).
	balanceWork = 300_000_000
)

// lotteryWork is the work each step of the rounding did.
type lotteryWork struct {
	ILPNodes      int
	ILPStatus     solver.Status
	ILPUsed       bool // the integer programme's counts were kept
	SpreadMoves   int
	SpreadEvals   int
	BalanceWork   int
	BalancePasses int
	SpreadCapped  bool // spreadCounts stopped on its caps
	BalanceCapped bool // balance stopped on balanceWork
}

// Lottery rounds d to m tickets. rng fixes which members of a type go on
// which ticket; the members of a type are spread over its tickets in turn,
// so their ticket counts differ by at most one.
func (d *Distribution) Lottery(m int, rng *rand.Rand) *Lottery {
	lot := &Lottery{in: d.in}
	counts := d.roundCounts(m, &lot.work)
	order := make([][]int, d.ts.n())
	next := make([]int, d.ts.n())
	for t := range order {
		order[t] = append([]int(nil), d.ts.members[t]...)
		rng.Shuffle(len(order[t]), func(i, j int) { order[t][i], order[t][j] = order[t][j], order[t][i] })
	}
	for i, p := range d.profiles {
		for c := 0; c < counts[i]; c++ {
			var panel []int
			for j, t := range p.types {
				for n := 0; n < p.counts[j]; n++ {
					panel = append(panel, order[t][next[t]%len(order[t])])
					next[t]++
				}
			}
			sort.Ints(panel)
			lot.Tickets = append(lot.Tickets, panel)
		}
	}
	pi := d.typeMarginals()
	want := make([]float64, len(d.in.People))
	for i := range want {
		want[i] = float64(m) * pi[d.ts.of[i]]
	}
	lot.balance(want)
	return lot
}

// roundCounts turns the weights into whole ticket counts summing to m:
// floors first, then the largest remainders, then single-ticket moves
// between panels while they lower the largest per-person deviation
// |tickets_t/(c_t) − m·π_t| over the types; then the integer programme
// of ilpCounts (kept if no worse) and the moves of spreadCounts.
func (d *Distribution) roundCounts(m int, w *lotteryWork) []int {
	counts := d.greedyCounts(m)
	if better := d.ilpCounts(m, counts, w); better != nil && d.ticketGap(m, better) <= d.ticketGap(m, counts) {
		copy(counts, better)
		w.ILPUsed = true
	}
	d.spreadCounts(m, counts, w)
	return counts
}

// greedyCounts is roundCounts' first part: floors, largest remainders
// and single-ticket moves.
func (d *Distribution) greedyCounts(m int) []int {
	n := len(d.profiles)
	counts := make([]int, n)
	type rem struct {
		i int
		r float64
	}
	rems := make([]rem, n)
	total := 0
	for i, w := range d.weights {
		x := w * float64(m)
		counts[i] = int(math.Floor(x))
		total += counts[i]
		rems[i] = rem{i, x - math.Floor(x)}
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r > rems[b].r })
	for j := 0; total < m; j++ {
		counts[rems[j%n].i]++
		total++
	}
	target := d.typeMarginals()
	dev := make([]float64, d.ts.n()) // in tickets per person
	for t := range target {
		dev[t] = -float64(m) * target[t]
	}
	apply := func(i, sign int, dev []float64) {
		p := d.profiles[i]
		for j, t := range p.types {
			dev[t] += float64(sign*p.counts[j]) / float64(d.ts.count(t))
		}
	}
	for i := range counts {
		for c := 0; c < counts[i]; c++ {
			apply(i, 1, dev)
		}
	}
	maxAbs := func(dev []float64) (float64, int) {
		best, arg := 0.0, -1
		for t, x := range dev {
			if math.Abs(x) > best {
				best, arg = math.Abs(x), t
			}
		}
		return best, arg
	}
	trial := make([]float64, len(dev))
	for iter := 0; iter < 20*n+100; iter++ {
		cur, worst := maxAbs(dev)
		if worst < 0 {
			break
		}
		improved := false
		// move a ticket from a panel that pushes the worst type the wrong
		// way to one that pushes it the right way
		for from := 0; from < n && !improved; from++ {
			if counts[from] == 0 || d.profiles[from].has(worst) == (dev[worst] < 0) {
				continue
			}
			for to := 0; to < n && !improved; to++ {
				if to == from || d.profiles[to].has(worst) != (dev[worst] < 0) {
					continue
				}
				copy(trial, dev)
				apply(from, -1, trial)
				apply(to, 1, trial)
				if v, _ := maxAbs(trial); v < cur-1e-12 {
					copy(dev, trial)
					counts[from]--
					counts[to]++
					improved = true
				}
			}
		}
		if !improved {
			break
		}
	}
	return counts
}

// ticketGap returns the largest distance, in tickets, between a person's
// tickets and m times their probability when profile i has counts[i] of
// the m tickets and the members of a type share its tickets evenly.
func (d *Distribution) ticketGap(m int, counts []int) float64 {
	tickets := make([]int, d.ts.n())
	for i, p := range d.profiles {
		for j, t := range p.types {
			tickets[t] += counts[i] * p.counts[j]
		}
	}
	gap := 0.0
	for t, pi := range d.typeMarginals() {
		c, want := d.ts.count(t), float64(m)*pi
		lo, hi := tickets[t]/c, (tickets[t]+c-1)/c
		gap = max(gap, math.Abs(float64(lo)-want), math.Abs(float64(hi)-want))
	}
	return gap
}

// spreadCounts improves counts by moving single tickets between profiles
// while Σ_t c_t·g_t⁸ falls, g_t being the largest distance (in tickets)
// between a member of type t and m·π_t: a smooth stand-in for the
// largest gap that, unlike it, still falls when several types share the
// maximum. A move takes a ticket from a profile holding a worst type on
// the side where it has too many (or lacks it where it has too few) and
// gives it to any other profile; when none helps, any profile (below 400
// profiles) may give. It stops when no move helps, after
// 20·(profiles + 50) moves, or once it has evaluated spreadEvals
// candidate moves (a count of work, not time: see lotteryNodes).
func (d *Distribution) spreadCounts(m int, counts []int, w *lotteryWork) {
	n, T := len(d.profiles), d.ts.n()
	pi := d.typeMarginals()
	tickets := make([]int, T)
	for i, p := range d.profiles {
		for j, t := range p.types {
			tickets[t] += counts[i] * p.counts[j]
		}
	}
	gap := func(t, tk int) float64 {
		c, want := d.ts.count(t), float64(m)*pi[t]
		lo, hi := tk/c, (tk+c-1)/c
		return max(math.Abs(float64(lo)-want), math.Abs(float64(hi)-want))
	}
	phi := func(t, tk int) float64 {
		g := gap(t, tk)
		g2 := g * g
		g4 := g2 * g2
		return float64(d.ts.count(t)) * g4 * g4
	}
	// delta[t]: the change in type t's tickets of the move; touched lists
	// the types it changes in a fixed order, so the gain is summed in the
	// same order on every run (a map's order is random, and the sum's last
	// bits would decide between moves of equal gain)
	delta := make([]int, T)
	var touched []int
	broad := false
	w.SpreadCapped = true
	for moves := 0; moves < 20*(n+50) && w.SpreadEvals < spreadEvals; moves++ {
		w.SpreadMoves = moves
		worst, wt := -1.0, -1
		for t := 0; t < T; t++ {
			if g := gap(t, tickets[t]); g > worst {
				worst, wt = g, t
			}
		}
		if wt < 0 {
			w.SpreadCapped = false
			return
		}
		tooMany := float64(tickets[wt])/float64(d.ts.count(wt)) > float64(m)*pi[wt]
		bestGain, bf, bt := 1e-12, -1, -1
		for from := 0; from < n; from++ {
			if counts[from] == 0 || !broad && d.profiles[from].has(wt) != tooMany {
				continue
			}
			for to := 0; to < n; to++ {
				if to == from {
					continue
				}
				w.SpreadEvals++
				touched = touched[:0]
				for j, t := range d.profiles[from].types {
					delta[t] -= d.profiles[from].counts[j]
					touched = append(touched, t)
				}
				for j, t := range d.profiles[to].types {
					if delta[t] == 0 && !d.profiles[from].has(t) {
						touched = append(touched, t)
					}
					delta[t] += d.profiles[to].counts[j]
				}
				gain := 0.0
				for _, t := range touched {
					if dt := delta[t]; dt != 0 {
						gain += phi(t, tickets[t]) - phi(t, tickets[t]+dt)
					}
					delta[t] = 0
				}
				if gain > bestGain {
					bestGain, bf, bt = gain, from, to
				}
			}
		}
		if bf < 0 {
			if broad || n > 400 {
				w.SpreadCapped = false
				return
			}
			broad = true // no move helps the worst type: try every pair
			continue
		}
		counts[bf]--
		counts[bt]++
		for j, t := range d.profiles[bf].types {
			tickets[t] -= d.profiles[bf].counts[j]
		}
		for j, t := range d.profiles[bt].types {
			tickets[t] += d.profiles[bt].counts[j]
		}
	}
}

// ilpCounts chooses the ticket counts by an integer programme (as Flanigan,
// Kehne and Procaccia do) minimising the largest distance G, in tickets,
// between a person's tickets and m·π of their type. The members of a type
// share its T_t tickets evenly, so they hold q_t or q_t + 1 tickets:
// T_t = c_t·q_t + r_t with 0 ≤ r_t ≤ (c_t − 1)·b_t, b_t binary, and
// m·π_t − G ≤ q_t, q_t + b_t ≤ m·π_t + G. start (the rounding heuristic's
// counts) is the first incumbent; the best counts found within
// lotteryNodes branch-and-bound nodes are returned, nil if none (or no
// solver is linked in, or the programme has more than ilpMaxColumns
// columns).
func (d *Distribution) ilpCounts(m int, start []int, w *lotteryWork) []int {
	return d.ilpCountsWith(m, start, w, solver.MIPOptions{MaxNodes: lotteryNodes, Gap: 0.02})
}

// ilpCountsWith is ilpCounts with the solver's options o (o.Start is set
// here).
func (d *Distribution) ilpCountsWith(m int, start []int, w *lotteryWork, o solver.MIPOptions) []int {
	n, T := len(d.profiles), d.ts.n()
	if n+1+3*T > ilpMaxColumns {
		return nil
	}
	pi := d.typeMarginals()
	// columns: n_P (n), G, then per type q_t, b_t, r_t
	gcol := n
	col := func(t, k int) int { return n + 1 + 3*t + k }
	N := n + 1 + 3*T
	p := &solver.Problem{Obj: make([]float64, N), ColLo: make([]float64, N), ColHi: make([]float64, N), Integer: make([]bool, N)}
	for i := 0; i < n; i++ {
		p.ColHi[i], p.Integer[i] = float64(m), true
	}
	p.ColHi[gcol], p.Obj[gcol] = float64(m), 1
	sum := solver.Row{Lo: float64(m), Hi: float64(m)}
	rows := make([]solver.Row, T)
	tickets := make([]int, T)
	for i, pr := range d.profiles {
		sum.Ind, sum.Val = append(sum.Ind, i), append(sum.Val, 1)
		for j, t := range pr.types {
			rows[t].Ind, rows[t].Val = append(rows[t].Ind, i), append(rows[t].Val, float64(pr.counts[j]))
			tickets[t] += start[i] * pr.counts[j]
		}
	}
	p.Rows = append(p.Rows, sum)
	st := make([]float64, N)
	for i, c := range start {
		st[i] = float64(c)
	}
	st[gcol] = d.ticketGap(m, start) + 1e-9
	for t := 0; t < T; t++ {
		c, want := d.ts.count(t), float64(m)*pi[t]
		q, b, r := col(t, 0), col(t, 1), col(t, 2)
		p.ColHi[q], p.Integer[q] = float64(m), true
		p.ColHi[b], p.Integer[b] = 1, true
		p.ColHi[r] = float64(c - 1)
		// T_t − c·q − r = 0
		eq := solver.Row{Ind: append(append([]int(nil), rows[t].Ind...), q, r), Val: append(append([]float64(nil), rows[t].Val...), -float64(c), -1)}
		p.Rows = append(p.Rows, eq,
			solver.Row{Lo: math.Inf(-1), Hi: 0, Ind: []int{r, b}, Val: []float64{1, -float64(c - 1)}},
			solver.Row{Lo: want, Hi: math.Inf(1), Ind: []int{q, gcol}, Val: []float64{1, 1}},
			solver.Row{Lo: math.Inf(-1), Hi: want, Ind: []int{q, b, gcol}, Val: []float64{1, 1, -1}})
		st[q] = float64(tickets[t] / c)
		st[r] = float64(tickets[t] % c)
		if tickets[t]%c > 0 {
			st[b] = 1
		}
	}
	o.Start = st
	sol, err := solver.SolveMIP(context.Background(), p, o)
	if err != nil || sol.X == nil {
		return nil
	}
	w.ILPNodes, w.ILPStatus = sol.Nodes, sol.Status
	out := make([]int, n)
	total := 0
	for i := range out {
		out[i] = int(math.Round(sol.X[i]))
		total += out[i]
	}
	if total != m {
		return nil
	}
	return out
}

func (p profile) has(t int) bool {
	i := sort.SearchInts(p.types, t)
	return i < len(p.types) && p.types[i] == t
}

// Probabilities returns every person's probability under the lottery: the
// share of tickets they are on.
func (l *Lottery) Probabilities() []float64 {
	out := make([]float64, len(l.in.People))
	for _, t := range l.Tickets {
		for _, i := range t {
			out[i]++
		}
	}
	for i := range out {
		out[i] /= float64(len(l.Tickets))
	}
	return out
}

// Text returns the published list: one line per ticket, "number,id id ...".
// Its SHA-256 (Hash) is published before the public seed is known.
func (l *Lottery) Text() string {
	var b strings.Builder
	b.WriteString("ticket,members\n")
	for j, t := range l.Tickets {
		ids := make([]string, len(t))
		for k, i := range t {
			ids[k] = l.in.People[i].ID
		}
		fmt.Fprintf(&b, "%d,%s\n", j+1, strings.Join(ids, " "))
	}
	return b.String()
}

// Hash returns the hex SHA-256 of Text().
func (l *Lottery) Hash() string {
	h := sha256.Sum256([]byte(l.Text()))
	return hex.EncodeToString(h[:])
}

// DrawTicket maps a public seed to a ticket number in 1..m: the SHA-256 of
// "<list hash>:<public seed>" read as a big-endian integer, modulo m, plus 1.
// Anyone can repeat it, e.g. in Python:
//
//	int(hashlib.sha256(f"{h}:{seed}".encode()).hexdigest(), 16) % m + 1
func DrawTicket(listHash, publicSeed string, m int) int {
	h := sha256.Sum256([]byte(listHash + ":" + publicSeed))
	v := new(big.Int).SetBytes(h[:])
	return int(new(big.Int).Mod(v, big.NewInt(int64(m))).Int64()) + 1
}
