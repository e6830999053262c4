package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ci "github.com/aws/aws-sdk-go-v2/service/cognitoidentity"

	"github.com/srpkit/cognito/srp/signin"
	"github.com/srpkit/cognito/srp/signin/identitypool"
)

// checkCredentialFlags checks -format and -identity-pool, which go
// together.
func (o *options) checkCredentialFlags() error {
	switch o.format {
	case "json", "env":
		if o.identityPool != "" {
			return usageErr("-identity-pool goes with -format credential-process")
		}
	case "credential-process":
		if o.identityPool == "" {
			return usageErr("-format credential-process needs -identity-pool")
		}
		if _, err := identitypool.ParseID(o.identityPool); err != nil {
			return usageErr("-identity-pool %q: want region:uuid, e.g. us-east-1:0b8f0e4c-6a59-4b0e-9d5e-3f2a1c4b5d6e", o.identityPool)
		}
	default:
		return usageErr("-format must be json, env or credential-process")
	}
	return nil
}

// processCredentials is the JSON a credential_process prints, as the AWS
// CLI and SDKs read it.
type processCredentials struct {
	Version         int
	AccessKeyId     string
	SecretAccessKey string
	SessionToken    string
	Expiration      string // RFC 3339
}

// fixedTokens is a TokenSource of tokens just obtained.
type fixedTokens struct{ t *signin.Tokens }

func (f fixedTokens) Tokens(context.Context) (*signin.Tokens, error) { return f.t, nil }

// printCredentials gets the identity pool's credentials for t's ID token
// and prints them for credential_process; a newly learnt IdentityId goes to
// the cache.
func (o *options) printCredentials(ctx context.Context, t *signin.Tokens, cache *cacheFile, stdout, stderr io.Writer) error {
	region, _ := identitypool.ParseID(o.identityPool) // checked by checkCredentialFlags
	opts := ci.Options{Region: region, Credentials: aws.AnonymousCredentials{}}
	if o.endpoint != "" {
		opts.BaseEndpoint = aws.String(o.endpoint)
	}
	cfg := identitypool.Config{IdentityPoolID: o.identityPool, UserPoolID: o.pool}
	if cache != nil {
		cfg.IdentityID = cache.IdentityID
	}
	p, err := identitypool.NewProvider(ci.New(opts), fixedTokens{t}, cfg)
	if err != nil {
		return usageErr("%v", err)
	}
	creds, err := p.Retrieve(ctx)
	if err != nil {
		return err
	}
	if cache != nil && cache.IdentityID != p.IdentityID() {
		cache.IdentityID = p.IdentityID()
		if err := o.saveCache(cache); err != nil {
			fmt.Fprintf(stderr, "srplogin: warning: %s\n", errorText(err))
		}
	}
	for _, s := range []string{creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken} {
		if s == "" || !printableASCII(s) {
			return errors.New("the credentials Cognito returned are empty or hold characters other than printable ASCII: not printed")
		}
	}
	return json.NewEncoder(stdout).Encode(processCredentials{
		Version: 1, AccessKeyId: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey,
		SessionToken: creds.SessionToken, Expiration: creds.Expires.UTC().Format(time.RFC3339),
	})
}
