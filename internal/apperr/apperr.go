// Package apperr is the platform's error vocabulary. Domain code returns these kinds; one function
// in the web layer turns them into an HTTP status and a message in the reader's language. The
// message is a catalog key, never the text of an underlying error, so SQL or driver details can
// reach the log but never a user.
package apperr

import (
	"errors"
	"fmt"
)

// Kinds. Test with errors.Is(err, apperr.NotFound).
var (
	Invalid      = errors.New("invalid input")
	NotFound     = errors.New("not found")
	Conflict     = errors.New("conflict")
	InvalidRef   = errors.New("invalid reference")
	Forbidden    = errors.New("forbidden")
	Unauthorized = errors.New("unauthorized")
	RateLimited  = errors.New("too many attempts")
	Unavailable  = errors.New("temporarily unavailable")
)

// Error carries a kind, a catalog key for the user's message, its arguments, and optionally the
// per-field problems of a form and the underlying cause (for the log only).
type Error struct {
	Kind   error
	Key    string
	Args   []any
	Fields map[string]string // form field → catalog key
	// FieldArgs holds the arguments of a field's message, when it has any.
	FieldArgs map[string][]any
	Err       error
}

func (e *Error) Error() string {
	msg := e.Kind.Error()
	if e.Key != "" {
		msg += " (" + e.Key + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Is makes errors.Is(err, apperr.Conflict) true for an Error of that kind.
func (e *Error) Is(target error) bool { return e.Kind == target }

func (e *Error) Unwrap() error { return e.Err }

// New makes an error of a kind with a catalog key and arguments.
func New(kind error, key string, args ...any) *Error {
	return &Error{Kind: kind, Key: key, Args: args}
}

// Wrap attaches a cause to a kind and key.
func Wrap(kind error, key string, err error) *Error {
	return &Error{Kind: kind, Key: key, Err: err}
}

// Fields is a form's validation result: empty means valid.
type Fields map[string]string

// Add records the first problem of a field.
func (f Fields) Add(field, key string) {
	if _, ok := f[field]; !ok {
		f[field] = key
	}
}

// Err returns an Invalid error when any field has a problem, else nil.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Key: "error.invalid", Fields: f}
}

// As extracts an *Error.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Errorf is fmt.Errorf for the rare case a kind needs context without a key.
func Errorf(kind error, format string, args ...any) error {
	return &Error{Kind: kind, Err: fmt.Errorf(format, args...)}
}
