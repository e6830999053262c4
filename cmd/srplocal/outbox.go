package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/srpkit/cognito/srp/srptest"
)

// printCodes returns a Config.OnMessage that prints each code sent as one
// line on w, "CODE <SMS|EMAIL> <username> <code>": the outbox of tests in
// any language, which read the code there instead of a phone or mailbox.
func printCodes(w io.Writer) func(srptest.Message) {
	var mu sync.Mutex // one line at a time, from the request goroutines
	return func(m srptest.Message) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "CODE %s %s %s\n", m.Medium, lineSafe(m.Username), m.Code)
	}
}

// lineSafe is name as it is, or Go-quoted if it holds a space, a quote or a
// character that is not printable, so that the line keeps four fields.
func lineSafe(name string) string {
	if name == "" || strings.ContainsFunc(name, func(r rune) bool { return r == '"' || unicode.IsSpace(r) || !unicode.IsPrint(r) }) {
		return strconv.Quote(name)
	}
	return name
}
