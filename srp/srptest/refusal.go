package srptest

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
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
	h.cfg.Logf("srptest: %s refused (%s): %s", op, ae.typ, escapeNonPrintable(reason))
}

// escapeNonPrintable writes the runes of s that are not printable as Go
// escapes (\n, \x1b, ...): a second guard, after the quoting of
// client-supplied strings, that a log line stays one line.
func escapeNonPrintable(s string) string {
	notPrint := func(r rune) bool { return !unicode.IsPrint(r) }
	if !strings.ContainsFunc(s, notPrint) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if notPrint(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
