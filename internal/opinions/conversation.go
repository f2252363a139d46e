package opinions

import (
	"fmt"
	"iter"
	"slices"
)

// Vote is one reaction to a statement, in the sign of Pol.is's export files:
// Agree = 1, Disagree = -1, Pass = 0. (Pol.is's database and math code use
// the opposite sign; the exporter flips it.)
type Vote int8

// The three reactions.
const (
	Disagree Vote = -1
	Pass     Vote = 0
	Agree    Vote = 1
)

// Valid reports whether v is one of Agree, Disagree and Pass.
func (v Vote) Valid() bool { return v >= Disagree && v <= Agree }

// Moderation is the moderation state of a statement, as in the "moderated"
// column of Pol.is's comments.csv.
type Moderation int8

// The moderation states. Only ModeratedOut changes the maths.
const (
	ModeratedOut Moderation = -1 // hidden; its column is zeroed
	Unmoderated  Moderation = 0  // not yet moderated; counts normally
	Accepted     Moderation = 1  // accepted
)

// Event is one vote: Participant reacted Vote to Statement at Time
// (milliseconds since the epoch; only the order matters).
type Event struct {
	Participant int
	Statement   int
	Vote        Vote
	Time        int64
}

// The in-conv rule of Pol.is: a participant is clustered once they have voted
// on min(inConvMinVotes, columns) statements; while fewer than
// inConvGreedy participants qualify, the top voters are added.
const (
	inConvMinVotes = 7
	inConvGreedy   = 15
)

// cell is one vote in a participant's row.
type cell struct {
	col int32
	val Vote
}

// Conversation is the vote matrix of one conversation: participants,
// statements and the latest vote of each participant on each statement,
// together with the moderation state of the statements and the set of
// participants Pol.is would cluster.
//
// Votes must be added in time order (Add); a later vote on the same
// statement replaces the earlier one. A Conversation is not safe for
// concurrent use.
type Conversation struct {
	pidIndex map[int]int32 // participant id -> row
	pids     []int         // row -> participant id
	tidIndex map[int]int32 // statement id -> column
	tids     []int         // column -> statement id
	rows     [][]cell      // row -> votes sorted by column
	inConv   []bool        // row -> clustered
	nInConv  int
	colVotes []int32 // column -> number of votes (any sign)
	colSum   []int64 // column -> sum of vote values (export sign)

	moderation map[int]Moderation // statement id -> state (absent: Unmoderated)
	meta       map[int]bool       // statement id -> meta statement (treated as moderated out)
	nVotes     int                // non-empty cells
	lastTime   int64
}

// NewConversation returns an empty conversation.
func NewConversation() *Conversation {
	return &Conversation{
		pidIndex:   map[int]int32{},
		tidIndex:   map[int]int32{},
		moderation: map[int]Moderation{},
		meta:       map[int]bool{},
	}
}

// SetModeration records the moderation state of statement tid. It may be
// called before or after the statement's first vote.
func (c *Conversation) SetModeration(tid int, m Moderation) {
	if m == Unmoderated {
		delete(c.moderation, tid)
		return
	}
	c.moderation[tid] = m
}

// SetMeta marks statement tid as a meta statement (about the conversation
// itself); like Pol.is, its column is zeroed as if moderated out.
func (c *Conversation) SetMeta(tid int, meta bool) {
	if !meta {
		delete(c.meta, tid)
		return
	}
	c.meta[tid] = true
}

// Moderation returns the moderation state of statement tid.
func (c *Conversation) Moderation(tid int) Moderation { return c.moderation[tid] }

// zeroed reports whether the column of statement tid is zeroed.
func (c *Conversation) zeroed(tid int) bool {
	return c.moderation[tid] == ModeratedOut || c.meta[tid]
}

// Participants returns the number of participants with at least one vote.
func (c *Conversation) Participants() int { return len(c.pids) }

// Statements returns the number of statements with at least one vote (the
// columns of the rating matrix).
func (c *Conversation) Statements() int { return len(c.tids) }

// Votes returns the number of non-empty cells (latest votes).
func (c *Conversation) Votes() int { return c.nVotes }

// InConv returns the number of participants that are clustered.
func (c *Conversation) InConv() int { return c.nInConv }

// IsInConv reports whether participant pid is clustered.
func (c *Conversation) IsInConv(pid int) bool {
	r, ok := c.pidIndex[pid]
	return ok && c.inConv[r]
}

// ParticipantIDs returns the participant ids in row order (order of first vote).
func (c *Conversation) ParticipantIDs() []int { return slices.Clone(c.pids) }

// StatementIDs returns the statement ids in column order (order of first vote).
func (c *Conversation) StatementIDs() []int { return slices.Clone(c.tids) }

// VoteOf returns participant pid's latest vote on statement tid, and false if
// there is none.
func (c *Conversation) VoteOf(pid, tid int) (Vote, bool) {
	r, ok := c.pidIndex[pid]
	if !ok {
		return 0, false
	}
	col, ok := c.tidIndex[tid]
	if !ok {
		return 0, false
	}
	row := c.rows[r]
	i, found := slices.BinarySearchFunc(row, col, func(x cell, t int32) int { return int(x.col - t) })
	if !found {
		return 0, false
	}
	return row[i].val, true
}

// Add records vote e. Votes must arrive in time order: a vote with an
// earlier Time than the previous one is still applied, in arrival order,
// since the in-conv rule depends on the order of arrival. It returns an error
// only for an invalid vote value or a negative id.
func (c *Conversation) Add(e Event) error {
	_, _, err := c.add(e)
	return err
}

// AddUpdate records the votes evs (in time order) as one update of a live
// Pol.is server: every vote is recorded first, and the in-conv rule is then
// applied once, with the number of statements as of the end of the update,
// as Pol.is's math does for each batch of votes it polls. Add, by contrast,
// applies the rule after every vote. With no timestamps (Pol.is's wide
// export) the whole matrix is one update. AddUpdate stops at the first
// invalid vote and returns its error; the votes before it are kept and the
// rule is applied to them.
func (c *Conversation) AddUpdate(evs []Event) error {
	defer c.admit()
	for _, e := range evs {
		if _, _, _, err := c.record(e); err != nil {
			return err
		}
	}
	return nil
}

// add records e, applies the in-conv rule after it, and returns its row and
// column.
func (c *Conversation) add(e Event) (r, col int32, err error) {
	r, col, isNew, err := c.record(e)
	if err == nil && isNew {
		c.updateInConv(r)
	}
	return r, col, err
}

// record records e and returns its row and column, and whether the vote is
// new (rather than a changed vote). It does not apply the in-conv rule.
func (c *Conversation) record(e Event) (r, col int32, isNew bool, err error) {
	if !e.Vote.Valid() {
		return 0, 0, false, fmt.Errorf("opinions: vote %d by participant %d on statement %d is not -1, 0 or 1", e.Vote, e.Participant, e.Statement)
	}
	if e.Participant < 0 || e.Statement < 0 {
		return 0, 0, false, fmt.Errorf("opinions: negative id in vote by participant %d on statement %d", e.Participant, e.Statement)
	}
	r, ok := c.pidIndex[e.Participant]
	if !ok {
		r = int32(len(c.pids))
		c.pidIndex[e.Participant] = r
		c.pids = append(c.pids, e.Participant)
		c.rows = append(c.rows, nil)
		c.inConv = append(c.inConv, false)
	}
	col, ok = c.tidIndex[e.Statement]
	if !ok {
		col = int32(len(c.tids))
		c.tidIndex[e.Statement] = col
		c.tids = append(c.tids, e.Statement)
		c.colVotes = append(c.colVotes, 0)
		c.colSum = append(c.colSum, 0)
	}
	if e.Time > c.lastTime {
		c.lastTime = e.Time
	}
	row := c.rows[r]
	i, found := slices.BinarySearchFunc(row, col, func(x cell, t int32) int { return int(x.col - t) })
	if found {
		c.colSum[col] += int64(e.Vote) - int64(row[i].val)
		row[i].val = e.Vote
		return r, col, false, nil
	}
	c.rows[r] = slices.Insert(row, i, cell{col, e.Vote})
	c.colVotes[col]++
	c.colSum[col] += int64(e.Vote)
	c.nVotes++
	return r, col, true, nil
}

// updateInConv applies Pol.is's in-conv rule after a new vote of row r:
// the voter joins once their votes reach min(7, columns); then, while fewer
// than 15 participants are in, the most active voters (ties by id) are added.
// Membership is sticky. Applying the rule at every vote reproduces the set
// Pol.is exported for vtaiwan.uberx exactly (1219 participants) and within 6
// for 15-per-hour-seattle and canadian-electoral-reform.
func (c *Conversation) updateInConv(r int32) {
	c.admitRow(r)
	c.fillGreedy()
}

// admit applies the in-conv rule to every participant (one Pol.is update).
func (c *Conversation) admit() {
	for r := range c.rows {
		c.admitRow(int32(r))
	}
	c.fillGreedy()
}

// admitRow lets row r in once its votes reach min(7, columns).
func (c *Conversation) admitRow(r int32) {
	if !c.inConv[r] && len(c.rows[r]) >= min(inConvMinVotes, len(c.tids)) {
		c.inConv[r] = true
		c.nInConv++
	}
}

// fillGreedy adds the most active voters (ties by id) while fewer than 15
// participants are in, as Pol.is does after its threshold.
func (c *Conversation) fillGreedy() {
	if c.nInConv >= inConvGreedy || c.nInConv == len(c.pids) {
		return
	}
	order := make([]int32, 0, len(c.pids))
	for i := range c.pids {
		if !c.inConv[i] {
			order = append(order, int32(i))
		}
	}
	slices.SortFunc(order, func(a, b int32) int {
		if d := len(c.rows[b]) - len(c.rows[a]); d != 0 {
			return d
		}
		return c.pids[a] - c.pids[b]
	})
	for _, i := range order {
		if c.nInConv >= inConvGreedy {
			break
		}
		c.inConv[i] = true
		c.nInConv++
	}
}

// Row calls yield with each statement id and vote of participant pid, in
// column order.
func (c *Conversation) Row(pid int) iter.Seq2[int, Vote] {
	return func(yield func(int, Vote) bool) {
		r, ok := c.pidIndex[pid]
		if !ok {
			return
		}
		for _, x := range c.rows[r] {
			if !yield(c.tids[x.col], x.val) {
				return
			}
		}
	}
}
