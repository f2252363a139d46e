package web

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/mail"
)

// maxNotifiers bounds the goroutines sending follower emails at once; when
// all are busy further notices are dropped (and logged) rather than slowing
// requests down.
const maxNotifiers = 4

// notifyFollowers emails everyone following iss (except the person who
// caused the update) in the background. what is one line ("A new comment"),
// text the body of the update.
func (s *Server) notifyFollowers(iss gather.Issue, exceptUser int64, what, text string) {
	if s.lookups == nil {
		return
	}
	select {
	case s.notifySem <- struct{}{}:
	default:
		s.log.Warn("follower notice dropped: too many pending", "issue", iss.ID)
		return
	}
	s.notifyWG.Add(1)
	go func() {
		defer func() { <-s.notifySem; s.notifyWG.Done() }()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := s.sendNotices(ctx, iss, exceptUser, what, text); err != nil {
			s.log.Error("follower notice", "issue", iss.ID, "err", err)
		}
	}()
}

func (s *Server) sendNotices(ctx context.Context, iss gather.Issue, exceptUser int64, what, text string) error {
	ids, err := s.lookups.Followers(ctx, iss.ID)
	if err != nil {
		return err
	}
	link := s.cfg.BaseURL + "/issues/" + strconv.FormatInt(iss.ID, 10)
	for _, id := range ids {
		if id == exceptUser {
			continue
		}
		u, err := s.lookups.UserByID(ctx, id)
		if err != nil {
			return err
		}
		m := mail.Message{
			To:      u.Email,
			Subject: fmt.Sprintf("%s: %s", what, oneLine(iss.Title, 120)),
			Body: fmt.Sprintf("Hello %s,\n\n%s on an issue you follow, “%s”:\n\n%s\n\nSee it at %s\n\nTo stop these emails, open the issue and choose “Stop following”.\n\n%s %s",
				u.DisplayName, what, iss.Title, text, link, s.cfg.OrgName, s.cfg.ServiceName),
		}
		if err := s.mail.Send(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// oneLine returns s without line breaks, cut to n runes.
func oneLine(s string, n int) string {
	r := []rune(s)
	for i, c := range r {
		if c == '\n' || c == '\r' {
			r[i] = ' '
		}
	}
	if len(r) > n {
		r = append(r[:n-1], '…')
	}
	return string(r)
}

// Wait waits for background work (follower emails) to finish; call it after
// the HTTP server has shut down.
func (s *Server) Wait() { s.notifyWG.Wait() }
