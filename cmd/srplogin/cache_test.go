package main

import (
	"path/filepath"
	"strings"
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

// TestCacheWrongSecret: a cached refresh token that Cognito refuses for
// the client secret, not for itself, is an error (exit 1): a new sign-in
// would not mend it, so no password is read.
func TestCacheWrongSecret(t *testing.T) {
	const secret = "s3cr3t-0123456789abcdefghijklmnopqrstu"
	url, p := stayServer(t, func(c *srptest.Config) { c.ClientSecret = secret })
	cache := filepath.Join(t.TempDir(), "cache.json")
	args := func(secret string) []string {
		return []string{"-pool", testPool, "-client", testClient, "-secret", secret, "-endpoint", url, "-cache", cache, "alice"}
	}
	if _, errOut, code := srplogin(t, "Correct horse 1!\n", args(secret)...); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	before := p.count("InitiateAuth")
	_, errOut, code := srplogin(t, "Correct horse 1!\n", args("not-the-secret")...)
	if code != 1 || strings.Contains(errOut, "signing in again") || !strings.Contains(errOut, "Unable to verify secret hash") ||
		p.count("InitiateAuth") != before+1 {
		t.Errorf("wrong secret: exit %d, %d InitiateAuth: %s", code, p.count("InitiateAuth")-before, errOut)
	}
}

// TestCacheUnwritable: a cache file in a directory that does not exist is
// refused before the password is read (exit 2), named as the cache file.
func TestCacheUnwritable(t *testing.T) {
	url, p := stayServer(t, nil)
	cache := filepath.Join(t.TempDir(), "no such dir", "cache.json")
	out, errOut, code := srplogin(t, "Correct horse 1!\n", "-pool", testPool, "-client", testClient, "-endpoint", url, "-cache", cache, "alice")
	if code != 2 || out != "" || !strings.Contains(errOut, "cache file "+cache+" cannot be written") || p.count("InitiateAuth") != 0 {
		t.Errorf("exit %d, %d InitiateAuth, stderr %q", code, p.count("InitiateAuth"), errOut)
	}
}
