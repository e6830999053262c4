// Package secrethash computes the SECRET_HASH that Amazon Cognito requires
// from app clients that have a client secret:
// base64(HMAC-SHA256(key = clientSecret, msg = username || clientID)).
//
// The username is the USERNAME of the request it goes with: the name the user
// typed for InitiateAuth, but USER_ID_FOR_SRP for the PASSWORD_VERIFIER
// response.
package secrethash

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// Compute returns the SECRET_HASH for username and the app client clientID
// with secret clientSecret.
func Compute(username, clientID, clientSecret string) string {
	return base64.StdEncoding.EncodeToString(sum(username, clientID, clientSecret))
}

// Verify reports whether hash is the SECRET_HASH for username, clientID and
// clientSecret. The comparison takes constant time.
func Verify(hash, username, clientID, clientSecret string) bool {
	got, err := base64.StdEncoding.DecodeString(hash)
	if err != nil {
		return false
	}
	return hmac.Equal(got, sum(username, clientID, clientSecret))
}

// Attach sets params["SECRET_HASH"] to the SECRET_HASH for username when
// the app client has a secret, and does nothing when clientSecret is "" (an
// app client without one). It returns params; a nil params with a secret
// gets a new map.
func Attach(params map[string]string, username, clientID, clientSecret string) map[string]string {
	if clientSecret == "" {
		return params
	}
	if params == nil {
		params = map[string]string{}
	}
	params["SECRET_HASH"] = Compute(username, clientID, clientSecret)
	return params
}

func sum(username, clientID, clientSecret string) []byte {
	m := hmac.New(sha256.New, []byte(clientSecret))
	m.Write([]byte(username))
	m.Write([]byte(clientID))
	return m.Sum(nil)
}
