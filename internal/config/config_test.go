package config

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestFlagsOverrideEnv(t *testing.T) {
	c, err := FromEnv(Default(), env(map[string]string{
		"FOLKMOOT_DB": "from-env.db", "FOLKMOOT_ADDR": "127.0.0.1:9000", "FOLKMOOT_SUPPORT_PER_MINUTE": "0",
		"FOLKMOOT_SIGNIN_EXPIRY": "5m",
	}))
	if err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c.Register(fs)
	if err := fs.Parse([]string{"--db", "from-flag.db"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.DB != "from-flag.db" || c.Addr != "127.0.0.1:9000" || c.SupportPerMinute != 0 || c.SignInExpiry != 5*time.Minute {
		t.Fatalf("got %+v", c)
	}
	if c.BaseURL != "http://127.0.0.1:9000" {
		t.Fatalf("BaseURL = %q", c.BaseURL)
	}
}

func TestEnvErrorsNameTheVariable(t *testing.T) {
	_, err := FromEnv(Default(), env(map[string]string{"FOLKMOOT_BURST": "lots", "FOLKMOOT_OUTBOX": "maybe"}))
	if err == nil || !strings.Contains(err.Error(), "FOLKMOOT_BURST") || !strings.Contains(err.Error(), "FOLKMOOT_OUTBOX") {
		t.Fatalf("err = %v", err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Config)
		field string // "" = valid
	}{
		{"default", func(*Config) {}, ""},
		{"bad colour", func(c *Config) { c.Colour = "red;}body{" }, "colour"},
		{"outside logo", func(c *Config) { c.LogoURL = "https://example.com/logo.png" }, "logo-url"},
		{"protocol-relative logo", func(c *Config) { c.LogoURL = "//example.com/l.png" }, "logo-url"},
		{"bad addr", func(c *Config) { c.Addr = "8080" }, "addr"},
		{"bad base", func(c *Config) { c.BaseURL = "javascript:alert(1)" }, "base-url"},
		{"short key", func(c *Config) { c.SecretKey = "abc" }, "secret-key"},
		{"negative limit", func(c *Config) { c.SupportPerMinute = -1 }, "rate limits"},
		{"data key twice", func(c *Config) { c.DataKey, c.DataKeyFile = "k", "f" }, "data key"},
		{"short lease", func(c *Config) { c.JobLease = 500 * time.Millisecond }, "job-lease"},
		{"zero lease", func(c *Config) { c.JobLease = 0 }, "job-lease"},
		{"long lease", func(c *Config) { c.JobLease = 2 * time.Hour }, "job-lease"},
		{"two-second lease", func(c *Config) { c.JobLease = 2 * time.Second }, ""},
		{"unknown smtp-tls", func(c *Config) { c.SMTPTLS = "ssl" }, "smtp-tls"},
		{"required starttls", func(c *Config) { c.SMTPTLS = SMTPTLSStartTLS }, ""},
		{"smtp-tls in capitals", func(c *Config) { c.SMTPTLS = " STARTTLS" }, ""},
		{"from with a name", func(c *Config) { c.MailFrom = "Gather Cymru <gather@example.org>" }, ""},
		{"from without a domain", func(c *Config) { c.MailFrom = "gather" }, "mail-from"},
		{"from with a line break", func(c *Config) { c.MailFrom = "a@example.org\r\nBcc: b@example.org" }, "mail-from"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.edit(&c)
			err := c.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.field) {
				t.Fatalf("err = %v, want one about %s", err, tt.field)
			}
		})
	}
}

func TestJobAndMailSettingsFromEnv(t *testing.T) {
	c, err := FromEnv(Default(), env(map[string]string{"FOLKMOOT_JOB_LEASE": "2s", "FOLKMOOT_SMTP_TLS": "starttls"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.JobLease != 2*time.Second || c.SMTPTLS != SMTPTLSStartTLS {
		t.Fatalf("JobLease %v, SMTPTLS %q", c.JobLease, c.SMTPTLS)
	}
	if d := Default(); d.JobLease != 30*time.Second || d.SMTPTLS != SMTPTLSAuto {
		t.Fatalf("defaults: JobLease %v, SMTPTLS %q", d.JobLease, d.SMTPTLS)
	}
	if _, err := FromEnv(Default(), env(map[string]string{"FOLKMOOT_JOB_LEASE": "30"})); err == nil || !strings.Contains(err.Error(), "FOLKMOOT_JOB_LEASE") {
		t.Fatalf("a lease without a unit: err = %v", err)
	}
}

func TestHelpMentionsEnv(t *testing.T) {
	c := Default()
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.Register(fs)
	fs.VisitAll(func(f *flag.Flag) {
		if !strings.Contains(f.Usage, "FOLKMOOT_") {
			t.Errorf("flag -%s does not name its env variable", f.Name)
		}
	})
}
