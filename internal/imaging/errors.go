package imaging

import (
	"fmt"

	"clusterbridge/internal/apperr"
)

// Catalog keys of the problems Normalize reports. The web layer shows them in the editor's
// language; the texts live in the locale catalogs.
const (
	KeyEmpty         = "image.empty"
	KeyTooLarge      = "image.too_large"
	KeyUnsupported   = "image.unsupported"
	KeyTooManyPixels = "image.too_many_pixels"
	KeyCorrupt       = "image.corrupt"
)

// Error is a refused upload. It unwraps to an *apperr.Error of kind apperr.Invalid carrying the
// same key and arguments, so the web layer renders it like any other form problem without
// knowing this package; the decoder's own message stays in the chain for the log only.
type Error struct {
	app *apperr.Error
}

func newError(key string, cause error, args ...any) *Error {
	return &Error{app: &apperr.Error{Kind: apperr.Invalid, Key: key, Args: args, Err: cause}}
}

// Key is the catalog key of the user's message.
func (e *Error) Key() string { return e.app.Key }

// Args are the message's placeholders as name/value pairs.
func (e *Error) Args() []any { return e.app.Args }

func (e *Error) Error() string { return fmt.Sprintf("imaging: %v", e.app) }

func (e *Error) Unwrap() error { return e.app }
