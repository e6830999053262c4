package protocol

import (
	"errors"
	"strings"
)

// ErrInvalidIdentityPoolID is ParseIdentityPoolID's error.
var ErrInvalidIdentityPoolID = errors.New("identity pool id must have the form region:uuid, e.g. us-east-1:0b8f0e4c-6a59-4b0e-9d5e-3f2a1c4b5d6e")

// maxIdentityPoolID is the longest IdentityPoolId Cognito Identity accepts.
const maxIdentityPoolID = 55

// ParseIdentityPoolID checks a Cognito identity pool id by AWS's rule for
// IdentityPoolId, at most 55 characters matching [\w-]+:[0-9a-f-]+ (\w
// being ASCII letters, digits and underscore), and returns its region, the
// part before the colon. Anything else is ErrInvalidIdentityPoolID. The
// packages that take an identity pool id (srptest's Config, signin's
// identitypool and, through it, srplogin) check it here, so that they
// accept the same ids.
func ParseIdentityPoolID(id string) (region string, err error) {
	region, rest, ok := strings.Cut(id, ":")
	if !ok || len(id) > maxIdentityPoolID || !allBytes(region, isWordOrHyphen) || !allBytes(rest, isLowerHexOrHyphen) {
		return "", ErrInvalidIdentityPoolID
	}
	return region, nil
}

// allBytes reports whether s is non-empty and every byte of it is ok.
func allBytes(s string, ok func(byte) bool) bool {
	for _, c := range []byte(s) {
		if !ok(c) {
			return false
		}
	}
	return s != ""
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isAlnumOrHyphen(c byte) bool { return isAlnum(c) || c == '-' }

func isWordOrHyphen(c byte) bool { return isAlnumOrHyphen(c) || c == '_' }

func isLowerHexOrHyphen(c byte) bool {
	return 'a' <= c && c <= 'f' || '0' <= c && c <= '9' || c == '-'
}
