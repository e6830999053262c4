package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/srpkit/cognito/srp/signin"
)

// cacheFile is what -cache keeps: the refresh token, the device it is bound
// to, and the IdentityId of -identity-pool, for the user, pool and client
// it was written for. The refresh token is a secret: the file is written
// with mode 0600.
type cacheFile struct {
	Pool         string `json:"userPoolId"`
	Client       string `json:"clientId"`
	Username     string `json:"username"` // as typed
	UserID       string `json:"userId"`   // Cognito's name for the user, which keys SECRET_HASH
	RefreshToken string `json:"refreshToken"`
	DeviceKey    string `json:"deviceKey,omitempty"`
	IdentityPool string `json:"identityPoolId,omitempty"`
	IdentityID   string `json:"identityId,omitempty"`
}

// readCache reads -cache. No file, or one for another user, pool or client,
// is no cache; a file that is not a cache is a usage error.
func (o *options) readCache(stderr io.Writer) (*cacheFile, error) {
	if o.cacheFile == "" {
		return nil, nil
	}
	b, err := os.ReadFile(o.cacheFile)
	if errors.Is(err, os.ErrNotExist) {
		return nil, checkWritable(o.cacheFile, "cache")
	}
	if err != nil {
		return nil, usageErr("cache file: %v", err)
	}
	var c cacheFile
	if err := json.Unmarshal(b, &c); err != nil || c.RefreshToken == "" || c.UserID == "" {
		return nil, usageErr("cache file %s: not a srplogin cache (want userPoolId, clientId, username, userId, refreshToken)", o.cacheFile)
	}
	if c.Pool != o.pool || c.Client != o.client || c.Username != o.username {
		fmt.Fprintf(stderr, "srplogin: the cache %s is another user's, pool's or client's: signing in\n", o.cacheFile)
		return nil, nil
	}
	return &c, nil
}

// renew refreshes the cached sign-in. It returns no tokens and no error when
// there is nothing to renew, and no tokens with Cognito's refusal when the
// refresh token is refused (expired, revoked, signed out): the caller then
// signs in with the password. Other errors (Cognito unreachable, ...) are
// returned: a password would not help.
func (o *options) renew(ctx context.Context, c *signin.Client, cache *cacheFile, stderr io.Writer) (t *signin.Tokens, refusal, err error) {
	if cache == nil {
		return nil, nil, nil
	}
	t, err = c.Refresh(ctx, &signin.Tokens{Username: cache.UserID, RefreshToken: cache.RefreshToken, DeviceKey: cache.DeviceKey})
	if errors.Is(err, signin.ErrSignInRequired) {
		fmt.Fprintf(stderr, "srplogin: the cached sign-in was refused: %s; signing in again\n", errorText(err))
		return nil, err, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return t, nil, nil
}

// withRefusal explains a password sign-in that could not read the password
// after the cached refresh token was refused: with no terminal and no input
// left, it is a refusal (exit status 1), not a usage error.
func withRefusal(err, refusal error) error {
	if refusal == nil || !errors.Is(err, errNoInput) {
		return err
	}
	return fmt.Errorf("the cached sign-in was refused: %s; signing in again needs the password, but standard input is not a terminal and has no more lines", errorText(refusal))
}

// writeCache writes -cache for t, keeping what old knew of the identity
// pool (a run without -identity-pool keeps old's), and returns what it
// wrote (nil without -cache).
func (o *options) writeCache(t *signin.Tokens, old *cacheFile) (*cacheFile, error) {
	if o.cacheFile == "" {
		return nil, nil
	}
	c := &cacheFile{
		Pool: o.pool, Client: o.client, Username: o.username, UserID: t.Username,
		RefreshToken: t.RefreshToken, DeviceKey: t.DeviceKey, IdentityPool: o.identityPool,
	}
	if old != nil && old.UserID == t.Username && (o.identityPool == "" || old.IdentityPool == o.identityPool) {
		c.IdentityPool, c.IdentityID = old.IdentityPool, old.IdentityID
	}
	return c, o.saveCache(c)
}

func (o *options) saveCache(c *cacheFile) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(o.cacheFile, "cache", b)
}

// replaceForgottenDevice handles a sign-in whose remembered device Cognito
// no longer knew: the device file gets the new device Cognito handed out,
// or is removed.
func (o *options) replaceForgottenDevice(ctx context.Context, c *signin.Client, t *signin.Tokens, stderr io.Writer) {
	msg := "srplogin: the remembered device in %s no longer exists at Cognito (forgotten or expired): %s\n"
	if t.NewDevice != nil {
		err := remember(ctx, c, t, o.deviceFile)
		if err == nil {
			fmt.Fprintf(stderr, msg, o.deviceFile, "remembered the new device Cognito handed out instead")
			return
		}
		fmt.Fprintf(stderr, "srplogin: warning: %s\n", errorText(err))
	}
	if err := os.Remove(o.deviceFile); err != nil {
		fmt.Fprintf(stderr, "srplogin: warning: removing the device file: %s\n", errorText(err))
		return
	}
	fmt.Fprintf(stderr, msg, o.deviceFile, "removed the file")
}
