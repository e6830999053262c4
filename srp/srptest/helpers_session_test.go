package srptest_test

import "github.com/srpkit/cognito/secrethash"

func secrethashOf(name, secret string) string { return secrethash.Compute(name, testClient, secret) }
