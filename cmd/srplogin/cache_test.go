package main

import (
	"path/filepath"
	"testing"

	"github.com/srpkit/cognito/srp/srptest"
)

// TestCacheAlias: a user who signs in with an alias, on an app client with
// a secret, gets a cache keyed by their own name (the access token's
// username), so that the next run renews from it without a password,
// whatever -flow signed in.
func TestCacheAlias(t *testing.T) {
	const secret = "s3cr3t-0123456789abcdefghijklmnopqrstu"
	url, p := stayServer(t, func(c *srptest.Config) {
		c.ClientSecret = secret
		c.ExplicitAuthFlows = []string{"ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
	})
	for _, flow := range []string{"srp", "password"} {
		cache := filepath.Join(t.TempDir(), "cache.json")
		args := []string{"-pool", testPool, "-client", testClient, "-secret", secret, "-endpoint", url, "-cache", cache, "-flow", flow, "alice@example.com"}
		if _, errOut, code := srplogin(t, "Correct horse 1!\n", args...); code != 0 {
			t.Fatalf("-flow %s: exit %d: %s", flow, code, errOut)
		}
		if c := readJSON(t, cache); c["userId"] != "alice" || c["username"] != "alice@example.com" {
			t.Errorf("-flow %s: cache userId %q, username %q", flow, c["userId"], c["username"])
		}
		before := p.count("InitiateAuth")
		if _, errOut, code := srplogin(t, "", args...); code != 0 || p.count("InitiateAuth") != before+1 {
			t.Errorf("-flow %s: renewing from the cache: exit %d, %d InitiateAuth: %s", flow, code, p.count("InitiateAuth")-before, errOut)
		}
	}
}
