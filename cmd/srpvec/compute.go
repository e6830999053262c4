package main

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/srpkit/cognito/secrethash"
	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srpkat"
	"github.com/srpkit/cognito/vectors"
)

// An inputError says why this tool cannot use a case's inputs; the caller
// names the case.
type inputError struct{ msg string }

func (e *inputError) Error() string { return e.msg }

// checkInputs validates what Parse cannot: hex and lengths, and inputs that
// the public API has no way to express.
func checkInputs(c *vectors.Case) error {
	bad := func(format string, args ...any) error {
		return &inputError{fmt.Sprintf(format, args...)}
	}
	in := &c.Inputs
	switch c.Kind {
	case vectors.KindPassword, vectors.KindDevice:
		if _, err := decodeHexInt(in.SmallAHex); err != nil {
			return bad("inputs.smallAHex: %v", err)
		}
		if c.Kind == vectors.KindPassword {
			pool := in.PoolName
			if pool == "" {
				parts := strings.Split(in.UserPoolID, "_")
				if len(parts) < 2 {
					return bad("inputs.userPoolId %q has no \"_\"", in.UserPoolID)
				}
				pool = parts[1]
			}
			if strings.Contains(pool, "_") || pool == "" {
				return bad("inputs.poolName %q cannot be expressed as a user pool id (empty or contains \"_\")", pool)
			}
		}
	case vectors.KindDeviceHash:
		if b, err := hex.DecodeString(in.RandomPasswordBytesHex); err != nil || len(b) != 40 {
			return bad("inputs.randomPasswordBytesHex must be 40 bytes of hex")
		}
		if b, err := hex.DecodeString(in.SaltBytesHex); err != nil || len(b) != 16 {
			return bad("inputs.saltBytesHex must be 16 bytes of hex")
		}
	case vectors.KindTimestamp:
		if in.Timestamp.IsLiteral {
			return bad("inputs.timestamp must be a number (epoch ms) for kind timestamp")
		}
	}
	return nil
}

// decodeHexInt decodes big-endian hex of any length (odd allowed).
func decodeHexInt(s string) ([]byte, error) {
	if s == "" {
		return nil, errors.New("empty")
	}
	if len(s)%2 == 1 {
		s = "0" + s
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, errors.New("not hex")
	}
	return b, nil
}

// compute computes every output field of c with this module's public API
// (srp, secrethash). Errors of the library become outputs.error; the error
// result is for inputs the tool cannot use (see checkInputs) or a panic.
func compute(c *vectors.Case) (out *vectors.Outputs, err error) {
	if err := checkInputs(c); err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("panic in the library: %v", r)
		}
	}()
	in := &c.Inputs
	switch c.Kind {
	case vectors.KindPassword, vectors.KindDevice:
		return computeFlow(c), nil
	case vectors.KindDeviceHash:
		pw, _ := hex.DecodeString(in.RandomPasswordBytesHex)
		salt, _ := hex.DecodeString(in.SaltBytesHex)
		var tr srpkat.Trace
		v, err := srp.NewDeviceVerifier(in.DeviceGroupKey, in.DeviceKey,
			srpkat.WithRandom(bytes.NewReader(append(pw, salt...))), srpkat.WithTrace(&tr))
		if err != nil {
			return &vectors.Outputs{Error: err.Error()}, nil
		}
		return &vectors.Outputs{
			RandomPassword:   v.DevicePassword,
			HashedString:     tr.HashedString,
			SaltHex:          tr.SaltHex,
			X:                tr.X,
			VerifierHex:      tr.VerifierHex,
			Salt:             v.Salt,
			PasswordVerifier: v.PasswordVerifier,
		}, nil
	case vectors.KindSecretHash:
		return &vectors.Outputs{SecretHash: secrethash.Compute(in.Username, in.ClientID, in.ClientSecret)}, nil
	case vectors.KindTimestamp:
		return &vectors.Outputs{Timestamp: srp.FormatTimestamp(time.UnixMilli(in.Timestamp.Millis))}, nil
	}
	return nil, &inputError{fmt.Sprintf("unknown kind %q", c.Kind)}
}

// computeFlow runs a password or device case through a Session.
func computeFlow(c *vectors.Case) *vectors.Outputs {
	in := &c.Inputs
	a, _ := decodeHexInt(in.SmallAHex)
	var tr srpkat.Trace
	opts := []srp.Option{srpkat.WithEphemeral(a), srpkat.WithTrace(&tr)}
	if in.ClientID != "" {
		opts = append(opts, srp.WithClientSecret(in.ClientID, in.ClientSecret))
	}
	var (
		s   *srp.Session
		err error
	)
	challenge := map[string]string{
		"SALT":         in.SaltHex,
		"SRP_B":        in.BHex,
		"SECRET_BLOCK": in.SecretBlockB64,
		"USERNAME":     in.Username,
	}
	if c.Kind == vectors.KindPassword {
		poolID := in.UserPoolID
		if in.PoolName != "" {
			poolID = "us-east-1_" + in.PoolName
		}
		s, err = srp.NewUserSession(poolID, in.Password, opts...)
		challenge["USER_ID_FOR_SRP"] = in.Username
	} else {
		s, err = srp.NewDeviceSession(in.DeviceGroupKey, in.DeviceKey, in.Password, opts...)
	}
	if err != nil {
		return &vectors.Outputs{Error: err.Error()}
	}
	var resp map[string]string
	if in.Timestamp.IsLiteral {
		resp, err = srpkat.RespondWithTimestamp(s, challenge, in.Timestamp.Literal)
	} else {
		resp, err = s.Respond(challenge, time.UnixMilli(in.Timestamp.Millis))
	}
	traced := traceOutputs(&tr)
	if err != nil {
		if len(traced.Fields()) == 0 {
			traced = nil
		}
		return &vectors.Outputs{Error: err.Error(), Partial: traced}
	}
	out := traced
	out.SRPA = s.SRPA()
	out.Timestamp = resp["TIMESTAMP"]
	out.Signature = resp["PASSWORD_CLAIM_SIGNATURE"]
	out.ChallengeResponses = resp
	if in.ClientID != "" {
		out.SecretHash = resp["SECRET_HASH"]
		if c.Kind == vectors.KindPassword {
			login := in.LoginUsername
			if login == "" {
				login = in.Username
			}
			out.SecretHashInitiateAuth = s.InitiateAuthParameters(login)["SECRET_HASH"]
		}
	}
	return out
}

func traceOutputs(tr *srpkat.Trace) *vectors.Outputs {
	return &vectors.Outputs{
		K:                    tr.K,
		SRPA:                 tr.SRPA,
		APad:                 tr.APad,
		BPad:                 tr.BPad,
		SaltPad:              tr.SaltPad,
		U:                    tr.U,
		UPad:                 tr.UPad,
		UsernamePasswordHash: tr.UsernamePasswordHash,
		X:                    tr.X,
		SPad:                 tr.SPad,
		HKDF:                 tr.HKDF,
	}
}
