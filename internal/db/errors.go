package db

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"clusterbridge/internal/apperr"
)

// SQLite result codes (https://sqlite.org/rescode.html). Extended codes carry the primary code
// in their low byte.
const (
	sqliteBusy          = 5
	sqliteLocked        = 6
	sqliteConstraint    = 19
	sqliteCheck         = 19 | 1<<8
	sqliteForeignKey    = 19 | 3<<8
	sqliteNotNull       = 19 | 5<<8
	sqlitePrimaryKey    = 19 | 6<<8
	sqliteUnique        = 19 | 8<<8
	pgUniqueViolation   = "23505"
	pgForeignKey        = "23503"
	pgNotNull           = "23502"
	pgCheck             = "23514"
	pgSerialization     = "40001"
	pgDeadlock          = "40P01"
	pgLockNotAvailable  = "55P03"
	pgTooManyConnection = "53300"
	pgCannotConnectNow  = "57P03"
)

// mapError turns a driver error into an apperr kind by its code. Context errors and errors the
// driver does not classify pass through (wrapped nowhere), so callers can still test for them.
func mapError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if _, ok := apperr.As(err); ok {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		code := se.Code()
		switch {
		case code == sqliteUnique || code == sqlitePrimaryKey:
			return apperr.Wrap(apperr.Conflict, "error.conflict", err)
		case code == sqliteForeignKey:
			return apperr.Wrap(apperr.InvalidRef, "error.invalid_ref", err)
		case code == sqliteNotNull || code == sqliteCheck || code&0xff == sqliteConstraint:
			return apperr.Wrap(apperr.Invalid, "error.invalid", err)
		case code&0xff == sqliteBusy || code&0xff == sqliteLocked:
			return apperr.Wrap(apperr.Unavailable, "error.busy", err)
		}
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case pgUniqueViolation:
			return apperr.Wrap(apperr.Conflict, "error.conflict", err)
		case pgForeignKey:
			return apperr.Wrap(apperr.InvalidRef, "error.invalid_ref", err)
		case pgNotNull, pgCheck:
			return apperr.Wrap(apperr.Invalid, "error.invalid", err)
		case pgSerialization, pgDeadlock, pgLockNotAvailable, pgTooManyConnection, pgCannotConnectNow:
			return apperr.Wrap(apperr.Unavailable, "error.busy", err)
		}
	}
	return err
}

// isRetryable reports a transient conflict worth running the transaction again for.
func isRetryable(err error) bool {
	return errors.Is(err, apperr.Unavailable)
}
