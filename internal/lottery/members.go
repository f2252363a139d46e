package lottery

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recruit"
)

// HashToken is the stored form of an invitation link's token.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func newToken() string {
	var b [24]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// ReplyPath is the path of an invitation link.
func ReplyPath(token string) string { return "/selection/reply/" + token }

// Invite sends an invitation to every member drawn and not yet invited,
// with a link to confirm or decline (no sign-in needed); a member without
// an email address is marked invited by post. It returns how many emails
// were queued.
func (s *Service) Invite(ctx context.Context, actor people.User, cycleID int64) (int, error) {
	if _, err := s.organise(ctx, actor, cycleID); err != nil {
		return 0, err
	}
	sel, err := s.Get(ctx, cycleID)
	if err != nil {
		return 0, err
	}
	if sel.State != Drawn {
		return 0, apperr.New(apperr.Conflict, "Invitations go out after the draw.")
	}
	ms, err := s.store.SelectionMembers(ctx, cycleID)
	if err != nil {
		return 0, err
	}
	type out struct {
		m     mail.Message
		key   string
		token string
	}
	var changed []Member
	var mails []out
	for _, m := range ms {
		if m.Status != MemberDrawn {
			continue
		}
		token := newToken()
		m.Status, m.TokenHash, m.Updated = Invited, HashToken(token), s.now()
		changed = append(changed, m)
		if s.pools == nil {
			continue
		}
		c, err := s.pools.Contact(ctx, actor, cycleID, m.ID)
		if err != nil {
			return 0, err
		}
		if c.Email != "" {
			mails = append(mails, out{invitation(c, s.cfg.BaseURL+ReplyPath(token)), "selection-invite:" + strconv.FormatInt(cycleID, 10) + ":" + m.ID, token})
			mails[len(mails)-1].m.To = c.Email
		}
	}
	if len(changed) == 0 {
		return 0, nil
	}
	ev := s.event(actor, "selection.invite", cycleID, map[string]string{"members": strconv.Itoa(len(changed)), "emails": strconv.Itoa(len(mails))})
	if err := s.store.SaveSelection(ctx, Change{Selection: sel, From: []State{Drawn}, Members: changed, Event: ev}); err != nil {
		return 0, notNow(err)
	}
	sent := 0
	for _, o := range mails {
		if s.mailer == nil {
			break
		}
		if _, err := s.mailer.Send(ctx, o.key, o.m); err != nil {
			s.cfg.Log.Warn("queueing an invitation", "cycle", cycleID, "err", err)
			continue
		}
		sent++
	}
	s.changed(ctx, cycleID)
	return sent, nil
}

// Invitee is what the reply page shows: the round and the member's
// status.
type Invitee struct {
	Member Member
	Title  string // the round's title
}

// Invitation returns the invitation of a link's token (apperr.NotFound
// for an unknown token).
func (s *Service) Invitation(ctx context.Context, token string) (Invitee, error) {
	m, err := s.store.SelectionMemberByToken(ctx, HashToken(token))
	if err != nil {
		return Invitee{}, apperr.New(apperr.NotFound, "This invitation link is not valid. Check that you copied the whole link from the email.")
	}
	c, err := s.rounds.Cycle(ctx, m.CycleID)
	if err != nil {
		return Invitee{}, err
	}
	return Invitee{Member: m, Title: c.Title}, nil
}

// Reply records an invitee's answer from the invitation link: confirm or
// decline. A confirmation is acknowledged by email. A member who declined
// cannot confirm again through the link (the seat may have gone to a
// reserve): they are asked to contact the organisers.
func (s *Service) Reply(ctx context.Context, token string, accept bool) (Member, error) {
	m, err := s.store.SelectionMemberByToken(ctx, HashToken(token))
	if err != nil {
		return m, apperr.New(apperr.NotFound, "This invitation link is not valid. Check that you copied the whole link from the email.")
	}
	switch {
	case !m.Current():
		return m, apperr.New(apperr.Conflict, "You have already declined this invitation. If you have changed your mind, please contact the organisers.")
	case accept && m.Status == Confirmed, !accept && m.Status == Declined:
		return m, nil
	}
	sel, err := s.Get(ctx, m.CycleID)
	if err != nil {
		return m, err
	}
	action, status := "selection.decline", Declined
	if accept {
		action, status = "selection.confirm", Confirmed
	}
	m.Status, m.Updated = status, s.now()
	ev := s.event(people.Anonymous, action, m.CycleID, map[string]string{"member": m.ID, "by": "invitee"})
	if err := s.store.SaveSelection(ctx, Change{Selection: sel, From: []State{Drawn}, Members: []Member{m}, Event: ev}); err != nil {
		return m, notNow(err)
	}
	if accept && s.pools != nil && s.mailer != nil {
		if c, err := s.pools.Contact(ctx, people.System, m.CycleID, m.ID); err == nil && c.Email != "" {
			msg := confirmation(c)
			msg.To = c.Email
			if _, err := s.mailer.Send(ctx, "selection-confirm:"+strconv.FormatInt(m.CycleID, 10)+":"+m.ID, msg); err != nil {
				s.cfg.Log.Warn("queueing a confirmation", "cycle", m.CycleID, "err", err)
			}
		}
	}
	s.changed(ctx, m.CycleID)
	return m, nil
}

// RecordReply records a member's answer given to the organisers (by
// phone, by post): confirm or decline.
func (s *Service) RecordReply(ctx context.Context, actor people.User, cycleID int64, memberID string, accept bool) (Member, error) {
	if _, err := s.organise(ctx, actor, cycleID); err != nil {
		return Member{}, err
	}
	sel, err := s.Get(ctx, cycleID)
	if err != nil {
		return Member{}, err
	}
	m, err := s.member(ctx, cycleID, memberID)
	if err != nil {
		return m, err
	}
	if !m.Current() {
		return m, apperr.New(apperr.Conflict, "This person has already declined.")
	}
	action, status := "selection.decline", Declined
	if accept {
		action, status = "selection.confirm", Confirmed
	}
	m.Status, m.Updated = status, s.now()
	ev := s.event(actor, action, cycleID, map[string]string{"member": m.ID, "by": "organiser"})
	if err := s.store.SaveSelection(ctx, Change{Selection: sel, From: []State{Drawn}, Members: []Member{m}, Event: ev}); err != nil {
		return m, notNow(err)
	}
	s.changed(ctx, cycleID)
	return m, nil
}

func (s *Service) member(ctx context.Context, cycleID int64, id string) (Member, error) {
	ms, err := s.store.SelectionMembers(ctx, cycleID)
	if err != nil {
		return Member{}, err
	}
	for _, m := range ms {
		if m.ID == id {
			return m, nil
		}
	}
	return Member{}, apperr.New(apperr.NotFound, "This person is not on the panel.")
}

// Replace gives a decliner's seat to the first person on the reserve list,
// in order, who is not on the panel and whose taking the seat keeps every
// quota met. It says so (apperr.Conflict) when no reserve can. The new
// member is invited at once when invitations have gone out.
func (s *Service) Replace(ctx context.Context, actor people.User, cycleID int64, memberID string) (Replacement, error) {
	if _, err := s.organise(ctx, actor, cycleID); err != nil {
		return Replacement{}, err
	}
	sel, err := s.Get(ctx, cycleID)
	if err != nil {
		return Replacement{}, err
	}
	if sel.State != Drawn {
		return Replacement{}, apperr.New(apperr.Conflict, "Replacements come after the draw.")
	}
	ms, err := s.store.SelectionMembers(ctx, cycleID)
	if err != nil {
		return Replacement{}, err
	}
	var out *Member
	on := map[string]bool{}
	var current []string
	invited := false
	for i := range ms {
		on[ms[i].ID] = true
		if ms[i].ID == memberID {
			out = &ms[i]
		}
		if ms[i].Current() {
			current = append(current, ms[i].ID)
		}
		invited = invited || ms[i].Status != MemberDrawn
	}
	if out == nil {
		return Replacement{}, apperr.New(apperr.NotFound, "This person is not on the panel.")
	}
	if out.Status != Declined {
		return Replacement{}, apperr.New(apperr.Conflict, "Only a member who declined can be replaced.")
	}
	q, err := s.quotaCheck(ctx, sel)
	if err != nil {
		return Replacement{}, err
	}
	in := ""
	for _, r := range sel.Reserves {
		if on[r] {
			continue
		}
		if q.holds(append(append([]string(nil), current...), r)) {
			in = r
			break
		}
	}
	if in == "" {
		return Replacement{}, apperr.New(apperr.Conflict, "No one on the reserve list can take this seat and keep every quota met. The seat stays empty unless the quotas are reconsidered.")
	}
	now := s.now()
	rep := Replacement{Out: out.ID, In: in, At: now}
	sel.Replacements = append(sel.Replacements, rep)
	sel.Updated = now
	out.Status, out.Updated = Replaced, now
	nm := Member{CycleID: cycleID, ID: in, Position: len(ms) + 1, Status: MemberDrawn, Reserve: true, Updated: now}
	ev := s.event(actor, "selection.replace", cycleID, map[string]string{"out": out.ID, "in": in})
	if err := s.store.SaveSelection(ctx, Change{Selection: sel, From: []State{Drawn}, Members: []Member{*out, nm}, Event: ev}); err != nil {
		return rep, notNow(err)
	}
	s.changed(ctx, cycleID)
	if invited {
		if _, err := s.Invite(ctx, actor, cycleID); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// quotas is the quota check of a drawn selection: each member's values
// and each value's bounds.
type quotas struct {
	values map[string][]int // member id → value index per category
	cats   [][2][]int       // per category: mins, maxs by value index
}

func (s *Service) quotaCheck(ctx context.Context, sel Selection) (*quotas, error) {
	fb, err := s.store.SelectionFile(ctx, sel.CycleID, FeaturesFile)
	if err != nil {
		return nil, err
	}
	pb, err := s.store.SelectionFile(ctx, sel.CycleID, PeopleFile)
	if err != nil {
		return nil, err
	}
	in, err := input(fb, pb)
	if err != nil {
		return nil, err
	}
	q := &quotas{values: map[string][]int{}}
	for _, c := range in.Categories {
		var mins, maxs []int
		for _, v := range c.Values {
			mins, maxs = append(mins, v.Min), append(maxs, v.Max)
		}
		q.cats = append(q.cats, [2][]int{mins, maxs})
	}
	for _, p := range in.People {
		q.values[p.ID] = p.Values
	}
	return q, nil
}

// holds reports whether the panel of ids meets every quota.
func (q *quotas) holds(ids []string) bool {
	for c, b := range q.cats {
		n := make([]int, len(b[0]))
		for _, id := range ids {
			n[q.values[id][c]]++
		}
		for v := range n {
			if n[v] < b[0][v] || n[v] > b[1][v] {
				return false
			}
		}
	}
	return true
}

// invitation is the invitation email in the person's language.
func invitation(c recruit.Contact, link string) mail.Message {
	lang := i18n.English
	if c.Lang == "cy" {
		lang = i18n.Welsh
	}
	p := i18n.For(lang)
	body := p.T("Dear %s,", c.Name) + "\n\n" +
		p.T("You have been chosen by lottery to be a member of the citizens' assembly. We would be glad if you took part: the assembly meets over several days, expenses are paid and help is available for anyone who needs it.") + "\n\n" +
		p.T("Please tell us whether you can take part, using this link (you do not need to sign in):") + "\n" + link + "\n\n" +
		p.T("If you cannot take part, please tell us as well, so that we can offer your seat to the next person on the reserve list.") + "\n"
	return mail.Message{Subject: p.T("You have been chosen for the citizens' assembly"), Body: body, Lang: string(lang)}
}

// confirmation is the email acknowledging a confirmation.
func confirmation(c recruit.Contact) mail.Message {
	lang := i18n.English
	if c.Lang == "cy" {
		lang = i18n.Welsh
	}
	p := i18n.For(lang)
	body := p.T("Dear %s,", c.Name) + "\n\n" +
		p.T("Thank you for confirming that you will take part in the citizens' assembly. We will write to you soon with the dates, the place and how to claim your expenses.") + "\n"
	return mail.Message{Subject: p.T("Your place on the citizens' assembly is confirmed"), Body: body, Lang: string(lang)}
}

// QuotasMet reports whether a drawn selection's current members
// (replacements included, decliners left out) meet every quota: what the
// quality self-assessment proves of representativeness. False before the
// draw.
func (s *Service) QuotasMet(ctx context.Context, cycleID int64) (bool, error) {
	sel, err := s.Get(ctx, cycleID)
	if err != nil || sel.State != Drawn {
		return false, err
	}
	q, err := s.quotaCheck(ctx, sel)
	if err != nil {
		return false, err
	}
	ids, err := s.Assembly(ctx, cycleID)
	if err != nil {
		return false, err
	}
	for _, id := range ids {
		if _, ok := q.values[id]; !ok {
			return false, nil
		}
	}
	return q.holds(ids), nil
}
