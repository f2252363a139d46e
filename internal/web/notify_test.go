package web

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestFollowersAreToldOfComments(t *testing.T) {
	h := newHarness(t, nil)
	author, fan, other := h.client(), h.client(), h.client()
	h.signIn(author, "jo@example.org")
	h.signIn(fan, "kim@example.org")
	h.signIn(other, "lee@example.org")
	path := h.submit(author, "Night buses to the hospital", "There is no bus after ten at night.")
	if r := h.post(fan, path, path+"/follow", nil); r.code != 303 {
		t.Fatalf("follow = %d", r.code)
	}
	if r := h.get(fan, path); !strings.Contains(r.body, "Stop following") {
		t.Fatal("following not shown")
	}
	h.post(fan, path, path+"/comments", url.Values{"body": {"I follow my own comment."}})
	h.post(other, path, path+"/comments", url.Values{"body": {"Same <b>here</b>."}})
	h.srv.Wait()
	msgs, _ := h.outbox.List()
	var notices []string
	for _, m := range msgs {
		if strings.HasPrefix(m.Subject, "A new comment") && m.To == "kim@example.org" {
			notices = append(notices, m.To+": "+m.Body)
		}
	}
	if len(notices) != 1 || !strings.HasPrefix(notices[0], "kim@example.org") || !strings.Contains(notices[0], "Same <b>here</b>.") || !strings.Contains(notices[0], "http://folkmoot.test"+path) {
		t.Fatalf("notices = %q, want one to the follower about the other person's comment", notices)
	}
	authorNotices := 0
	for _, m := range msgs {
		if m.To == "jo@example.org" && strings.HasPrefix(m.Subject, "A new comment") {
			authorNotices++
		}
	}
	if authorNotices != 2 {
		t.Fatalf("the author got %d notices, want 2 (authors follow their issues)", authorNotices)
	}
	// Unfollow stops them.
	h.post(fan, path, path+"/unfollow", nil)
	h.post(other, path, path+"/comments", url.Values{"body": {"Another one."}})
	h.srv.Wait()
	time.Sleep(10 * time.Millisecond)
	msgs, _ = h.outbox.List()
	n := 0
	for _, m := range msgs {
		if strings.HasPrefix(m.Subject, "A new comment") && m.To == "kim@example.org" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d notices after unfollowing, want still 1", n)
	}
}
