package signin_test

import (
	"encoding/base64"

	"github.com/srpkit/cognito/secrethash"
)

func base64URL(s string) ([]byte, error) { return base64.RawURLEncoding.DecodeString(s) }

func secretHash(name string) string { return secrethash.Compute(name, testClient, testSecret) }
