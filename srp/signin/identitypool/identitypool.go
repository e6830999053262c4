// Package identitypool gets AWS credentials for a user signed in to a
// Cognito user pool, from a Cognito identity pool whose authentication
// provider is that user pool: the classic way an app or device calls S3,
// IoT or AppSync with its user's IAM role. It is what the AWS JavaScript
// SDK's fromCognitoIdentityPool does, as an aws.CredentialsProvider for
// aws.Config.Credentials:
//
//	ts, err := client.TokenSource(res.Tokens, signin.TokenSourceOptions{})
//	...
//	creds, err := identitypool.New(cognitoidentity.New(cognitoidentity.Options{Region: "us-east-1"}), ts,
//		identitypool.Config{IdentityPoolID: "us-east-1:0b8f…", UserPoolID: "us-east-1_AbC123"})
//	...
//	s3Client := s3.New(s3.Options{Region: "us-east-1", Credentials: creds})
//
// The Provider calls GetId once (the IdentityId is the user's, stable),
// then GetCredentialsForIdentity with Logins
// {"cognito-idp.REGION.amazonaws.com/USER_POOL_ID": ID token} whenever the
// credentials are needed, taking the ID token from the TokenSource, which
// renews it. It is a package of its own so that programs using package
// signin without identity pools do not link service/cognitoidentity.
package identitypool

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ci "github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentity/types"

	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/internal/protocol"
	"github.com/srpkit/cognito/srp/signin"
)

// APIClient is the part of *cognitoidentity.Client that a Provider calls.
// Tests can fake it. Neither call needs AWS credentials.
type APIClient interface {
	GetId(context.Context, *ci.GetIdInput, ...func(*ci.Options)) (*ci.GetIdOutput, error)
	GetCredentialsForIdentity(context.Context, *ci.GetCredentialsForIdentityInput, ...func(*ci.Options)) (*ci.GetCredentialsForIdentityOutput, error)
}

var _ APIClient = (*ci.Client)(nil)

// TokenSource supplies the user's current tokens, with an ID token that has
// not expired; *signin.TokenSource is one (it renews the tokens ahead of
// the ID token's own expiry, Tokens.IDTokenExpiry, as well as the access
// token's).
type TokenSource interface {
	Tokens(context.Context) (*signin.Tokens, error)
}

var _ TokenSource = (*signin.TokenSource)(nil)

// Config names the identity pool and the user pool whose ID tokens it
// takes.
type Config struct {
	// IdentityPoolID is the identity pool, "region:uuid".
	IdentityPoolID string
	// UserPoolID is the user pool the tokens come from, "region_name": the
	// Logins key is cognito-idp.REGION.amazonaws.com/UserPoolID.
	UserPoolID string
	// IdentityID, if known (kept from an earlier run), saves the GetId call.
	IdentityID string
	// AccountID is the AWS account of the identity pool, for GetId
	// (optional).
	AccountID string
	// ClientOptions are passed to every call of the APIClient.
	ClientOptions []func(*ci.Options)
}

// Errors of this package, for errors.Is. Cognito's refusals are the SDK's
// typed errors (types.NotAuthorizedException for a refused ID token, ...),
// wrapped.
var (
	// ErrInvalidConfig is returned by New and NewProvider for no API client,
	// no TokenSource or an ill-formed pool id, and by a nil or zero
	// Provider (not made by NewProvider).
	ErrInvalidConfig = errors.New("identitypool: invalid configuration")
	// ErrEmptyResponse is returned when Cognito answers without an
	// IdentityId or without credentials.
	ErrEmptyResponse = errors.New("identitypool: Cognito returned no identity or no credentials")
	// ErrNoIDToken is returned when the tokens hold no ID token.
	ErrNoIDToken = errors.New("identitypool: the tokens hold no ID token")
)

// ParseID checks an identity pool id by Cognito Identity's rule for
// IdentityPoolId (at most 55 characters of the form region:uuid, AWS's
// pattern [\w-]+:[0-9a-f-]+) and returns its region. An ill-formed id is an
// error wrapping ErrInvalidConfig. NewProvider and New check
// Config.IdentityPoolID with it; programs can check a user's input the same
// way before they sign in.
func ParseID(id string) (region string, err error) {
	region, err = protocol.ParseIdentityPoolID(id)
	if err != nil {
		return "", fmt.Errorf("%w: identity pool id %q is not region:uuid", ErrInvalidConfig, id)
	}
	return region, nil
}

// A Provider is an aws.CredentialsProvider of an identity pool's
// credentials for one user. Wrap it in an aws.CredentialsCache (New does)
// so that it is called only when the credentials near their expiry. It is
// safe for concurrent use.
type Provider struct {
	api      APIClient
	tokens   TokenSource
	cfg      Config
	provider string // the Logins key

	mu         sync.Mutex
	identityID string
}

var _ aws.CredentialsProvider = (*Provider)(nil)

// NewProvider returns a Provider for cfg, calling api with the ID tokens
// of tokens.
func NewProvider(api APIClient, tokens TokenSource, cfg Config) (*Provider, error) {
	if api == nil || tokens == nil {
		return nil, ErrInvalidConfig
	}
	if _, err := ParseID(cfg.IdentityPoolID); err != nil {
		return nil, err
	}
	region, _, err := srp.ParsePoolID(cfg.UserPoolID)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidConfig, err)
	}
	return &Provider{
		api: api, tokens: tokens, cfg: cfg, identityID: cfg.IdentityID,
		provider: "cognito-idp." + region + ".amazonaws.com/" + cfg.UserPoolID,
	}, nil
}

// ExpiryWindow is how long before the credentials expire the cache of New
// renews them.
const ExpiryWindow = 5 * time.Minute

// New returns NewProvider's Provider wrapped in an aws.CredentialsCache
// that renews the credentials ExpiryWindow before they expire: the value
// for aws.Config.Credentials or a client's Options.Credentials.
func New(api APIClient, tokens TokenSource, cfg Config) (*aws.CredentialsCache, error) {
	p, err := NewProvider(api, tokens, cfg)
	if err != nil {
		return nil, err
	}
	return aws.NewCredentialsCache(p, func(o *aws.CredentialsCacheOptions) { o.ExpiryWindow = ExpiryWindow }), nil
}

// IdentityID returns the user's IdentityId, once known: store it, and set
// Config.IdentityID next time to save a GetId.
func (p *Provider) IdentityID() string {
	if p == nil {
		return ""
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.identityID
}

// Retrieve implements aws.CredentialsProvider: GetId if the IdentityId is
// not known yet, then GetCredentialsForIdentity with the current ID token.
// An IdentityId Cognito no longer knows (ResourceNotFoundException) is
// looked up again once.
func (p *Provider) Retrieve(ctx context.Context) (aws.Credentials, error) {
	if p == nil || p.api == nil || p.tokens == nil {
		return aws.Credentials{}, ErrInvalidConfig
	}
	t, err := p.tokens.Tokens(ctx)
	if err != nil {
		return aws.Credentials{}, fmt.Errorf("identitypool: the user's tokens: %w", err)
	}
	if t == nil || t.IDToken == "" {
		return aws.Credentials{}, ErrNoIDToken
	}
	logins := map[string]string{p.provider: t.IDToken}
	for attempt := 0; ; attempt++ {
		id, err := p.identity(ctx, logins)
		if err != nil {
			return aws.Credentials{}, err
		}
		out, err := p.api.GetCredentialsForIdentity(ctx, &ci.GetCredentialsForIdentityInput{
			IdentityId: aws.String(id), Logins: logins,
		}, p.cfg.ClientOptions...)
		var nf *types.ResourceNotFoundException
		if errors.As(err, &nf) && attempt == 0 {
			p.forget(id)
			continue
		}
		if err != nil {
			return aws.Credentials{}, fmt.Errorf("identitypool: GetCredentialsForIdentity: %w", err)
		}
		return credentialsOf(out)
	}
}

// identity returns the IdentityId, calling GetId the first time.
func (p *Provider) identity(ctx context.Context, logins map[string]string) (string, error) {
	if id := p.IdentityID(); id != "" {
		return id, nil
	}
	in := &ci.GetIdInput{IdentityPoolId: aws.String(p.cfg.IdentityPoolID), Logins: logins}
	if p.cfg.AccountID != "" {
		in.AccountId = aws.String(p.cfg.AccountID)
	}
	out, err := p.api.GetId(ctx, in, p.cfg.ClientOptions...)
	if err != nil {
		return "", fmt.Errorf("identitypool: GetId: %w", err)
	}
	if out == nil || aws.ToString(out.IdentityId) == "" {
		return "", fmt.Errorf("%w: GetId", ErrEmptyResponse)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.identityID = aws.ToString(out.IdentityId)
	return p.identityID, nil
}

// forget drops an IdentityId Cognito no longer knows.
func (p *Provider) forget(id string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.identityID == id {
		p.identityID = ""
	}
}

// credentialsOf converts GetCredentialsForIdentity's answer.
func credentialsOf(out *ci.GetCredentialsForIdentityOutput) (aws.Credentials, error) {
	if out == nil || out.Credentials == nil || aws.ToString(out.Credentials.AccessKeyId) == "" ||
		aws.ToString(out.Credentials.SecretKey) == "" || out.Credentials.Expiration == nil {
		return aws.Credentials{}, fmt.Errorf("%w: GetCredentialsForIdentity", ErrEmptyResponse)
	}
	c := out.Credentials
	return aws.Credentials{
		AccessKeyID:     aws.ToString(c.AccessKeyId),
		SecretAccessKey: aws.ToString(c.SecretKey),
		SessionToken:    aws.ToString(c.SessionToken),
		Source:          "CognitoIdentityPool",
		CanExpire:       true,
		Expires:         *c.Expiration,
	}, nil
}
