package mail

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/mail/mailtest"
)

// startTestServer starts a fake SMTP server on 127.0.0.1 for these tests.
func startTestServer(t *testing.T, o mailtest.Options) *mailtest.Server {
	return mailtest.Start(t, "127.0.0.1:0", o)
}

// senderTo returns a plain SMTP sender to s.
func senderTo(s *mailtest.Server) *SMTP {
	return &SMTP{Host: s.Host, Port: s.Port, From: "folkmoot@example.org", Timeout: 5 * time.Second}
}

// selfSigned returns a server TLS config with a new certificate for
// 127.0.0.1 and a client config that trusts it.
func selfSigned(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test smtp"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
}

var testMessage = Message{To: "a@example.org", Subject: "Hi", Body: "Hello"}

func TestSMTPUsesStartTLSWhenOffered(t *testing.T) {
	srvTLS, cliTLS := selfSigned(t)
	s := startTestServer(t, mailtest.Options{TLS: srvTLS})
	for _, mode := range []TLSMode{"", TLSAuto, TLSStartTLS} {
		snd := senderTo(s)
		snd.TLS, snd.TLSConfig = mode, cliTLS
		if err := snd.Send(context.Background(), testMessage); err != nil {
			t.Fatalf("TLS %q: %v", mode, err)
		}
	}
	for i, m := range s.Delivered() {
		if !m.TLS {
			t.Errorf("message %d went in the clear though the server offers STARTTLS", i)
		}
	}
}

func TestSMTPRequiredStartTLS(t *testing.T) {
	s := startTestServer(t, mailtest.Options{}) // offers no STARTTLS
	snd := senderTo(s)
	snd.TLS = TLSStartTLS
	err := snd.Send(context.Background(), testMessage)
	if err == nil || errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("required STARTTLS from a server without it: %v, want a retryable error naming STARTTLS", err)
	}
	if n := len(s.Delivered()); n != 0 {
		t.Fatalf("%d messages went in the clear", n)
	}
	snd.TLS = TLSAuto // auto sends in the clear to a server that offers nothing better
	if err := snd.Send(context.Background(), testMessage); err != nil {
		t.Fatal(err)
	}
	if m := s.Delivered(); len(m) != 1 || m[0].TLS {
		t.Fatalf("messages %+v", m)
	}
}

func TestSMTPUntrustedCertificateIsNotSentInClear(t *testing.T) {
	srvTLS, _ := selfSigned(t)
	s := startTestServer(t, mailtest.Options{TLS: srvTLS})
	err := senderTo(s).Send(context.Background(), testMessage) // system roots: the certificate fails
	if err == nil || errors.Is(err, ErrInvalid) {
		t.Fatalf("STARTTLS with an untrusted certificate: %v, want a retryable error", err)
	}
	if n := len(s.Delivered()); n != 0 {
		t.Fatalf("%d messages sent after a failed upgrade", n)
	}
	snd := senderTo(s)
	snd.TLS = TLSNone // a local relay with a certificate nobody can check
	if err := snd.Send(context.Background(), testMessage); err != nil {
		t.Fatal(err)
	}
	if m := s.Delivered(); len(m) != 1 || m[0].TLS {
		t.Fatalf("TLS none: messages %+v", m)
	}
}

func TestSMTPImplicitTLS(t *testing.T) {
	srvTLS, cliTLS := selfSigned(t)
	s := startTestServer(t, mailtest.Options{TLS: srvTLS, Implicit: true})
	snd := senderTo(s)
	snd.TLS, snd.TLSConfig = TLSImplicit, cliTLS
	if err := snd.Send(context.Background(), testMessage); err != nil {
		t.Fatal(err)
	}
	if m := s.Delivered(); len(m) != 1 || !m[0].TLS {
		t.Fatalf("messages %+v", m)
	}
}

func TestSMTPEnvelopeAndHello(t *testing.T) {
	s := startTestServer(t, mailtest.Options{})
	snd := senderTo(s)
	snd.From, snd.HelloName = "Casglu Ŵyl Gymraeg <casglu@example.org>", "gather.example.org"
	if err := snd.Send(context.Background(), testMessage); err != nil {
		t.Fatal(err)
	}
	m := s.Delivered()[0]
	if m.From != "casglu@example.org" || m.To != "a@example.org" {
		t.Fatalf("envelope from %q to %q", m.From, m.To)
	}
	msg, err := netmail.ReadMessage(strings.NewReader(m.Raw))
	if err != nil {
		t.Fatal(err)
	}
	from, err := msg.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Casglu Ŵyl Gymraeg" || from[0].Address != "casglu@example.org" {
		t.Fatalf("From header %q: %v %v", msg.Header.Get("From"), from, err)
	}
	if id := msg.Header.Get("Message-ID"); !strings.HasSuffix(id, "@example.org>") {
		t.Fatalf("Message-ID %q", id)
	}
	if helo := s.Hellos(); !strings.Contains(strings.Join(helo, ","), "gather.example.org") {
		t.Fatalf("EHLO names %q", helo)
	}
}

// TestSMTPCancelEndsAStalledSend: a lost lease or a shutdown cancels the
// context, which must end a conversation the server has stalled.
func TestSMTPCancelEndsAStalledSend(t *testing.T) {
	s := startTestServer(t, mailtest.Options{Stall: func(int, string) time.Duration { return 10 * time.Second }})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	err := senderTo(s).Send(ctx, testMessage)
	if err == nil {
		t.Fatal("a cancelled send reported success")
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Fatalf("the cancelled send took %v", took)
	}
}

// TestSMTPLostQuitIsSent: once the server has taken the message (250
// after DATA), a failed QUIT must not report a failure, or a queue would
// send the message again.
func TestSMTPLostQuitIsSent(t *testing.T) {
	s := startTestServer(t, mailtest.Options{DropQuit: true})
	if err := senderTo(s).Send(context.Background(), testMessage); err != nil {
		t.Fatalf("the server took the message but Send says %v", err)
	}
	if n := len(s.Delivered()); n != 1 {
		t.Fatalf("%d messages", n)
	}
}

// TestFormatLinesAndEncoding: whatever the text — Welsh letters, a long
// link, a paragraph with no line break, a long subject — the message is
// 7-bit, no line passes 78 characters, and a mail reader gets the text
// back exactly.
func TestFormatLinesAndEncoding(t *testing.T) {
	link := "https://gather.example.org/signin/" + strings.Repeat("Ab3_", 30) + "?next=%2Fissues%2F12"
	body := "Helo,\n\nAgorwch y ddolen hon i fewngofnodi i Gasglu ŵ ŷ â ê î ô û:\n\n" + link + "\n\n" +
		strings.Repeat("Mae'r gwasanaeth yn agored i bawb yng Nghymru. ", 60) + "\n.\n.dot\nend  \n"
	subject := "Eich dolen fewngofnodi ar gyfer Gwasanaeth Iechyd Gwladol Cymru — Casglu materion ŵ ŷ â " + strings.Repeat("x", 30)
	m := Message{ID: "20260302T100000.000000000Z-0123456789abcdef", To: "a@example.org", Subject: subject, Body: body,
		Date: time.Date(2026, 3, 2, 10, 0, 0, 0, time.FixedZone("", 0)), Lang: "cy"}
	raw := Format("Casglu <casglu@example.org>", m)
	for i, line := range strings.Split(strings.TrimSuffix(string(raw), "\r\n"), "\r\n") {
		if len(line) > 78 {
			t.Errorf("line %d is %d characters: %q", i+1, len(line), line)
		}
		for _, c := range []byte(line) {
			if c >= 0x80 || c == '\r' || c == '\n' {
				t.Fatalf("line %d has the byte %#x: %q", i+1, c, line)
			}
		}
	}
	msg, err := netmail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	var dec mime.WordDecoder
	if got, err := dec.DecodeHeader(h.Get("Subject")); err != nil || got != subject {
		t.Errorf("Subject decodes to %q (%v), want %q", got, err, subject)
	}
	for k, want := range map[string]string{
		"Content-Type": "text/plain; charset=utf-8", "Content-Transfer-Encoding": "quoted-printable",
		"Content-Language": "cy", "MIME-Version": "1.0", "Auto-Submitted": "auto-generated",
		"Message-ID": "<" + m.ID + "@example.org>", "To": "a@example.org",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	if d, err := h.Date(); err != nil || !d.Equal(m.Date) {
		t.Errorf("Date %q: %v %v", h.Get("Date"), d, err)
	}
	text, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.ReplaceAll(string(text), "\r\n", "\n"); got != body {
		t.Errorf("the body decodes to\n%q\nwant\n%q", got, body)
	}
	if !strings.Contains(string(raw), "=C5=B5") { // ŵ
		t.Errorf("ŵ is not encoded:\n%s", raw)
	}

	// A long English subject is folded at spaces and unfolds to itself.
	m.Subject = strings.TrimSpace(strings.Repeat("A new comment on an issue you follow ", 5))
	raw = Format("casglu@example.org", m)
	msg, err = netmail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	if got := msg.Header.Get("Subject"); got != m.Subject {
		t.Errorf("Subject unfolds to %q, want %q", got, m.Subject)
	}
	for i, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 78 {
			t.Errorf("line %d is %d characters: %q", i+1, len(line), line)
		}
	}
}
