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
// name, User.UserIDForSRP) and a Session. RespondToAuthChallenge accepts
// PASSWORD_VERIFIER, DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER; ConfirmDevice
// remembers a device handed out in NewDeviceMetadata (with DeviceTracking
// "always", after every password sign-in without a remembered device).
// Everything else answers UnknownOperationException.
//
// Checked as Cognito checks them: the ClientId; SECRET_HASH when the client has
// a secret (keyed by the request's USERNAME: the typed name or alias for
// InitiateAuth, the internal name for the challenge responses); the
// PASSWORD_CLAIM_SIGNATURE; the TIMESTAMP's exact format
// ("Tue Mar 5 09:04:07 UTC 2024", srp.ParseTimestamp) and its distance from
// the server's clock (Config.MaxClockSkew); sessions are single-use and expire
// (Config.SessionTTL); the response USERNAME must be the user's real name
// (USER_ID_FOR_SRP or Username), not an alias; a device must be the user's
// own, from NewDeviceMetadata, and confirmed before it signs in.
//
// # Choices a test double has to make
//
//   - Unknown users: like Cognito with user existence errors prevented, an
//     unknown name gets a well-formed PASSWORD_VERIFIER challenge (with a
//     salt that is stable per name) and every answer fails with
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
//     RefreshToken is an opaque random string; refresh flows are not
//     implemented. ExpiresIn is Config.TokenTTL in seconds, TokenType Bearer.
//   - No request signing is checked: use anonymous credentials.
//   - Memory is bounded: at most Config.MaxPendingSessions sessions wait for
//     an answer (expired and then oldest dropped first) and at most
//     Config.MaxDevices devices are remembered (oldest forgotten first).
package srptest
