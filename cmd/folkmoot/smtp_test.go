package main

import (
	"testing"

	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/mail"
)

func TestSMTPSenderFromConfig(t *testing.T) {
	cfg := config.Default()
	cfg.SMTPHost, cfg.SMTPPort, cfg.SMTPTLS = "smtp.example.org", 465, config.SMTPTLSImplicit
	cfg.MailFrom, cfg.BaseURL = "Gather <gather@example.org>", "https://gather.example.org"
	s := smtpSender(cfg)
	if s.Host != "smtp.example.org" || s.Port != 465 || s.TLS != mail.TLSImplicit || s.From != cfg.MailFrom || s.HelloName != "gather.example.org" {
		t.Fatalf("smtpSender = %+v", s)
	}
	for base, want := range map[string]string{
		"https://gather.example.org":      "gather.example.org",
		"https://gather.example.org:8443": "gather.example.org",
		"http://127.0.0.1:8080":           "[127.0.0.1]",
		"http://[::1]:8080":               "",
		"http://localhost:8080":           "",
		"::bad":                           "",
	} {
		if got := helloName(base); got != want {
			t.Errorf("helloName(%q) = %q, want %q", base, got, want)
		}
	}
}
