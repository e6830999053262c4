// Package srptest is a local Amazon Cognito user pool endpoint that really runs
// Cognito's SRP sign-in, for testing login code offline: the real AWS SDKs
// (aws-sdk-go-v2, amazon-cognito-identity-js) talk to it over HTTP exactly as
// they talk to Cognito.
//
//	srv, err := srptest.NewServer(srptest.Config{
//		UserPoolID: "us-east-1_TestPool",
//		ClientID:   "testclient",
//		Users:      []srptest.User{{Username: "alice", Password: "Correct horse 1!"}},
//	})
//	if err != nil {
//		t.Fatal(err)
//	}
//	t.Cleanup(srv.Close)
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
// ("Tue Mar 5 09:04:07 UTC 2024", srpserver.ParseTimestamp) and its distance from
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
//     An unknown name stands in as a decoy user that takes the same code path
//     as a known user with a wrong password, so every answer, whatever its
//     shape (USERNAME right, wrong or missing; claim complete, missing or
//     malformed; DEVICE_KEY or not), gets the same error, after the same
//     work: InitiateAuth computes a decoy verifier for every name, and a
//     well-formed PASSWORD_VERIFIER answer is always checked up to the
//     signature, even when its USERNAME is wrong.
//   - What USER_ID_FOR_SRP reveals: it is the user's internal name
//     (User.UserIDForSRP), while an unknown name gets itself back. So a name
//     typed at InitiateAuth that is an alias, or a Username with a different
//     UserIDForSRP, is told apart from an unknown name by that parameter alone,
//     and the internal name it maps to is shown; a typed name that is the
//     user's internal name is not told apart. Answers that echo the typed
//     alias as USERNAME then differ too (the user's answer must carry the
//     internal name). Pools that must hide which aliases exist should not give
//     test users an internal name different from what they type.
//   - Names are case-sensitive.
//   - Errors are HTTP 400 with {"__type": "...", "message": "..."} (and the
//     X-Amzn-ErrorType header): NotAuthorizedException for a wrong password,
//     secret hash, timestamp skew, session or token; InvalidParameterException
//     for missing or malformed parameters (including a malformed TIMESTAMP or
//     an SRP_A that is 0 mod N); ResourceNotFoundException for an unknown
//     client id or device ("Device does not exist."; the Session of a
//     PASSWORD_VERIFIER answer stays valid after it, since the AWS JavaScript
//     client then retries without DEVICE_KEY).
//   - Tokens: AccessToken and IdToken are JWTs signed RS256 with the
//     server's own 2048-bit RSA key (Config.SigningKey, or one drawn on first
//     use), with a kid header and Cognito's claims: sub, iss, token_use,
//     auth_time, iat, exp, jti, origin_jti and event_id in both; client_id,
//     scope, username and device_key (after a device sign-in) in the access
//     token; aud and cognito:username in the ID token. iss is
//     Config.BaseURL/UserPoolID (NewServer: Server.URL/UserPoolID), and the
//     server answers GET {iss}/.well-known/jwks.json and
//     GET {iss}/.well-known/openid-configuration as Cognito does, so an
//     application verifies them with its usual JWT library and JWKS cache;
//     Handler.JWKS, PublicKey, KeyID and Issuer give the same to Go tests.
//     The OAuth endpoints the discovery document names are not served. The
//     tokens prove nothing outside this server. RefreshToken is opaque to
//     clients (a MAC'd record of the user, the client and the device it was
//     issued to). With DeviceTracking "always" the tokens of a password
//     sign-in belong to the NewDeviceMetadata device, as in Cognito. ExpiresIn
//     is Config.TokenTTL in seconds, TokenType Bearer.
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
//   - Memory is bounded: a USERNAME over 128 characters is an
//     InvalidParameterException (as in Cognito), request bodies are at most
//     64 KiB, at most Config.MaxPendingSessions sessions wait for an answer
//     and at most Config.MaxDevices devices are remembered (oldest forgotten
//     first). A pending session takes about 3.4 KiB of heap (0.3 KiB for
//     SELECT_CHALLENGE). When the cap is reached, expired sessions and then
//     the oldest are evicted without notice: their
//     answer gets NotAuthorizedException "Invalid session for the user.", so
//     a client flooding InitiateAuth (thousands of calls within
//     Config.SessionTTL) makes other clients' sign-ins in progress fail.
//   - One guess per session: every failed answer uses up its Session, with
//     one exception: after "Device does not exist." the Session takes one
//     more PASSWORD_VERIFIER answer without DEVICE_KEY, which is how the AWS
//     JavaScript client recovers from a forgotten device; a second DEVICE_KEY
//     uses it up.
//   - The protocol is checked as Cognito's: Content-Type must be
//     application/x-amz-json-1.0 or application/x-amz-json-1.1 (else
//     SerializationException), and member names are case-sensitive (a member
//     "clientid" is an unknown member, ignored, not ClientId).
package srptest
