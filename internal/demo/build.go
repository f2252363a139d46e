package demo

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// topic is one subject people raise issues about, each issue written out
// in full by its author.
type topic struct {
	key              string
	theme            string // name of the confirmed theme, or "" (left unthemed)
	themeDescription string
	tags             []string
	org              string // organisation that raises some of these issues, or ""
	// reach is how many people care about the topic: its issues' supporters
	// are drawn from that many users, so themes differ in distinct
	// supporters as they would in a real round.
	reach    int
	issues   []written // the first is the topic's flagship: raised early, most supported
	comments []string  // comments on the topic's issues, each used once
}

// written is one issue as its author wrote it.
type written struct {
	title, text string
}

const (
	day = 24 * time.Hour
	// gatherBefore and gatherAfter place the Gather window around Base.
	gatherBefore = 56 * day
	gatherAfter  = 28 * day
	// unthemedAge: issues raised this close to Base are not yet in a theme.
	unthemedAge = 5 * day
	// orgShare is the chance that an issue on a topic with an organisation
	// is raised by that organisation.
	orgShare = 0.2
)

// draft is an issue before it has a key (keys follow creation order).
type draft struct {
	Issue
	topic *topic
}

// builder holds the state of one Build.
type builder struct {
	r       *rand.Rand
	d       Dataset
	opens   time.Time
	repOf   map[string]string // organisation key -> representative user key
	authors []string          // users who raise issues as themselves
}

// Build returns the demo data set for seed. It is deterministic: the same
// seed always gives an equal Dataset. It does no I/O and reads no clock.
func Build(seed int64) Dataset {
	b := &builder{
		r:     rand.New(rand.NewPCG(uint64(seed), 0x666f6c6b6d6f6f74)), // "folkmoot"
		opens: Base.Add(-gatherBefore),
		repOf: map[string]string{},
	}
	b.d.Programme = Programme{
		Key:  "health-citizen",
		Name: "Health Citizen",
		Description: "A national programme, modelled on NHS Citizen, through which anyone can raise " +
			"issues for a citizens' assembly to discuss with the health service's board.",
	}
	b.d.Cycle = Cycle{Key: "round-2", Title: "Second round",
		Description: "The programme's second round. Raise the issues you want the assembly to discuss with the Board, and support the ones that matter to you.",
		GatherOpens: b.opens, GatherCloses: Base.Add(gatherAfter), Plan: currentPlan(b.opens)}
	b.d.Organisations = slices.Clone(organisations)
	b.users()
	drafts := b.issues()
	b.supports()
	b.comments(drafts)
	b.follows()
	b.themes(drafts)
	b.pastRound()
	return b.d
}

// currentPlan plans the current round's phases: Gather from opens until
// four weeks after Base, then the other phases in turn (weeks each).
func currentPlan(opens time.Time) []Planned {
	weeks := []int{3, 8, 4, 4, 3, 9} // agenda … response
	plan := []Planned{{Phase: "gather", Starts: opens.Truncate(day), Ends: Base.Add(gatherAfter).Truncate(day)}}
	at := Base.Add(gatherAfter).Truncate(day)
	for i, p := range Phases[1:] {
		pl := Planned{Phase: p, Starts: at}
		if i < len(weeks) {
			at = at.Add(time.Duration(weeks[i]) * 7 * day)
			pl.Ends = at
		}
		plan = append(plan, pl)
	}
	return plan
}

func (b *builder) users() {
	for i, p := range people {
		u := User{
			Key:     fmt.Sprintf("u%02d", i+1),
			Email:   emailFor(p.name),
			Name:    p.name,
			Roles:   slices.Clone(p.roles),
			Org:     p.org,
			Created: pastOpens.Add(-time.Duration(len(people)-i) * day),
		}
		b.d.Users = append(b.d.Users, u)
		if p.org != "" {
			b.repOf[p.org] = u.Key
		} else if slices.Contains(p.roles, RoleCitizen) {
			b.authors = append(b.authors, u.Key)
		}
	}
}

// emailFor turns "Sinead O'Brien" into "sinead.obrien@example.org".
func emailFor(name string) string {
	var sb strings.Builder
	for _, c := range strings.ToLower(name) {
		switch {
		case c >= 'a' && c <= 'z':
			sb.WriteRune(c)
		case c == ' ':
			sb.WriteRune('.')
		}
	}
	return sb.String() + "@example.org"
}

// pick returns a random element of xs.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// between returns a random time in [from, to).
func (b *builder) between(from, to time.Time) time.Time {
	span := to.Sub(from)
	if span <= time.Minute {
		return from
	}
	return from.Add(time.Duration(b.r.Int64N(int64(span/time.Minute))) * time.Minute)
}

func (b *builder) issues() []*draft {
	var drafts []*draft
	all := append(slices.Clone(leadTopics), otherTopics...)
	for ti := range all {
		t := &all[ti]
		for i, w := range t.issues {
			is := Issue{
				Title:       w.title,
				Description: w.text,
				Tags:        b.tags(t.tags),
				Author:      pick(b.r, b.authors),
				Status:      StatusOpen,
				Created:     b.between(b.opens.Add(day), Base.Add(-time.Hour)),
				Topic:       t.key,
			}
			if i == 0 { // the flagship was raised in the first fortnight
				is.Created = b.between(b.opens.Add(day), b.opens.Add(15*day))
			}
			if t.org != "" && b.r.Float64() < orgShare {
				is.Author, is.Org = b.repOf[t.org], t.org
			}
			drafts = append(drafts, &draft{Issue: is, topic: t})
		}
	}
	spam := &draft{Issue: Issue{
		Title:       "Best prices on slimming pills, no prescription needed",
		Description: "Fast delivery of weight loss tablets without seeing a doctor. Message me for a discount code.",
		Author:      pick(b.r, b.authors),
		Status:      StatusHidden,
		Created:     b.between(Base.Add(-20*day), Base.Add(-10*day)),
		Topic:       "spam",
	}}
	drafts = append(drafts, spam)
	slices.SortStableFunc(drafts, func(x, y *draft) int { return x.Created.Compare(y.Created) })
	for i, dr := range drafts {
		dr.Key = fmt.Sprintf("i%03d", i+1)
	}
	// One person withdraws an issue they raised twice in different words.
	for _, dr := range drafts {
		if dr.Topic == "gp-access" && dr.Org == "" {
			dr.Status = StatusWithdrawn
			break
		}
	}
	for _, dr := range drafts {
		b.d.Issues = append(b.d.Issues, dr.Issue)
	}
	b.moderate(spam)
	return drafts
}

// tags returns the topic's first tag and each other tag with even chance.
func (b *builder) tags(ts []string) []string {
	out := []string{ts[0]}
	for _, t := range ts[1:] {
		if b.r.IntN(2) == 0 {
			out = append(out, t)
		}
	}
	return out
}

// moderate adds three reports of the spam issue and a moderator hiding it.
func (b *builder) moderate(spam *draft) {
	at := spam.Created
	for i := 0; i < 3; i++ {
		at = at.Add(time.Duration(20+b.r.IntN(200)) * time.Minute)
		b.d.Reports = append(b.d.Reports, Report{Issue: spam.Key, Reporter: b.authors[i*3+1],
			Reason: pick(b.r, []string{"Advertising", "This is spam selling pills", "Not a health issue, just selling"}), At: at})
	}
	mod, _ := b.d.FirstWithRole(RoleModerator)
	b.d.Moderations = append(b.d.Moderations, Moderation{Issue: spam.Key, Moderator: mod.Key, Action: "hide",
		Reason: "Advertising: issues must be about health and care services, not selling products.",
		At:     at.Add(2 * time.Hour)})
}

// supports gives each open issue distinct supporters (never its author),
// at times after it was raised, drawn from the people its topic reaches.
// Participation is skewed as in real rounds: most issues get a handful of
// supports, a few get most of the topic's people (each themed topic's
// flagship, and a second issue of each leading topic).
func (b *builder) supports() {
	topicByKey := map[string]*topic{}
	for i := range leadTopics {
		topicByKey[leadTopics[i].key] = &leadTopics[i]
	}
	for i := range otherTopics {
		topicByKey[otherTopics[i].key] = &otherTopics[i]
	}
	pools := map[string][]string{} // topic key -> the users it reaches
	for _, t := range append(slices.Clone(leadTopics), otherTopics...) {
		for _, ui := range b.r.Perm(len(b.d.Users))[:min(t.reach, len(b.d.Users))] {
			pools[t.key] = append(pools[t.key], b.d.Users[ui].Key)
		}
	}
	for _, is := range b.d.Issues {
		t := topicByKey[is.Topic]
		if t == nil || is.Status != StatusOpen {
			continue
		}
		pool := pools[t.key]
		share := math.Pow(b.r.Float64(), 4) // most issues a small share, a few most of the pool
		switch {
		case t.theme == "":
		case is.Title == t.issues[0].title:
			share = 0.85 + 0.15*b.r.Float64()
		case is.Title == t.issues[1].title && t.reach > 15:
			share = 0.5 + 0.3*b.r.Float64()
		}
		n := max(int(share*float64(len(pool))+0.5), b.r.IntN(2))
		for _, pi := range b.r.Perm(len(pool))[:min(n, len(pool))] {
			if u := pool[pi]; u != is.Author {
				b.d.Supports = append(b.d.Supports, Support{Issue: is.Key, User: u, At: b.between(is.Created, Base)})
			}
		}
	}
	slices.SortStableFunc(b.d.Supports, func(x, y Support) int {
		return cmp.Or(x.At.Compare(y.At), cmp.Compare(x.Issue, y.Issue), cmp.Compare(x.User, y.User))
	})
}

// comments puts each written comment once on an open issue of its topic
// (the generic ones on any open issue, the more supported likelier), some
// replies, one rude comment that is reported, and a report asking whether
// an issue is a duplicate.
func (b *builder) comments(drafts []*draft) {
	var open []*draft
	byTopic := map[string][]*draft{}
	for _, dr := range drafts {
		if dr.Status == StatusOpen && dr.topic != nil {
			open = append(open, dr)
			byTopic[dr.Topic] = append(byTopic[dr.Topic], dr)
		}
	}
	counts := b.d.SupportCounts()
	// popular picks an open issue, weighted by supports + 1.
	popular := func(from []*draft) *draft {
		total := 0
		for _, dr := range from {
			total += counts[dr.Key] + 1
		}
		n := b.r.IntN(total)
		for _, dr := range from {
			if n -= counts[dr.Key] + 1; n < 0 {
				return dr
			}
		}
		return from[len(from)-1]
	}
	var cs []Comment
	add := func(dr *draft, body string) {
		cs = append(cs, Comment{Key: fmt.Sprintf("tmp%d", len(cs)), Issue: dr.Key, Author: b.other(dr.Author), Body: body,
			At: b.between(dr.Created, Base.Add(-2*time.Hour))})
	}
	for _, t := range append(slices.Clone(leadTopics), otherTopics...) {
		for _, body := range t.comments {
			add(popular(byTopic[t.key]), body)
		}
	}
	for _, body := range genericComments {
		add(popular(open), body)
	}
	for _, rp := range replies {
		i := slices.IndexFunc(cs, func(c Comment) bool { return c.Body == rp.to })
		if i < 0 {
			continue // TestReplies finds it
		}
		c := cs[i]
		author, _ := b.issueAuthor(c.Issue)
		if author == c.Author || b.r.IntN(2) == 0 {
			author = b.other(c.Author)
		}
		cs = append(cs, Comment{Key: fmt.Sprintf("tmp%d", len(cs)), Issue: c.Issue, Author: author, Parent: c.Key,
			Body: rp.body, At: b.between(c.At.Add(time.Minute), Base.Add(-time.Hour))})
	}
	rudeOn := ""
	for _, dr := range byTopic["ccg-transparency"] {
		if dr.Created.Before(Base.Add(-4 * day)) {
			rudeOn = dr.Key
			cs = append(cs, Comment{Key: "rude", Issue: dr.Key, Author: b.other(dr.Author),
				Body: "Typical managers, useless the lot of them. Sack them all and stop wasting our time.",
				At:   b.between(dr.Created, Base.Add(-3*day))})
			break
		}
	}
	slices.SortStableFunc(cs, func(x, y Comment) int { return x.At.Compare(y.At) })
	keys := map[string]string{}
	for i := range cs {
		keys[cs[i].Key] = fmt.Sprintf("c%04d", i+1)
		cs[i].Key = keys[cs[i].Key]
	}
	for i := range cs {
		if cs[i].Parent != "" {
			cs[i].Parent = keys[cs[i].Parent]
		}
	}
	b.d.Comments = cs
	rude := keys["rude"]
	var rudeAt time.Time
	for _, c := range cs {
		if c.Key == rude {
			rudeAt = c.At
		}
	}
	b.d.Reports = append(b.d.Reports,
		Report{Issue: rudeOn, Comment: rude, Reporter: b.other(""), Reason: "Rude and not helpful to anyone",
			At: rudeAt.Add(90 * time.Minute)})
	// Someone asks moderators about a near-duplicate of a leading issue.
	for _, dr := range slices.Backward(drafts) {
		if dr.Topic == "dementia" && dr.Status == StatusOpen {
			b.d.Reports = append(b.d.Reports, Report{Issue: dr.Key, Reporter: b.other(dr.Author),
				Reason: "I think this is the same as the other dementia issues: could they be combined?",
				At:     b.between(dr.Created, Base)})
			break
		}
	}
	slices.SortStableFunc(b.d.Reports, func(x, y Report) int { return x.At.Compare(y.At) })
}

// issueAuthor returns the author of the issue with key k.
func (b *builder) issueAuthor(k string) (string, bool) {
	for _, is := range b.d.Issues {
		if is.Key == k {
			return is.Author, true
		}
	}
	return "", false
}

// other returns a random author who is not the user with key not.
func (b *builder) other(not string) string {
	for {
		if u := pick(b.r, b.authors); u != not {
			return u
		}
	}
}

// follows: authors follow what they raise; a fifth of supporters follow too.
func (b *builder) follows() {
	seen := map[[2]string]bool{}
	add := func(f Follow) {
		if k := [2]string{f.Issue, f.User}; !seen[k] {
			seen[k] = true
			b.d.Follows = append(b.d.Follows, f)
		}
	}
	for _, is := range b.d.Issues {
		if is.Status == StatusOpen {
			add(Follow{Issue: is.Key, User: is.Author, At: is.Created})
		}
	}
	for _, s := range b.d.Supports {
		if b.r.IntN(5) == 0 {
			add(Follow{Issue: s.Issue, User: s.User, At: s.At})
		}
	}
	slices.SortStableFunc(b.d.Follows, func(x, y Follow) int { return x.At.Compare(y.At) })
}

// themes confirms a theme for each topic that has one, holding the topic's
// open issues except those raised in the last few days (not yet grouped).
// Themes are ordered by distinct supporters, then by supports, most first.
func (b *builder) themes(drafts []*draft) {
	org, _ := b.d.FirstWithRole(RoleOrganiser)
	counts := b.d.SupportCounts()
	top := "" // the most supported issue is always in a theme, however recent
	for _, is := range b.d.Issues {
		if top == "" || counts[is.Key] > counts[top] {
			top = is.Key
		}
	}
	all := append(slices.Clone(leadTopics), otherTopics...)
	for _, t := range all {
		if t.theme == "" {
			continue
		}
		th := Theme{Key: "t-" + t.key, Name: t.theme, Description: t.themeDescription,
			ConfirmedBy: org.Key, At: Base.Add(-unthemedAge)}
		for _, dr := range drafts {
			if dr.Topic == t.key && dr.Status == StatusOpen && (dr.Created.Before(Base.Add(-unthemedAge)) || dr.Key == top) {
				th.Issues = append(th.Issues, dr.Key)
			}
		}
		b.d.Themes = append(b.d.Themes, th)
	}
	total := func(th Theme) (n int) {
		for _, k := range th.Issues {
			n += counts[k]
		}
		return n
	}
	slices.SortStableFunc(b.d.Themes, func(x, y Theme) int {
		return cmp.Or(cmp.Compare(b.d.DistinctSupporters(y.Issues), b.d.DistinctSupporters(x.Issues)),
			cmp.Compare(total(y), total(x)))
	})
}
