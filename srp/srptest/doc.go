// Package srptest is a local Amazon Cognito user pool endpoint that really runs
// Cognito's SRP sign-in, for testing login code offline: the real AWS SDKs
// (aws-sdk-go-v2, amazon-cognito-identity-js) talk to it over HTTP exactly as
// they talk to Cognito.
//
//	srv := srptest.NewServer(t, srptest.Config{
//		UserPoolID: "us-east-1_TestPool",
//		ClientID:   "testclient",
//		Users:      []srptest.User{{Username: "alice", Password: "Correct horse 1!"}},
//	})
//	client := cognitoidentityprovider.New(cognitoidentityprovider.Options{
//		Region:       "us-east-1",
//		BaseEndpoint: aws.String(srv.URL),
//		Credentials:  aws.AnonymousCredentials{},
//	})
//
// # What it implements
//
// InitiateAuth with AuthFlow USER_SRP_AUTH answers PASSWORD_VERIFIER with SALT,
// SRP_B, SECRET_BLOCK, USERNAME and USER_ID_FOR_SRP (both the user's internal
// name, User.UserIDForSRP) and a Session. AuthFlow USER_AUTH (choice-based
// sign-in) answers SELECT_CHALLENGE with AvailableChallenges
// [PASSWORD_SRP PASSWORD] and a Session, or, with PREFERRED_CHALLENGE
// PASSWORD_SRP (and SRP_A), PASSWORD_VERIFIER straight away; SELECT_CHALLENGE
// answered with ANSWER PASSWORD_SRP (USERNAME, SRP_A) leads to the same
// PASSWORD_VERIFIER. RespondToAuthChallenge accepts SELECT_CHALLENGE,
// PASSWORD_VERIFIER, DEVICE_SRP_AUTH (sent with no parameters: answer with
// the USER_ID_FOR_SRP of PASSWORD_VERIFIER), DEVICE_PASSWORD_VERIFIER, and
// the follow-up challenges of a verified password: NEW_PASSWORD_REQUIRED
// (User.NewPasswordRequired; parameters USER_ID_FOR_SRP, requiredAttributes
// "[]" and userAttributes as JSON strings; answer NEW_PASSWORD) and then
// SOFTWARE_TOKEN_MFA (User.TOTPSecret; no parameters; answer
// SOFTWARE_TOKEN_MFA_CODE, checked as RFC 6238, a wrong one is
// CodeMismatchException and may be retried twice on the same Session).
// InitiateAuth with REFRESH_TOKEN_AUTH (or REFRESH_TOKEN) takes REFRESH_TOKEN,
// SECRET_HASH keyed by the user's internal name, and DEVICE_KEY, required
// when the tokens were issued to a device; it returns new access and ID
// tokens. Config.Logf, if set, is told why each refused request was refused.
//
// ConfirmDevice remembers a device handed out in NewDeviceMetadata (with
// DeviceTracking "always", after every password sign-in without a remembered
// device). AdminInitiateAuth and AdminRespondToAuthChallenge do the same with
// a UserPoolId, which must be Config.UserPoolID (else ResourceNotFoundException
// "User pool … does not exist."). Everything else answers
// UnknownOperationException.
//
// Checked as Cognito checks them: the ClientId; SECRET_HASH when the client has
// a secret (keyed by the request's USERNAME: the typed name or alias for
// InitiateAuth and SELECT_CHALLENGE, the internal name for the later
// challenge responses); the
// PASSWORD_CLAIM_SIGNATURE; the TIMESTAMP's exact format
// ("Tue Mar 5 09:04:07 UTC 2024", srp.ParseTimestamp) and its distance from
// the server's clock (Config.MaxClockSkew); sessions are single-use and expire
// (Config.SessionTTL); the USERNAME of the PASSWORD_VERIFIER and device
// responses must be the user's real name (USER_ID_FOR_SRP or Username), not an
// alias; a device must be the user's
// own, from NewDeviceMetadata, and confirmed before it signs in.
//
// # Choices a test double has to make
//
//   - Unknown users: like Cognito with user existence errors prevented, an
//     unknown name gets a well-formed SELECT_CHALLENGE or PASSWORD_VERIFIER
//     challenge (with a salt that is stable per name) and every answer fails with
//     NotAuthorizedException "Incorrect username or password.", the same
//     error as a wrong password. UserNotFoundException is never returned.
//   - Names are case-sensitive.
//   - Errors are HTTP 400 with {"__type": "...", "message": "..."} (and the
//     X-Amzn-ErrorType header): NotAuthorizedException for a wrong password,
//     secret hash, timestamp skew, session or token; InvalidParameterException
//     for missing or malformed parameters (including a malformed TIMESTAMP or
//     an SRP_A that is 0 mod N); ResourceNotFoundException for an unknown
//     client id or device ("Device does not exist."; the Session of a
//     PASSWORD_VERIFIER answer stays valid after it, since the AWS JavaScript
//     client then retries without DEVICE_KEY).
//   - Tokens: AccessToken and IdToken are JWT-shaped with Cognito's claims
//     (sub, iss, token_use, exp, username / cognito:username, client_id or
//     aud, device_key after a device sign-in) but signed with HS256 under a
//     random per-server key, not RS256: do not verify them against a JWKS.
//     RefreshToken is opaque to clients (a MAC'd record of the user, the
//     client and the device it was issued to). With DeviceTracking "always"
//     the tokens of a password sign-in belong to the NewDeviceMetadata device,
//     as in Cognito. ExpiresIn is Config.TokenTTL in seconds, TokenType Bearer.
//   - No request signing is checked, not even for the admin operations, which
//     need IAM credentials against Cognito: use anonymous credentials. A
//     Session from an admin operation is accepted by the user operation and
//     the other way round.
//   - Choice-based sign-in offers what Cognito offers a user with a password
//     when the pool's allowed first factor is PASSWORD: AvailableChallenges
//     [PASSWORD_SRP PASSWORD] (clients should not rely on the order). ANSWER
//     PASSWORD (with PASSWORD) and PREFERRED_CHALLENGE PASSWORD sign in
//     directly, without remembered-device sign-in. A preferred challenge the
//     user cannot use (EMAIL_OTP, SMS_OTP, WEB_AUTHN) gets SELECT_CHALLENGE.
//     An ANSWER that was not offered, or none, is an
//     InvalidParameterException (assumed: Cognito's exact error here is not
//     documented) and uses up the Session, as any failed answer does. The
//     SELECT_CHALLENGE USERNAME may be any name of the user who started,
//     aliases included (it is the typed name, like InitiateAuth's).
//   - Memory is bounded: at most Config.MaxPendingSessions sessions wait for
//     an answer (expired and then oldest dropped first) and at most
//     Config.MaxDevices devices are remembered (oldest forgotten first).
package srptest
