// Package apperr is a stand-in for Folkmoot's, for the extractor's tests.
package apperr

import "fmt"

// Kind classifies an error.
type Kind int

// The kinds.
const (
	Internal Kind = iota
	Invalid
	Conflict
	NotFound
)

// Generic is the message shown for an internal error.
const Generic = "Something went " + "wrong."

// Error is an error.
type Error struct{ Message string }

func (e *Error) Error() string { return e.Message }

// New returns an error.
func New(k Kind, format string, args ...any) *Error {
	return &Error{Message: fmt.Sprintf(format, args...)}
}

// Field returns an error about a field.
func Field(field, format string, args ...any) *Error { return New(Invalid, format, args...) }

// Wrap wraps an error.
func Wrap(k Kind, err error, format string, args ...any) *Error { return New(k, format, args...) }
