package protocol

import (
	"regexp"
	"strings"
	"testing"
)

// TestParseIdentityPoolID checks the rule against AWS's pattern and length,
// written as a regexp, on ids built to sit on each edge.
func TestParseIdentityPoolID(t *testing.T) {
	aws := regexp.MustCompile(`^[\w-]+:[0-9a-f-]+$`)
	uuid := "0b8f0e4c-6a59-4b0e-9d5e-3f2a1c4b5d6e"
	for _, id := range []string{
		"us-east-1:" + uuid,
		"eu-west-2:" + uuid,
		"a_b:0",
		"x:" + strings.Repeat("a", 53), // 55 characters
		"x:" + strings.Repeat("a", 54), // 56
		"us-east-1:" + strings.ToUpper(uuid),
		"us-east-1",
		"us-east-1:",
		":" + uuid,
		"us-east-1:" + uuid + ":x",
		"us east-1:" + uuid,
		"us-east-1:" + uuid + "\n",
		"us-east-1:g",
		"é:0",
		"",
	} {
		want := len(id) <= 55 && aws.MatchString(id)
		region, err := ParseIdentityPoolID(id)
		if got := err == nil; got != want {
			t.Errorf("ParseIdentityPoolID(%q): err = %v, want valid %v", id, err, want)
			continue
		}
		if want && region != id[:strings.IndexByte(id, ':')] {
			t.Errorf("ParseIdentityPoolID(%q): region %q", id, region)
		}
		if !want && err != ErrInvalidIdentityPoolID {
			t.Errorf("ParseIdentityPoolID(%q): err = %v", id, err)
		}
	}
}
