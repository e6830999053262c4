package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
)

// TestLoadDefaultConfig: aws-sdk-go-v2's own config.LoadDefaultConfig, with
// a profile whose credential_process is srplogin (this test binary, see
// TestMain) with a filled cache and no standard input, retrieves the
// identity pool's credentials.
func TestLoadDefaultConfig(t *testing.T) {
	ctx := context.Background()
	url, p := stayServer(t, nil)
	dir := t.TempDir()
	args := []string{"-pool", testPool, "-client", testClient, "-endpoint", url, "-cache", filepath.Join(dir, "cache.json"),
		"-identity-pool", testIdentityPool, "-format", "credential-process", "alice"}
	if _, errOut, code := srplogin(t, "Correct horse 1!\n", args...); code != 0 {
		t.Fatalf("filling the cache: exit %d: %s", code, errOut)
	}
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = shellQuote(a)
	}
	cfgFile := filepath.Join(dir, "config")
	profile := "[profile srplocal]\nregion = us-east-1\ncredential_process = env SRPLOGIN_TEST_MAIN=1 " +
		shellQuote(os.Args[0]) + " " + strings.Join(quoted, " ") + " </dev/null\n"
	if err := os.WriteFile(cfgFile, []byte(profile), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"} {
		t.Setenv(k, "")
	}
	cfg, err := config.LoadDefaultConfig(ctx,
		config.WithSharedConfigFiles([]string{cfgFile}),
		config.WithSharedCredentialsFiles([]string{filepath.Join(dir, "no-credentials")}),
		config.WithSharedConfigProfile("srplocal"))
	if err != nil {
		t.Fatal(err)
	}
	before := p.count("GetCredentialsForIdentity")
	creds, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^ASIA[A-Z2-7]{16}$`).MatchString(creds.AccessKeyID) || creds.SecretAccessKey == "" || creds.SessionToken == "" ||
		!creds.CanExpire || time.Until(creds.Expires) < 59*time.Minute || !strings.Contains(creds.Source, "Process") {
		t.Errorf("credentials %+v", creds)
	}
	if p.count("GetCredentialsForIdentity") != before+1 {
		t.Errorf("the credentials did not come from the server")
	}
}
