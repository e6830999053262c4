package srptest

// Triggers are a pool's custom authentication Lambda triggers, as Go
// functions: CUSTOM_AUTH calls them as Cognito calls the Lambda functions,
// with the events' fields Cognito sends, and reads what they set in the
// event's Response. Set all three or none (Config.Validate). They may be
// called concurrently, by the server's request goroutines; an error they
// return is Cognito's UserLambdaValidationException "<Trigger> failed with
// error <error>.".
//
// As in Cognito, the triggers called from InitiateAuth get no
// ClientMetadata; those called from RespondToAuthChallenge get its
// ClientMetadata.
type Triggers struct {
	// DefineAuthChallenge decides, from the challenges so far
	// (Request.Session), the next challenge, the tokens, or failure.
	DefineAuthChallenge func(*DefineAuthChallengeEvent) error
	// CreateAuthChallenge makes a CUSTOM_CHALLENGE: its public parameters,
	// sent to the client, and its private ones, kept for the verifier.
	CreateAuthChallenge func(*CreateAuthChallengeEvent) error
	// VerifyAuthChallengeResponse checks the client's ANSWER.
	VerifyAuthChallengeResponse func(*VerifyAuthChallengeResponseEvent) error
}

func (t Triggers) set() bool {
	return t.DefineAuthChallenge != nil || t.CreateAuthChallenge != nil || t.VerifyAuthChallengeResponse != nil
}

// TriggerHeader is the part common to every trigger event.
type TriggerHeader struct {
	Version string `json:"version"`
	// TriggerSource is DefineAuthChallenge_Authentication,
	// CreateAuthChallenge_Authentication or
	// VerifyAuthChallengeResponse_Authentication.
	TriggerSource string        `json:"triggerSource"`
	Region        string        `json:"region"`
	UserPoolID    string        `json:"userPoolId"`
	UserName      string        `json:"userName"` // the user's internal name; the typed name if unknown
	CallerContext CallerContext `json:"callerContext"`
}

// CallerContext says which client called.
type CallerContext struct {
	AWSSDKVersion string `json:"awsSdkVersion"`
	ClientID      string `json:"clientId"`
}

// A ChallengeResult is one challenge of the sign-in so far: SRP_A,
// PASSWORD_VERIFIER, DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER (after
// the password, with a remembered device) or CUSTOM_CHALLENGE, whether it
// was passed, and the CreateAuthChallenge's ChallengeMetadata.
type ChallengeResult struct {
	ChallengeName     string `json:"challengeName"`
	ChallengeResult   bool   `json:"challengeResult"`
	ChallengeMetadata string `json:"challengeMetadata,omitempty"`
}

// DefineAuthChallengeEvent is the define auth challenge trigger's event.
type DefineAuthChallengeEvent struct {
	TriggerHeader
	Request  DefineAuthChallengeRequest  `json:"request"`
	Response DefineAuthChallengeResponse `json:"response"`
}

// DefineAuthChallengeRequest is what the define auth challenge trigger gets.
type DefineAuthChallengeRequest struct {
	UserAttributes map[string]string `json:"userAttributes"`
	Session        []ChallengeResult `json:"session"`
	ClientMetadata map[string]string `json:"clientMetadata,omitempty"`
	// UserNotFound is set for a name that is no user's: the trigger should
	// go on as for a user, so that the name's existence does not show.
	UserNotFound bool `json:"userNotFound"`
}

// DefineAuthChallengeResponse is what the define auth challenge trigger
// decides: the next ChallengeName (CUSTOM_CHALLENGE, or PASSWORD_VERIFIER
// right after SRP_A), IssueTokens, or FailAuthentication.
type DefineAuthChallengeResponse struct {
	ChallengeName      string `json:"challengeName"`
	IssueTokens        bool   `json:"issueTokens"`
	FailAuthentication bool   `json:"failAuthentication"`
}

// CreateAuthChallengeEvent is the create auth challenge trigger's event.
type CreateAuthChallengeEvent struct {
	TriggerHeader
	Request  CreateAuthChallengeRequest  `json:"request"`
	Response CreateAuthChallengeResponse `json:"response"`
}

// CreateAuthChallengeRequest is what the create auth challenge trigger gets.
type CreateAuthChallengeRequest struct {
	UserAttributes map[string]string `json:"userAttributes"`
	ChallengeName  string            `json:"challengeName"`
	Session        []ChallengeResult `json:"session"`
	ClientMetadata map[string]string `json:"clientMetadata,omitempty"`
	UserNotFound   bool              `json:"userNotFound"`
}

// CreateAuthChallengeResponse is the challenge the trigger made.
type CreateAuthChallengeResponse struct {
	PublicChallengeParameters  map[string]string `json:"publicChallengeParameters"`
	PrivateChallengeParameters map[string]string `json:"privateChallengeParameters"`
	ChallengeMetadata          string            `json:"challengeMetadata"`
}

// VerifyAuthChallengeResponseEvent is the verify auth challenge response
// trigger's event.
type VerifyAuthChallengeResponseEvent struct {
	TriggerHeader
	Request  VerifyAuthChallengeResponseRequest  `json:"request"`
	Response VerifyAuthChallengeResponseResponse `json:"response"`
}

// VerifyAuthChallengeResponseRequest is what the verifier gets: the
// challenge's private parameters and the client's ANSWER.
type VerifyAuthChallengeResponseRequest struct {
	UserAttributes             map[string]string `json:"userAttributes"`
	PrivateChallengeParameters map[string]string `json:"privateChallengeParameters"`
	ChallengeAnswer            string            `json:"challengeAnswer"`
	ClientMetadata             map[string]string `json:"clientMetadata,omitempty"`
	UserNotFound               bool              `json:"userNotFound"`
}

// VerifyAuthChallengeResponseResponse says whether the answer is right.
type VerifyAuthChallengeResponseResponse struct {
	AnswerCorrect bool `json:"answerCorrect"`
}
