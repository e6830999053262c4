package escape

import "testing"

func TestNonPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"":                                  "",
		"alice":                             "alice",
		"pässwörd ✓":                        "pässwörd ✓",
		"a\nb\tc":                           `a\nb\tc`,
		"\x1b]0;owned\x07\x1b[2JPassword: ": `\x1b]0;owned\a\x1b[2JPassword: `,
		"\u202etxt.exe":                     `\u202etxt.exe`,
		"\x00\x7f":                          `\x00\x7f`,
	} {
		if got := NonPrintable(in); got != want {
			t.Errorf("NonPrintable(%q) = %q, want %q", in, got, want)
		}
	}
}
