package evidence

import (
	"bytes"
	"time"

	"github.com/folkmoot/folkmoot/internal/i18n"
)

// Format is how a version's content is held.
type Format string

// The formats.
const (
	Markdown Format = "markdown" // written in the app
	PDF      Format = "pdf"      // an uploaded PDF file
)

// Limits.
const (
	MaxPDF      = 10 << 20 // bytes of one uploaded PDF
	MaxTitle    = 200
	MaxMarkdown = 100_000 // characters of a written document
	MaxText     = 5000    // characters of a request, a topic, interests, a reason
	MaxBody     = 20_000  // characters of a written submission
	MaxName     = 200     // characters of a name, an organisation, a view
)

// Version is one version of a document or of its easy-read version.
type Version struct {
	ID      int64
	DocID   int64
	Easy    bool // a version of the easy-read document
	Number  int  // 1, 2, ... within (DocID, Easy)
	Format  Format
	Body    string // Markdown (Format Markdown); filled in by Store.Version only
	Data    []byte // the PDF (Format PDF); filled in by Store.Version only
	Size    int    // bytes of the PDF, or characters of the Markdown
	Created time.Time
}

// Document is one document of a theme's evidence pack.
type Document struct {
	ID      int64
	CycleID int64
	ThemeID int64
	Title   string
	Created time.Time
	// Current and Easy are the newest versions (metadata only); Easy is
	// nil when the document has no easy-read version yet.
	Current *Version
	Easy    *Version
	// Versions lists every version, newest first, the easy-read ones
	// included (filled in by Store.Document only).
	Versions []Version
}

// HasEasyRead reports whether the document has an easy-read version.
func (d Document) HasEasyRead() bool { return d.Easy != nil }

// Status is where a witness or a submission stands.
type Status string

// The statuses.
const (
	Proposed  Status = "proposed"  // waiting for a decision
	Approved  Status = "approved"  // a witness the committee approved
	Declined  Status = "declined"  // a witness the committee declined, with a reason
	Published Status = "published" // a submission made public
	Rejected  Status = "rejected"  // a submission not published
)

// Nominator is who nominated a witness (kept, never published).
type Nominator string

// The kinds of nominator.
const (
	ByOrganiser Nominator = "organiser"
	ByMember    Nominator = "member"
	ByPublic    Nominator = "public"
)

// Witness is a person proposed to speak to the assembly.
type Witness struct {
	ID           int64
	CycleID      int64
	ThemeID      int64
	Name         string
	Organisation string
	Topic        string // what they would speak about
	Interests    string // their declared interests (published)
	NominatorID  int64  // never published
	Nominator    Nominator
	Status       Status
	Reason       string // the committee's reason for its decision
	View         string // the committee's label of the witness's view
	Created      time.Time
	Decided      time.Time
}

// Kind is what a member asks for.
type Kind string

// The kinds of request.
const (
	AskSource  Kind = "source"
	AskWitness Kind = "witness"
)

// Title is the kind in plain words (an English msgid).
func (k Kind) Title() string {
	if k == AskWitness {
		return i18n.Mark("A witness")
	}
	return i18n.Mark("A source")
}

// Request is an assembly member's request for a source or a witness.
type Request struct {
	ID       int64
	CycleID  int64
	ThemeID  int64 // a theme of the agenda
	UserID   int64 // never published
	Kind     Kind
	Text     string
	Answer   string
	Created  time.Time
	Answered time.Time
}

// Submission is a written submission to the open call.
type Submission struct {
	ID           int64
	CycleID      int64
	ThemeID      int64 // a theme of the agenda
	UserID       int64 // never published
	Organisation string
	Interests    string
	Body         string
	HasPDF       bool
	PDF          []byte // filled in by Store.SubmissionFile only
	Status       Status
	Reason       string
	Created      time.Time
	Decided      time.Time
}

// IsPDF reports whether b starts with the PDF magic.
func IsPDF(b []byte) bool { return bytes.HasPrefix(b, []byte("%PDF-")) }

// Pack is one theme's evidence pack, as the public pages show it.
type Pack struct {
	ThemeID     int64
	Title       string
	Documents   []Document
	Witnesses   []Witness // approved and declined, in order of nomination
	Balance     []ViewCount
	Requests    []Request
	Submissions []Submission // published only
}

// ViewCount is how many approved witnesses of a pack hold one view.
type ViewCount struct {
	View  string
	Count int
}
