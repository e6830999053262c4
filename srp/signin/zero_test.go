package signin_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/srpkit/cognito/srp/signin"
)

// callAll calls every exported method of a receiver mk makes (a new one
// each time) with zero arguments, but a background context for a
// context.Context and complete Tokens for a *Tokens (so that the method
// gets past its check of them), and returns, per method, what it returned last: an
// error, or nil. A panic fails the test.
func callAll(t *testing.T, name string, mk func() any) map[string]error {
	t.Helper()
	got := map[string]error{}
	ctxType := reflect.TypeFor[context.Context]()
	for i := range reflect.TypeOf(mk()).NumMethod() {
		v := reflect.ValueOf(mk())
		m, mt := v.Method(i), v.Type().Method(i)
		args := make([]reflect.Value, m.Type().NumIn())
		for j := range args {
			switch in := m.Type().In(j); in {
			case ctxType:
				args[j] = reflect.ValueOf(context.Background())
			case reflect.TypeFor[*signin.Tokens]():
				args[j] = reflect.ValueOf(&signin.Tokens{AccessToken: "a", IDToken: "i", RefreshToken: "r", Username: "alice",
					NewDevice: &signin.NewDevice{Key: "us-east-1_k", GroupKey: "g"}})
			default:
				args[j] = reflect.Zero(in)
			}
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s.%s panics: %v", name, mt.Name, r)
				}
			}()
			out := m.Call(args)
			got[mt.Name] = nil
			if last := out[len(out)-1]; last.Type() == reflect.TypeFor[error]() && !last.IsNil() {
				got[mt.Name] = last.Interface().(error)
			}
		}()
	}
	return got
}

// TestZeroValues: every method of a nil or zero Client or TokenSource (not
// made by New or Client.TokenSource) returns ErrInvalidConfig, or nothing,
// and none panics.
func TestZeroValues(t *testing.T) {
	for name, mk := range map[string]func() any{
		"nil *Client":      func() any { return (*signin.Client)(nil) },
		"zero Client":      func() any { return &signin.Client{} },
		"nil *TokenSource": func() any { return (*signin.TokenSource)(nil) },
		"zero TokenSource": func() any { return &signin.TokenSource{} },
	} {
		got := callAll(t, name, mk)
		for m, err := range got {
			if m == "WithDevice" {
				continue // returns a *Client, no error
			}
			if !errors.Is(err, signin.ErrInvalidConfig) {
				t.Errorf("%s.%s: %v, want ErrInvalidConfig", name, m, err)
			}
		}
		if len(got) < 2 {
			t.Errorf("%s: only %d methods called", name, len(got))
		}
	}
	// Each names what is missing.
	var ts *signin.TokenSource
	if _, err := ts.Tokens(context.Background()); err == nil || !strings.Contains(err.Error(), "TokenSource") || strings.Contains(err.Error(), "*Client") {
		t.Errorf("nil *TokenSource: %v", err)
	}
	var c signin.Client
	if _, err := c.Refresh(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "*Client") {
		t.Errorf("zero Client: %v", err)
	}
}
