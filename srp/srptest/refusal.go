package srptest

import (
	"errors"

	"github.com/srpkit/cognito/internal/escape"
)

// A refusal is an API error with the reason the server refused, for
// Config.Logf: the client sees only the API error (often the same
// "Incorrect username or password." for different causes), the test's log
// says which check failed. A reason names no secret: no password, code,
// hash or signature. Every client-supplied string in a reason is quoted
// (strconv.Quote), so that a USERNAME holding a newline or a terminal escape
// cannot forge a log line.
type refusal struct {
	err    error // an *apiError
	reason string
}

func (r *refusal) Error() string { return r.err.Error() }
func (r *refusal) Unwrap() error { return r.err }

// refused wraps the API error e with the reason it was returned.
func refused(e error, reason string) error { return &refusal{e, reason} }

// logRefusal reports a refused request of operation op to Config.Logf.
func (h *Handler) logRefusal(op string, err error) {
	if h.cfg.Logf == nil {
		return
	}
	var ae *apiError
	if !errors.As(err, &ae) {
		h.cfg.Logf("srptest: %s refused: internal error", op)
		return
	}
	reason := ae.msg
	var r *refusal
	if errors.As(err, &r) {
		reason = r.reason
	}
	// Escaped: a second guard, after the quoting of client-supplied
	// strings, that the log line stays one line.
	h.cfg.Logf("srptest: %s refused (%s): %s", op, ae.typ, escape.NonPrintable(reason))
}
