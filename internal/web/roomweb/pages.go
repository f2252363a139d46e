package roomweb

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/live"
	"github.com/folkmoot/folkmoot/internal/live/sse"
	"github.com/folkmoot/folkmoot/internal/room"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// statementRow is a statement on the live page with the reader's reaction.
type statementRow struct {
	FrameStatement
	Mine string // "agree", "disagree", "pass" or ""
}

type liveData struct {
	Cycle       cycle.Cycle
	Group       room.Group
	Open        bool
	SignedIn    bool
	CanModerate bool
	Form        *kit.Form
	Kind        string
	Questions   []FrameQuestion
	Statements  []statementRow
	Events      string
	Path        string
	MaxText     int
}

// livePage: GET /cycles/{id}/groups/{group}/live, everyone (posting needs
// signing in).
func (h *Handler) livePage(w http.ResponseWriter, r *http.Request) error {
	return h.showLive(w, r, http.StatusOK, &kit.Form{})
}

func (h *Handler) showLive(w http.ResponseWriter, r *http.Request, code int, f *kit.Form) error {
	c, g, err := h.load(r)
	if err != nil {
		return err
	}
	fl, err := h.rl.follow(r.Context(), g.ID)
	if err != nil {
		return err
	}
	u := kit.User(r)
	d := liveData{Cycle: c, Group: g, Open: c.Allows(cycle.RoomLive), SignedIn: u.SignedIn(), CanModerate: room.CanModerate(u, g),
		Form: f, Kind: f.Get("kind"), Events: path(g, "/events"), Path: path(g, ""), MaxText: room.MaxText}
	if d.Kind == "" {
		d.Kind = string(room.Comment)
	}
	mine, err := h.d.Room.MyReactions(r.Context(), u, g.ID)
	if err != nil {
		return err
	}
	qs, err := h.d.Room.Questions(r.Context(), g.ID, liveQuestions)
	if err != nil {
		return err
	}
	for _, q := range qs {
		d.Questions = append(d.Questions, FrameQuestion{ID: q.ID, Text: q.Text})
	}
	ss, err := h.d.Room.Statements(r.Context(), g.ID)
	if err != nil {
		return err
	}
	for _, s := range fl.statementsAll(ss) {
		row := statementRow{FrameStatement: s}
		if v, ok := mine[s.ID]; ok {
			row.Mine = room.VoteName(v)
		}
		d.Statements = append(d.Statements, row)
	}
	p := kit.Printer(r)
	h.rd.Page(w, r, code, "room_live", &kit.Page{Title: p.T("Live page: %s", g.Name), Data: d, Errors: f.Errs, Breadcrumbs: crumbs(p, c, g)})
	return nil
}

// post: POST /cycles/{id}/groups/{group}/live, signed in: a comment or a
// question (or a moderator's statement).
func (h *Handler) post(w http.ResponseWriter, r *http.Request) error {
	cid, gid, err := ids(r)
	if err != nil {
		return err
	}
	k := room.Kind(r.PostFormValue("kind"))
	pst, err := h.d.Room.Post(r.Context(), kit.User(r), cid, gid, k, r.PostFormValue("text"))
	if err == nil {
		p := kit.Printer(r)
		msg := p.T("Thank you. A moderator will read your post before it is shown.")
		if pst.Status == room.Approved {
			msg = p.T("The statement is on the live page.")
		}
		return h.rd.SeeOther(w, r, "/cycles/"+strconv.FormatInt(cid, 10)+"/groups/"+strconv.FormatInt(gid, 10)+"/live", msg)
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, nil)
	if !ok {
		return err
	}
	return h.showLive(w, r, http.StatusUnprocessableEntity, f)
}

// react: POST /cycles/{id}/groups/{group}/react, signed in.
func (h *Handler) react(w http.ResponseWriter, r *http.Request) error {
	cid, gid, err := ids(r)
	if err != nil {
		return err
	}
	postID, err := kit.ParseID(r.PostFormValue("post"))
	if err != nil {
		return err
	}
	v, ok := room.ParseVote(r.PostFormValue("vote"))
	if !ok {
		return apperr.Field("vote", "Choose agree, disagree or pass.")
	}
	if err := h.d.Room.React(r.Context(), kit.User(r), cid, gid, postID, v); err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, "/cycles/"+strconv.FormatInt(cid, 10)+"/groups/"+strconv.FormatInt(gid, 10)+"/live#s-"+strconv.FormatInt(postID, 10), kit.Printer(r).T("Your reaction is counted."))
}

type moderateData struct {
	Cycle   cycle.Cycle
	Group   room.Group
	Open    bool
	Pending []room.Post
	Decided []room.Post
	Events  string
	Path    string
}

// moderatePage: GET /cycles/{id}/groups/{group}/moderate, the group's
// moderators.
func (h *Handler) moderatePage(w http.ResponseWriter, r *http.Request) error {
	c, g, err := h.load(r)
	if err != nil {
		return err
	}
	u := kit.User(r)
	d := moderateData{Cycle: c, Group: g, Open: c.Allows(cycle.RoomLive), Events: path(g, "/events?for=moderate"), Path: path(g, "")}
	if d.Pending, err = h.d.Room.Pending(r.Context(), u, g); err != nil {
		return err
	}
	if d.Decided, err = h.d.Room.Decided(r.Context(), u, g, 20); err != nil {
		return err
	}
	p := kit.Printer(r)
	h.rd.Page(w, r, http.StatusOK, "room_moderate", &kit.Page{Title: p.T("Moderate: %s", g.Name), Data: d, Breadcrumbs: crumbs(p, c, g)})
	return nil
}

// decide: POST /cycles/{id}/groups/{group}/moderate, the group's
// moderators: approve or reject one post.
func (h *Handler) decide(w http.ResponseWriter, r *http.Request) error {
	cid, gid, err := ids(r)
	if err != nil {
		return err
	}
	postID, err := kit.ParseID(r.PostFormValue("post"))
	if err != nil {
		return err
	}
	var approve bool
	switch r.PostFormValue("decision") {
	case "approve":
		approve = true
	case "reject":
	default:
		return apperr.Field("decision", "Choose approve or reject.")
	}
	if err := h.d.Room.Decide(r.Context(), kit.User(r), cid, gid, postID, approve); err != nil {
		return err
	}
	p := kit.Printer(r)
	msg := p.T("Post rejected: it will not be shown.")
	if approve {
		msg = p.T("Post approved: it is shown on the live page and the room screen.")
	}
	return h.rd.SeeOther(w, r, "/cycles/"+strconv.FormatInt(cid, 10)+"/groups/"+strconv.FormatInt(gid, 10)+"/moderate", msg)
}

type screenData struct {
	Cycle   cycle.Cycle
	Group   room.Group
	Frame   Frame
	Events  string
	Path    string
	LiveURL string // the live page's full address, shown on the screen
	// Refresh (?refresh=1) makes the page reload itself every 20 seconds
	// when JavaScript is off: asked for, not by default, since a page that
	// changes by itself is hard for some people (WCAG 2.2.1).
	Refresh bool
}

// screenPage: GET /cycles/{id}/groups/{group}/screen, everyone: the room
// screen.
func (h *Handler) screenPage(w http.ResponseWriter, r *http.Request) error {
	c, g, err := h.load(r)
	if err != nil {
		return err
	}
	fl, err := h.rl.follow(r.Context(), g.ID)
	if err != nil {
		return err
	}
	qs, err := h.d.Room.Questions(r.Context(), g.ID, screenQuestions)
	if err != nil {
		return err
	}
	ss, err := h.d.Room.Statements(r.Context(), g.ID)
	if err != nil {
		return err
	}
	fr := fl.with(qs, ss)
	p := kit.Printer(r)
	h.rd.Page(w, r, http.StatusOK, "room_screen", &kit.Page{Title: g.Name, Data: screenData{Cycle: c, Group: g, Frame: fr, Events: path(g, "/events"), Path: path(g, ""), LiveURL: h.d.BaseURL + path(g, "/live"), Refresh: r.URL.Query().Get("refresh") == "1"}, Breadcrumbs: crumbs(p, c, g)})
	return nil
}

// pendingEvent is the "pending" event, encoded once.
var pendingEvent = sse.Encoded(sse.Message{Event: "pending", Data: []byte("1")})

// events: GET /cycles/{id}/groups/{group}/events, everyone: the group's
// frames ("frame": Frame as JSON) and, with ?for=moderate (the moderators'
// page, which reloads), "pending" when a post awaits or was decided. Every
// viewer is sent the same bytes, encoded once per change (relay.go).
func (h *Handler) events(w http.ResponseWriter, r *http.Request) error {
	_, g, err := h.load(r)
	if err != nil {
		return err
	}
	fl, err := h.rl.follow(r.Context(), g.ID)
	if err != nil {
		return err
	}
	if !h.env.Streams.Acquire() {
		w.Header().Set("Retry-After", "10")
		http.Error(w, kit.Printer(r).T("Too many pages are following live updates on this server just now. Refresh the page to see the latest."), http.StatusServiceUnavailable)
		return nil
	}
	defer h.env.Streams.Release()
	frame, pending := frameTopic(g.ID), pendingTopic(g.ID)
	topics := []string{frame}
	if r.URL.Query().Get("for") == "moderate" {
		topics = append(topics, pending)
	}
	sub := h.rl.hub.Subscribe(topics...)
	err = sse.Serve(w, r, sub, sse.Options{
		Done: h.env.Done,
		Initial: func(context.Context) (sse.Message, error) {
			_, b := fl.current()
			return sse.Message{Raw: b}, nil
		},
		Encode: func(ev live.Event) (sse.Message, bool) {
			if ev.Topic == pending {
				return sse.Message{Raw: pendingEvent}, true
			}
			return sse.Message{Raw: ev.Data}, true
		},
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		h.env.Log.Debug("live: a room's event stream ended", "group", g.ID, "err", err)
	}
	return nil
}
