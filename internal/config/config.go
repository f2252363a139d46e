package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Config is everything the web server and its commands can be told.
// The zero value is not useful; start from Default.
type Config struct {
	DB         string // SQLite file path or postgres:// URL (FOLKMOOT_DB)
	DBMaxConns int    // cap on open database connections per process; 0 = the storage default (FOLKMOOT_DB_MAX_CONNS)
	Addr       string // listen address, host:port (FOLKMOOT_ADDR)
	BaseURL    string // public URL used in emails and feeds, no trailing slash (FOLKMOOT_BASE_URL)
	DataDir    string // folder for the demo database and outbox (FOLKMOOT_DATA)
	// Workers is how many background jobs (email, notifications) this
	// process runs at once; serve with 0 runs none, leaving them to
	// `folkmoot worker` processes (FOLKMOOT_WORKERS).
	Workers int
	// JobLease is how long a worker holds a claimed job without renewing
	// it: a worker that dies (SIGKILL, power cut) keeps its jobs this long
	// before another worker runs them again. Running workers renew it every
	// third of it (FOLKMOOT_JOB_LEASE).
	JobLease time.Duration
	// DigestEvery is how often the notification digest goes to those who
	// chose "a weekly summary" (FOLKMOOT_DIGEST_EVERY; weekly by default).
	DigestEvery time.Duration

	// The data key seals personal data (email addresses) at rest: 32 bytes,
	// base64 or hex. Give it once, in the environment or in a file; serve
	// refuses to start without it.
	DataKey     string // the key itself; environment only, never a flag (FOLKMOOT_DATA_KEY)
	DataKeyFile string // path of a file holding the key (FOLKMOOT_DATA_KEY_FILE)

	// Look: the organisation running the programme.
	OrgName     string // shown in the header and titles (FOLKMOOT_ORG_NAME)
	ServiceName string // e.g. "Gather" (FOLKMOOT_SERVICE_NAME)
	Colour      string // header colour, #rrggbb (FOLKMOOT_COLOUR)
	LogoURL     string // optional local path of a logo image, e.g. /static/logo.svg; empty means no logo (FOLKMOOT_LOGO_URL)

	// The data controller, named in the privacy notice (/privacy): who
	// decides how personal data is used and answers requests about it.
	ControllerName    string // empty means OrgName (FOLKMOOT_CONTROLLER_NAME)
	ControllerAddress string // postal address, one line (FOLKMOOT_CONTROLLER_ADDRESS)
	ControllerContact string // email address for privacy requests; empty means the MailFrom address (FOLKMOOT_CONTROLLER_CONTACT)
	// Retention periods the privacy notice states.
	RetainAccounts time.Duration // an account unused this long is deleted (FOLKMOOT_RETAIN_ACCOUNTS)
	RetainRecords  time.Duration // reports, moderation and audit records are kept this long (FOLKMOOT_RETAIN_RECORDS)

	// Mail.
	SMTPHost     string // empty means mail goes to the outbox (FOLKMOOT_SMTP_HOST)
	SMTPPort     int    // FOLKMOOT_SMTP_PORT
	SMTPUser     string // FOLKMOOT_SMTP_USER
	SMTPPassword string // FOLKMOOT_SMTP_PASSWORD (prefer the env var to the flag)
	// SMTPTLS is how the connection to the SMTP server is encrypted: one
	// of the SMTPTLS* values (FOLKMOOT_SMTP_TLS).
	SMTPTLS  string
	MailFrom string // From address, "gather@example.org" or "Gather <gather@example.org>" (FOLKMOOT_MAIL_FROM)
	Outbox   bool   // show /outbox with every message sent (demo only) (FOLKMOOT_OUTBOX)

	// Security.
	SecretKey    string        // unused since forms are checked by origin (http.CrossOriginProtection); accepted so old command lines start (FOLKMOOT_SECRET_KEY)
	SignInExpiry time.Duration // life of a one-time sign-in link (FOLKMOOT_SIGNIN_EXPIRY)
	SessionLife  time.Duration // life of a session (FOLKMOOT_SESSION_LIFE)
	TrustProxy   bool          // take the client IP from X-Forwarded-For (FOLKMOOT_TRUST_PROXY)

	// Rate limits: events per minute per person (or per IP address when not
	// signed in), with a burst. 0 disables that limit (load tests).
	SignInPerMinute  float64 // FOLKMOOT_SIGNIN_PER_MINUTE
	SubmitPerMinute  float64 // FOLKMOOT_SUBMIT_PER_MINUTE
	SupportPerMinute float64 // FOLKMOOT_SUPPORT_PER_MINUTE
	ExportPerMinute  float64 // FOLKMOOT_EXPORT_PER_MINUTE: open-data exports per client address
	Burst            int     // FOLKMOOT_BURST
}

// The values of Config.SMTPTLS (internal/mail's TLS modes).
const (
	SMTPTLSAuto     = "auto"     // STARTTLS when the server offers it, else plain (the default)
	SMTPTLSStartTLS = "starttls" // STARTTLS required: mail waits rather than go unencrypted
	SMTPTLSImplicit = "tls"      // TLS from the first byte (SMTPS, usually port 465)
	SMTPTLSNone     = "none"     // never encrypt: only for a relay on the same host
)

// Default returns the configuration used when nothing is set.
func Default() Config {
	return Config{
		DB:               "folkmoot.db",
		Addr:             "127.0.0.1:8080",
		Workers:          2,
		JobLease:         30 * time.Second,
		DigestEvery:      7 * 24 * time.Hour,
		OrgName:          "Folkmoot",
		ServiceName:      "Gather",
		Colour:           "#005eb8",
		SMTPPort:         587,
		SMTPTLS:          SMTPTLSAuto,
		MailFrom:         "folkmoot@localhost",
		SignInExpiry:     20 * time.Minute,
		SessionLife:      30 * 24 * time.Hour,
		RetainAccounts:   2 * 365 * 24 * time.Hour,
		RetainRecords:    365 * 24 * time.Hour,
		SignInPerMinute:  3,
		SubmitPerMinute:  2,
		SupportPerMinute: 60,
		ExportPerMinute:  30,
		Burst:            10,
	}
}

// Register adds a flag for every field to fs, with c's current values as
// defaults, writing into c when fs is parsed. Call it after FromEnv so that
// flags override environment variables.
func (c *Config) Register(fs *flag.FlagSet) {
	fs.StringVar(&c.DB, "db", c.DB, "database: SQLite file path or postgres:// URL (env FOLKMOOT_DB)")
	fs.IntVar(&c.DBMaxConns, "db-max-conns", c.DBMaxConns, "most database connections this process opens; 0 = default (env FOLKMOOT_DB_MAX_CONNS)")
	fs.StringVar(&c.DataKeyFile, "data-key-file", c.DataKeyFile, "file holding the key that seals email addresses at rest (32 bytes, base64 or hex); or put the key in env FOLKMOOT_DATA_KEY (env FOLKMOOT_DATA_KEY_FILE)")
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address host:port (env FOLKMOOT_ADDR)")
	fs.IntVar(&c.Workers, "workers", c.Workers, "background jobs (email, notifications) run at once by this process; serve --workers 0 leaves them to 'folkmoot worker' (env FOLKMOOT_WORKERS)")
	fs.DurationVar(&c.JobLease, "job-lease", c.JobLease, "how long a worker that dies keeps its running jobs before another worker runs them again; renewed every third of it while the worker lives (env FOLKMOOT_JOB_LEASE)")
	fs.DurationVar(&c.DigestEvery, "digest-every", c.DigestEvery, "how often people who chose a weekly summary of their notifications are sent it (env FOLKMOOT_DIGEST_EVERY)")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public URL for links in emails and feeds, e.g. https://gather.example.org (env FOLKMOOT_BASE_URL; default http://ADDR)")
	fs.StringVar(&c.OrgName, "org-name", c.OrgName, "name of the organisation shown in the header (env FOLKMOOT_ORG_NAME)")
	fs.StringVar(&c.ServiceName, "service-name", c.ServiceName, "name of the service shown in the header (env FOLKMOOT_SERVICE_NAME)")
	fs.StringVar(&c.Colour, "colour", c.Colour, "header colour as #rrggbb (env FOLKMOOT_COLOUR)")
	fs.StringVar(&c.LogoURL, "logo-url", c.LogoURL, "local path of a logo image; none by default (env FOLKMOOT_LOGO_URL)")
	fs.StringVar(&c.ControllerName, "controller-name", c.ControllerName, "data controller named in the privacy notice; empty means the organisation's name (env FOLKMOOT_CONTROLLER_NAME)")
	fs.StringVar(&c.ControllerAddress, "controller-address", c.ControllerAddress, "the controller's postal address, one line, for the privacy notice (env FOLKMOOT_CONTROLLER_ADDRESS)")
	fs.StringVar(&c.ControllerContact, "controller-contact", c.ControllerContact, "email address for privacy requests; empty means the mail-from address (env FOLKMOOT_CONTROLLER_CONTACT)")
	fs.DurationVar(&c.RetainAccounts, "retain-accounts", c.RetainAccounts, "the privacy notice's retention of unused accounts, e.g. 17520h for two years (env FOLKMOOT_RETAIN_ACCOUNTS)")
	fs.DurationVar(&c.RetainRecords, "retain-records", c.RetainRecords, "the privacy notice's retention of reports, moderation and audit records, e.g. 8760h (env FOLKMOOT_RETAIN_RECORDS)")
	fs.StringVar(&c.SMTPHost, "smtp-host", c.SMTPHost, "SMTP server; empty keeps mail in the outbox (env FOLKMOOT_SMTP_HOST)")
	fs.IntVar(&c.SMTPPort, "smtp-port", c.SMTPPort, "SMTP port (env FOLKMOOT_SMTP_PORT)")
	fs.StringVar(&c.SMTPUser, "smtp-user", c.SMTPUser, "SMTP user name (env FOLKMOOT_SMTP_USER)")
	fs.StringVar(&c.SMTPPassword, "smtp-password", c.SMTPPassword, "SMTP password; prefer env FOLKMOOT_SMTP_PASSWORD")
	fs.StringVar(&c.SMTPTLS, "smtp-tls", c.SMTPTLS, "encryption to the SMTP server: auto (STARTTLS when offered), starttls (required), tls (SMTPS, port 465) or none (env FOLKMOOT_SMTP_TLS)")
	fs.StringVar(&c.MailFrom, "mail-from", c.MailFrom, "From address of the mail sent, e.g. gather@example.org or \"Gather <gather@example.org>\" (env FOLKMOOT_MAIL_FROM)")
	fs.BoolVar(&c.Outbox, "outbox", c.Outbox, "show every message sent at /outbox: for demos only (env FOLKMOOT_OUTBOX)")
	fs.StringVar(&c.SecretKey, "secret-key", c.SecretKey, "no longer used: forms are checked by origin; accepted so existing command lines still start (env FOLKMOOT_SECRET_KEY)")
	fs.DurationVar(&c.SignInExpiry, "signin-expiry", c.SignInExpiry, "how long a sign-in link works (env FOLKMOOT_SIGNIN_EXPIRY)")
	fs.DurationVar(&c.SessionLife, "session-life", c.SessionLife, "how long a session lasts (env FOLKMOOT_SESSION_LIFE)")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", c.TrustProxy, "take the client address from X-Forwarded-For (env FOLKMOOT_TRUST_PROXY)")
	fs.Float64Var(&c.SignInPerMinute, "signin-per-minute", c.SignInPerMinute, "sign-in emails per minute per address; 0 = no limit (env FOLKMOOT_SIGNIN_PER_MINUTE)")
	fs.Float64Var(&c.SubmitPerMinute, "submit-per-minute", c.SubmitPerMinute, "issues and comments per minute per person; 0 = no limit (env FOLKMOOT_SUBMIT_PER_MINUTE)")
	fs.Float64Var(&c.SupportPerMinute, "support-per-minute", c.SupportPerMinute, "supports per minute per person; 0 = no limit (env FOLKMOOT_SUPPORT_PER_MINUTE)")
	fs.Float64Var(&c.ExportPerMinute, "export-per-minute", c.ExportPerMinute, "open-data exports (issues.json, issues.csv, themes.json) per minute per client address; 0 = no limit (env FOLKMOOT_EXPORT_PER_MINUTE)")
	fs.IntVar(&c.Burst, "burst", c.Burst, "burst allowed above the per-minute rate limits (env FOLKMOOT_BURST)")
}

// FromEnv returns c with every FOLKMOOT_* variable that getenv reports set
// applied on top. It fails on a malformed number, duration or boolean,
// naming the variable.
func FromEnv(c Config, getenv func(string) string) (Config, error) {
	var errs []error
	str := func(name string, dst *string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	integer := func(name string, dst *int) {
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: not a whole number", name, v))
				return
			}
			*dst = n
		}
	}
	float := func(name string, dst *float64) {
		if v := getenv(name); v != "" {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: not a number", name, v))
				return
			}
			*dst = n
		}
	}
	boolean := func(name string, dst *bool) {
		if v := getenv(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: not true or false", name, v))
				return
			}
			*dst = b
		}
	}
	duration := func(name string, dst *time.Duration) {
		if v := getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: not a duration like 20m or 720h", name, v))
				return
			}
			*dst = d
		}
	}
	str("FOLKMOOT_DB", &c.DB)
	integer("FOLKMOOT_DB_MAX_CONNS", &c.DBMaxConns)
	integer("FOLKMOOT_WORKERS", &c.Workers)
	duration("FOLKMOOT_JOB_LEASE", &c.JobLease)
	duration("FOLKMOOT_DIGEST_EVERY", &c.DigestEvery)
	str("FOLKMOOT_ADDR", &c.Addr)
	str("FOLKMOOT_BASE_URL", &c.BaseURL)
	str("FOLKMOOT_DATA", &c.DataDir)
	str("FOLKMOOT_DATA_KEY", &c.DataKey)
	str("FOLKMOOT_DATA_KEY_FILE", &c.DataKeyFile)
	str("FOLKMOOT_ORG_NAME", &c.OrgName)
	str("FOLKMOOT_SERVICE_NAME", &c.ServiceName)
	str("FOLKMOOT_COLOUR", &c.Colour)
	str("FOLKMOOT_LOGO_URL", &c.LogoURL)
	str("FOLKMOOT_CONTROLLER_NAME", &c.ControllerName)
	str("FOLKMOOT_CONTROLLER_ADDRESS", &c.ControllerAddress)
	str("FOLKMOOT_CONTROLLER_CONTACT", &c.ControllerContact)
	duration("FOLKMOOT_RETAIN_ACCOUNTS", &c.RetainAccounts)
	duration("FOLKMOOT_RETAIN_RECORDS", &c.RetainRecords)
	str("FOLKMOOT_SMTP_HOST", &c.SMTPHost)
	integer("FOLKMOOT_SMTP_PORT", &c.SMTPPort)
	str("FOLKMOOT_SMTP_USER", &c.SMTPUser)
	str("FOLKMOOT_SMTP_PASSWORD", &c.SMTPPassword)
	str("FOLKMOOT_SMTP_TLS", &c.SMTPTLS)
	str("FOLKMOOT_MAIL_FROM", &c.MailFrom)
	boolean("FOLKMOOT_OUTBOX", &c.Outbox)
	str("FOLKMOOT_SECRET_KEY", &c.SecretKey)
	duration("FOLKMOOT_SIGNIN_EXPIRY", &c.SignInExpiry)
	duration("FOLKMOOT_SESSION_LIFE", &c.SessionLife)
	boolean("FOLKMOOT_TRUST_PROXY", &c.TrustProxy)
	float("FOLKMOOT_SIGNIN_PER_MINUTE", &c.SignInPerMinute)
	float("FOLKMOOT_SUBMIT_PER_MINUTE", &c.SubmitPerMinute)
	float("FOLKMOOT_SUPPORT_PER_MINUTE", &c.SupportPerMinute)
	float("FOLKMOOT_EXPORT_PER_MINUTE", &c.ExportPerMinute)
	integer("FOLKMOOT_BURST", &c.Burst)
	return c, errors.Join(errs...)
}

var colourRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// Validate reports every setting that cannot work, and fills BaseURL from
// Addr when it is empty.
func (c *Config) Validate() error {
	var errs []error
	if c.Addr == "" {
		errs = append(errs, errors.New("addr: empty"))
	} else if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("addr %q: want host:port", c.Addr))
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("base-url %q: want an http:// or https:// URL", c.BaseURL))
	}
	if !colourRE.MatchString(c.Colour) {
		errs = append(errs, fmt.Errorf("colour %q: want #rrggbb", c.Colour))
	}
	if c.LogoURL != "" && (!strings.HasPrefix(c.LogoURL, "/") || strings.HasPrefix(c.LogoURL, "//")) {
		errs = append(errs, fmt.Errorf("logo-url %q: want a path on this server starting with / (no outside hosts)", c.LogoURL))
	}
	if strings.TrimSpace(c.OrgName) == "" {
		errs = append(errs, errors.New("org-name: empty"))
	}
	if c.SecretKey != "" && len(c.SecretKey) < 32 {
		errs = append(errs, errors.New("secret-key: use at least 32 characters"))
	}
	if c.DataKey != "" && c.DataKeyFile != "" {
		errs = append(errs, errors.New("data key: give FOLKMOOT_DATA_KEY or --data-key-file, not both"))
	}
	if c.SignInExpiry <= 0 || c.SessionLife <= 0 {
		errs = append(errs, errors.New("signin-expiry and session-life must be positive"))
	}
	if c.RetainAccounts < 0 || c.RetainRecords < 0 {
		errs = append(errs, errors.New("retain-accounts and retain-records must not be negative"))
	}
	if c.ControllerContact != "" {
		if a, err := mail.ParseAddress(c.ControllerContact); err != nil || a.Name != "" {
			errs = append(errs, fmt.Errorf("controller-contact %q: want an email address like privacy@example.org", c.ControllerContact))
		}
	}
	if c.DBMaxConns < 0 {
		errs = append(errs, errors.New("db-max-conns must not be negative"))
	}
	if c.Workers < 0 || c.Workers > 64 {
		errs = append(errs, fmt.Errorf("workers %d: want 0 to 64", c.Workers))
	}
	if c.DigestEvery < time.Second {
		errs = append(errs, fmt.Errorf("digest-every %v: want 1s or more", c.DigestEvery))
	}
	if c.JobLease < time.Second || c.JobLease > time.Hour {
		errs = append(errs, fmt.Errorf("job-lease %v: want 1s to 1h", c.JobLease))
	}
	if c.SignInPerMinute < 0 || c.SubmitPerMinute < 0 || c.SupportPerMinute < 0 || c.ExportPerMinute < 0 || c.Burst < 0 {
		errs = append(errs, errors.New("rate limits must not be negative"))
	}
	if c.SMTPHost != "" && (c.SMTPPort <= 0 || c.SMTPPort > 65535) {
		errs = append(errs, fmt.Errorf("smtp-port %d: out of range", c.SMTPPort))
	}
	c.SMTPTLS = strings.ToLower(strings.TrimSpace(c.SMTPTLS))
	if c.SMTPTLS == "" {
		c.SMTPTLS = SMTPTLSAuto
	}
	switch c.SMTPTLS {
	case SMTPTLSAuto, SMTPTLSStartTLS, SMTPTLSImplicit, SMTPTLSNone:
	default:
		errs = append(errs, fmt.Errorf("smtp-tls %q: want auto, starttls, tls or none", c.SMTPTLS))
	}
	if a, err := mail.ParseAddress(c.MailFrom); err != nil || !strings.Contains(a.Address, "@") {
		errs = append(errs, fmt.Errorf("mail-from %q: want an address like gather@example.org or \"Gather <gather@example.org>\"", c.MailFrom))
	}
	return errors.Join(errs...)
}

// Secure reports whether the public URL is https, so cookies get Secure.
func (c Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// Controller returns the data controller's name and contact address for
// the privacy notice, with their defaults: the organisation's name and the
// From address of the mail sent.
func (c Config) Controller() (name, contact string) {
	name, contact = strings.TrimSpace(c.ControllerName), c.ControllerContact
	if name == "" {
		name = c.OrgName
	}
	if contact == "" {
		if a, err := mail.ParseAddress(c.MailFrom); err == nil {
			contact = a.Address
		}
	}
	return name, contact
}
