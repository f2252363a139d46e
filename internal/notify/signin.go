package notify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/mail"
)

// badAddress is the message for an address mail cannot go to.
const badAddress = "Enter an email address in the correct format, like name@example.com"

// SignInLink queues the email carrying a one-time sign-in link to the
// address to, written in lang, saying that the link works once for valid.
// The job's key is made from the link, so asking twice to send one link
// sends one email. It returns an apperr.Invalid error for the field
// "email" (wrapping mail.ErrInvalid) when the address cannot receive mail,
// and otherwise fails only when the queue cannot store the job: a mail
// server that is down delays the email, it does not fail the request.
func (n *Notifier) SignInLink(ctx context.Context, to string, lang i18n.Lang, link string, valid time.Duration) error {
	p := i18n.For(lang)
	c := n.cfg
	m := mail.Message{
		To:      to,
		Subject: p.T("Your sign-in link for %s %s", c.OrgName, c.ServiceName),
		Body: p.T("Hello,\n\nOpen this link to sign in to %s %s:\n\n%s\n\n%s If you did not ask to sign in, ignore this email: nobody can sign in without the link.\n\n%s",
			c.OrgName, c.ServiceName, link, Validity(p, valid), c.OrgName),
		Lang: p.Lang().Tag(),
	}
	sum := sha256.Sum256([]byte(link))
	_, err := n.Send(ctx, "signin:"+hex.EncodeToString(sum[:16]), m)
	if errors.Is(err, mail.ErrInvalid) {
		return &apperr.Error{Kind: apperr.Invalid, Field: "email", Message: badAddress, Format: badAddress, Err: err}
	}
	return err
}

// Validity says, as a whole sentence, how long a sign-in link valid for d
// works: "The link works once, for 20 minutes." (whole hours when d is a
// whole number of hours, else minutes, rounded). A whole sentence rather
// than a duration put into one, because Welsh mutates the number after
// "am" (for): "am ddwy awr". The sign-in page says the same with the same
// messages (accountweb.Expiry).
func Validity(p *i18n.Printer, d time.Duration) string {
	if d >= time.Hour && d%time.Hour == 0 {
		return p.N(int(d/time.Hour), "The link works once, for %d hour.", "The link works once, for %d hours.")
	}
	return p.N(int(d.Round(time.Minute)/time.Minute), "The link works once, for %d minute.", "The link works once, for %d minutes.")
}
