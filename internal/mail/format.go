package mail

import (
	"bytes"
	"encoding/hex"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
	"time"
)

// maxHeaderLine is where Format folds a header line when a space allows
// (RFC 5322 section 2.1.1: lines SHOULD be at most 78 characters).
const maxHeaderLine = 78

// Format returns m as an RFC 5322 message with CRLF line endings and no
// line longer than RFC 5322 advises (78 characters): headers folded at
// spaces, the subject (and a sender's name) in MIME encoded words when
// they are not ASCII,
// and the body as UTF-8 plain text in quoted-printable, which keeps every
// line under 77 characters and the message 7-bit clean whatever the text
// (Welsh ŵ, ŷ, â; a long link; a paragraph with no line break) and
// whatever the server supports. It carries a Message-ID made from m.ID
// and the sender's domain, the Date, Content-Language when m.Lang is set,
// and Auto-Submitted (RFC 3834), so that vacation responders do not
// answer.
func Format(from string, m Message) []byte {
	var b bytes.Buffer
	h := func(k, v string) { foldHeader(&b, k, v) }
	h("From", headerFrom(from))
	h("To", m.To)
	h("Subject", encodeText(m.Subject, maxHeaderLine-len("Subject: ")))
	h("Date", m.Date.Format(time.RFC1123Z))
	h("Message-ID", "<"+m.ID+"@"+idDomain(from)+">")
	h("Auto-Submitted", "auto-generated")
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	if m.Lang != "" {
		h("Content-Language", m.Lang)
	}
	h("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	body := strings.ReplaceAll(m.Body, "\r\n", "\n")
	if !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	// The writer turns each "\n" into CRLF and breaks longer lines with
	// soft breaks; net/smtp's DATA writer does the dot-stuffing.
	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(body))
	qp.Close()
	return b.Bytes()
}

// foldHeader writes "k: v" and CRLF to b, folding the line before a space
// wherever it would pass maxHeaderLine. A word longer than the line (an
// address, an encoded word) stays whole.
func foldHeader(b *bytes.Buffer, k, v string) {
	line := k + ":"
	for i, w := range strings.Split(v, " ") {
		if i > 0 && w != "" && len(line)+1+len(w) > maxHeaderLine {
			b.WriteString(line + "\r\n")
			line = ""
		}
		line += " " + w
	}
	b.WriteString(line + "\r\n")
}

// encodeText returns s for a header: as it is when it is printable ASCII
// (and cannot be mistaken for an encoded word), else as RFC 2047 "Q"
// encoded words of at most width characters each, separated by spaces
// where foldHeader may fold (a reader drops that space: the text is one
// run). Words end on character boundaries.
func encodeText(s string, width int) string {
	plain := !strings.Contains(s, "=?")
	for i := 0; i < len(s) && plain; i++ {
		plain = s[i] >= ' ' && s[i] <= '~'
	}
	if plain {
		return s
	}
	const open, end = "=?utf-8?q?", "?="
	var words []string
	var cur strings.Builder
	for _, r := range s {
		enc := qRune(r)
		if cur.Len() > 0 && len(open)+cur.Len()+len(enc)+len(end) > width {
			words = append(words, open+cur.String()+end)
			cur.Reset()
		}
		cur.WriteString(enc)
	}
	if cur.Len() > 0 {
		words = append(words, open+cur.String()+end)
	}
	return strings.Join(words, " ")
}

// qRune returns r in RFC 2047's "Q" encoding for a header: letters,
// digits and a few marks as they are, a space as "_", anything else as
// "=XX" per UTF-8 byte.
func qRune(r rune) string {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune("!*+-/", r):
		return string(r)
	case r == ' ':
		return "_"
	}
	var b strings.Builder
	for _, c := range []byte(string(r)) {
		b.WriteString("=" + strings.ToUpper(hex.EncodeToString([]byte{c})))
	}
	return b.String()
}

// headerFrom returns from for the From header: a display name encoded
// when it is not ASCII, or from as given when it does not parse.
func headerFrom(from string) string {
	a, err := netmail.ParseAddress(from)
	if err != nil {
		return from
	}
	if a.Name == "" {
		return a.Address
	}
	return a.String()
}

// idDomain returns the domain of the From address, for Message-IDs
// (RFC 5322 wants a domain the sender controls), or "folkmoot".
func idDomain(from string) string {
	if a, err := netmail.ParseAddress(from); err == nil {
		from = a.Address
	}
	_, d, ok := strings.Cut(from, "@")
	d = strings.TrimRight(strings.TrimSpace(d), ">")
	if !ok || d == "" || strings.ContainsAny(d, " <>@\r\n") {
		return "folkmoot"
	}
	return d
}
