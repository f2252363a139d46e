package apperr

import (
	"errors"
	"fmt"
)

// Kind classifies an application error.
type Kind int

// The kinds of application error. The zero value is Internal so that an
// unclassified error is never mistaken for the user's fault.
const (
	Internal        Kind = iota // a bug or an outside failure; the message is not shown to users
	Invalid                     // the input is wrong; Message says how to fix it
	NotFound                    // the thing does not exist (or is not visible to this user)
	Conflict                    // the change clashes with the current state (duplicate, closed window)
	Unauthenticated             // the user must sign in first
	Forbidden                   // the user is signed in but may not do this
	RateLimited                 // too many requests; try again later
	Unavailable                 // a required component is missing or down (e.g. no solver)
)

var kindNames = [...]string{"internal", "invalid", "not found", "conflict", "unauthenticated", "forbidden", "rate limited", "unavailable"}

func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// Error is an application error. Message is written for the person using
// Folkmoot; Field, when set, names the form field or input column at fault.
type Error struct {
	Kind    Kind
	Field   string
	Message string
	Err     error // the underlying cause, if any; logged, never shown
	// Format and Args are what Message was made from (Message is
	// fmt.Sprintf(Format, Args...)). Format is the English text with its
	// verbs, and the message catalogue's key (internal/i18n), so the web edge
	// can show the same message in another language.
	Format string
	Args   []any
}

func (e *Error) Error() string {
	switch {
	case e.Field != "" && e.Err != nil:
		return fmt.Sprintf("%s: %s: %v", e.Field, e.Message, e.Err)
	case e.Field != "":
		return e.Field + ": " + e.Message
	case e.Err != nil && e.Message != "":
		return e.Message + ": " + e.Err.Error()
	case e.Err != nil:
		return e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// New returns an error of kind k with a user-facing message.
func New(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// Field returns an Invalid error about one input field.
func Field(field, format string, args ...any) *Error {
	return &Error{Kind: Invalid, Field: field, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// Wrap returns an error of kind k that wraps err with a user-facing message.
func Wrap(k Kind, err error, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...), Err: err, Format: format, Args: args}
}

// KindOf returns the Kind of the first *Error in err's chain, or Internal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// Is reports whether err has kind k.
func Is(err error, k Kind) bool { return err != nil && KindOf(err) == k }

// Message returns the message that may be shown to a person: the Message
// of the first *Error in err's chain, without its cause (a cause can carry
// host names, SQL or driver text, and is for the log only), or Generic for
// internal errors and errors that are not *Error.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Kind != Internal && e.Message != "" {
		return e.Message
	}
	return Generic
}

// Generic is the message shown for an internal error.
const Generic = "Something went wrong on our side. Please try again; if it keeps happening, tell the organisers."
