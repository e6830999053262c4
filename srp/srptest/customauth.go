package srptest

import (
	"crypto/subtle"
	"maps"
	"slices"
	"strconv"

	"github.com/srpkit/cognito/srp/internal/protocol"
)

const stageCustomChallenge stage = protocol.ChallengeCustomChallenge

// maxCustomRounds bounds the challenges of one custom sign-in, so that a
// session's history stays small whatever the triggers decide.
const maxCustomRounds = 16

// A customSession is a CUSTOM_AUTH sign-in so far: the challenges passed or
// failed (the triggers' request.session), and the current custom
// challenge's private parameters.
type customSession struct {
	results   []ChallengeResult
	private   map[string]string
	challMeta string
	srp       bool    // started with CHALLENGE_NAME SRP_A
	device    *device // the remembered device signed in with, if any
}

// with returns a copy of c with one more challenge result.
func (c *customSession) with(name string, ok bool, meta string) *customSession {
	n := *c
	n.results = append(slices.Clip(c.results), ChallengeResult{ChallengeName: name, ChallengeResult: ok, ChallengeMetadata: meta})
	n.private = nil
	return &n
}

// errNoCustomAuth is Cognito's answer to CUSTOM_AUTH in a pool without the
// triggers.
var errNoCustomAuth = errInvalidParameter("Custom auth lambda trigger is not configured for the user pool.")

// startCustomAuth answers CUSTOM_AUTH (USERNAME, SECRET_HASH, and with
// CHALLENGE_NAME SRP_A also SRP_A): the define trigger decides the first
// challenge, PASSWORD_VERIFIER after SRP_A.
func (h *Handler) startCustomAuth(params map[string]string) (any, error) {
	t := h.cfg.Triggers
	if !t.set() {
		return nil, errNoCustomAuth
	}
	if err := require(params, protocol.KeyUsername); err != nil {
		return nil, err
	}
	name := params[protocol.KeyUsername]
	if err := h.checkSecretHash(params, name); err != nil {
		return nil, err
	}
	u := h.userFor(name)
	cs := &customSession{}
	if params[protocol.KeyChallengeName] == protocol.ChallengeSRPA {
		if err := require(params, protocol.KeySRPA); err != nil {
			return nil, err
		}
		cs = cs.with(protocol.ChallengeSRPA, true, "")
		cs.srp = true
	}
	resp, err := h.define(u, cs, nil)
	if err != nil {
		return nil, err
	}
	if resp.ChallengeName == protocol.ChallengePasswordVerifier && cs.srp && !resp.IssueTokens && !resp.FailAuthentication {
		return h.passwordSRP(params, challengeState{custom: cs})
	}
	return h.customOutcome(u, cs, resp, nil)
}

// customNext asks the define trigger what follows the challenges of cs.
func (h *Handler) customNext(u *user, cs *customSession, metadata map[string]string) (any, error) {
	resp, err := h.define(u, cs, metadata)
	if err != nil {
		return nil, err
	}
	return h.customOutcome(u, cs, resp, metadata)
}

// customOutcome carries out the define trigger's decision: failure, the
// tokens (never for an unknown name), or a CUSTOM_CHALLENGE made by the
// create trigger, whose ChallengeParameters are its public parameters and
// USERNAME.
func (h *Handler) customOutcome(u *user, cs *customSession, resp *DefineAuthChallengeResponse, metadata map[string]string) (any, error) {
	who := strconv.Quote(u.username) + decoyNote(u)
	switch {
	case resp.FailAuthentication:
		return nil, refused(errIncorrect, "DefineAuthChallenge failed the authentication of "+who)
	case resp.IssueTokens && u.decoy:
		return nil, refused(errIncorrect, "DefineAuthChallenge issued tokens to "+who)
	case resp.IssueTokens && cs.device != nil:
		// The tokens belong to the device signed in with; no new one.
		return &challengeOutput{AuthenticationResult: h.tokens(u, cs.device.key)}, nil
	case resp.IssueTokens:
		return h.signedIn(u), nil
	case resp.ChallengeName != protocol.ChallengeCustomChallenge:
		return nil, refused(&apiError{"InvalidLambdaResponseException", "Invalid challenge name returned by DefineAuthChallenge"}, "DefineAuthChallenge answered challengeName "+strconv.Quote(resp.ChallengeName))
	case len(cs.results) >= maxCustomRounds:
		return nil, refused(errIncorrect, "more than 16 custom challenges for "+who)
	}
	ev := &CreateAuthChallengeEvent{TriggerHeader: h.triggerHeader(u, "CreateAuthChallenge_Authentication")}
	ev.Request = CreateAuthChallengeRequest{
		UserAttributes: h.userAttributes(u), ChallengeName: protocol.ChallengeCustomChallenge,
		Session: slices.Clone(cs.results), ClientMetadata: maps.Clone(metadata), UserNotFound: u.decoy,
	}
	if err := h.cfg.Triggers.CreateAuthChallenge(ev); err != nil {
		return nil, lambdaError("CreateAuthChallenge", err)
	}
	params := maps.Clone(ev.Response.PublicChallengeParameters)
	if params == nil {
		params = map[string]string{}
	}
	params[protocol.KeyUsername] = u.id
	next := *cs
	next.private, next.challMeta = maps.Clone(ev.Response.PrivateChallengeParameters), ev.Response.ChallengeMetadata
	p := &pending{stage: stageCustomChallenge, user: u}
	p.ch.custom = &next
	return &challengeOutput{ChallengeName: protocol.ChallengeCustomChallenge, ChallengeParameters: params, Session: h.addPending(p)}, nil
}

// answerCustom checks a CUSTOM_CHALLENGE ANSWER with the verify trigger,
// then asks the define trigger what follows.
func (h *Handler) answerCustom(p *pending, r map[string]string) (any, error) {
	if err := require(r, protocol.KeyAnswer); err != nil {
		return nil, err
	}
	cs := p.ch.custom
	ev := &VerifyAuthChallengeResponseEvent{TriggerHeader: h.triggerHeader(p.user, "VerifyAuthChallengeResponse_Authentication")}
	ev.Request = VerifyAuthChallengeResponseRequest{
		UserAttributes: h.userAttributes(p.user), PrivateChallengeParameters: maps.Clone(cs.private),
		ChallengeAnswer: r[protocol.KeyAnswer], ClientMetadata: maps.Clone(p.ch.metadata), UserNotFound: p.user.decoy,
	}
	if err := h.cfg.Triggers.VerifyAuthChallengeResponse(ev); err != nil {
		return nil, lambdaError("VerifyAuthChallengeResponse", err)
	}
	return h.customNext(p.user, cs.with(protocol.ChallengeCustomChallenge, ev.Response.AnswerCorrect, cs.challMeta), p.ch.metadata)
}

// define calls the define auth challenge trigger.
func (h *Handler) define(u *user, cs *customSession, metadata map[string]string) (*DefineAuthChallengeResponse, error) {
	ev := &DefineAuthChallengeEvent{TriggerHeader: h.triggerHeader(u, "DefineAuthChallenge_Authentication")}
	ev.Request = DefineAuthChallengeRequest{
		UserAttributes: h.userAttributes(u), Session: slices.Clone(cs.results),
		ClientMetadata: maps.Clone(metadata), UserNotFound: u.decoy,
	}
	if err := h.cfg.Triggers.DefineAuthChallenge(ev); err != nil {
		return nil, lambdaError("DefineAuthChallenge", err)
	}
	return &ev.Response, nil
}

// lambdaError is Cognito's answer when a trigger fails.
func lambdaError(trigger string, err error) error {
	return refused(&apiError{"UserLambdaValidationException", trigger + " failed with error " + err.Error() + "."}, trigger+" returned an error")
}

// triggerHeader is the common part of u's trigger events.
func (h *Handler) triggerHeader(u *user, source string) TriggerHeader {
	return TriggerHeader{
		Version: "1", TriggerSource: source, Region: h.region, UserPoolID: h.cfg.UserPoolID, UserName: u.id,
		CallerContext: CallerContext{AWSSDKVersion: "aws-sdk-unknown-unknown", ClientID: h.cfg.ClientID},
	}
}

// userAttributes are u's attributes as triggers get them (none for an
// unknown name).
func (h *Handler) userAttributes(u *user) map[string]string {
	if u.decoy {
		return map[string]string{}
	}
	a := map[string]string{"sub": h.sub(u), "cognito:user_status": "CONFIRMED"}
	if u.factors.email != "" {
		a["email"] = u.factors.email
	}
	if u.factors.phone != "" {
		a["phone_number"] = u.factors.phone
	}
	return a
}

// staticTriggers are the triggers of a static custom challenge: SRP_A leads
// to PASSWORD_VERIFIER, a passed password (or remembered device, or
// nothing, without SRP) to the custom challenge, its right answer to the
// tokens; anything else fails.
func staticTriggers(cc *CustomChallenge) Triggers {
	return Triggers{
		DefineAuthChallenge: func(ev *DefineAuthChallengeEvent) error {
			s := ev.Request.Session
			if len(s) == 0 {
				ev.Response.ChallengeName = protocol.ChallengeCustomChallenge
				return nil
			}
			switch last := s[len(s)-1]; {
			case last.ChallengeName == protocol.ChallengeSRPA:
				ev.Response.ChallengeName = protocol.ChallengePasswordVerifier
			case (last.ChallengeName == protocol.ChallengePasswordVerifier || last.ChallengeName == protocol.ChallengeDevicePasswordVerifier) && last.ChallengeResult:
				ev.Response.ChallengeName = protocol.ChallengeCustomChallenge
			case last.ChallengeName == protocol.ChallengeCustomChallenge && last.ChallengeResult:
				ev.Response.IssueTokens = true
			default:
				ev.Response.FailAuthentication = true
			}
			return nil
		},
		CreateAuthChallenge: func(ev *CreateAuthChallengeEvent) error {
			ev.Response.PublicChallengeParameters = maps.Clone(cc.Parameters)
			ev.Response.PrivateChallengeParameters = map[string]string{"answer": cc.Answer}
			return nil
		},
		VerifyAuthChallengeResponse: func(ev *VerifyAuthChallengeResponseEvent) error {
			right := subtle.ConstantTimeCompare([]byte(ev.Request.ChallengeAnswer), []byte(ev.Request.PrivateChallengeParameters["answer"])) == 1
			ev.Response.AnswerCorrect = right && !ev.Request.UserNotFound
			return nil
		},
	}
}
