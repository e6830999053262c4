// Package escape makes text from the other side of a connection safe to
// print on a terminal or in a log line.
package escape

import (
	"strconv"
	"strings"
)

// NonPrintable returns s with each rune that is not printable (control
// characters, ...) written as a Go escape (\n, \x1b, ...), as
// strconv.Quote writes it: text from a server or client cannot then set a
// terminal's title, clear it, fake a prompt or forge a log line.
func NonPrintable(s string) string {
	notPrint := func(r rune) bool { return !strconv.IsPrint(r) }
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
