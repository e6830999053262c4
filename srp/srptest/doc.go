// Package srptest is a local Amazon Cognito user pool endpoint that runs
// Cognito's real SRP sign-in, for testing login code offline: the AWS SDKs
// (aws-sdk-go-v2, amazon-cognito-identity-js, Amplify) talk to it over HTTP
// exactly as they talk to Cognito.
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
// It answers InitiateAuth, RespondToAuthChallenge, their admin forms,
// ConfirmDevice and the MFA operations: USER_SRP_AUTH, USER_PASSWORD_AUTH,
// choice-based USER_AUTH (passwordless codes included) and CUSTOM_AUTH
// (with Go functions as its Lambda triggers), remembered devices,
// NEW_PASSWORD_REQUIRED, every MFA challenge (TOTP, SMS and email codes,
// SELECT_MFA_TYPE, MFA_SETUP) and REFRESH_TOKEN_AUTH, with Cognito's checks,
// errors and lockout, an outbox of the codes it "sends" (Handler.Outbox),
// and RS256 tokens it publishes the keys of. It also answers what keeps a
// user signed in or signs them out: GetTokensFromRefreshToken (with refresh
// token rotation), expiring refresh tokens, GlobalSignOut, RevokeToken,
// ForgetDevice and AdminForgetDevice, and, with Config.IdentityPoolID,
// Cognito Identity's GetId and GetCredentialsForIdentity on the same
// endpoint (credentials that prove nothing outside the server). What it
// does, request by request, and where a test double chooses differently
// from Cognito (unknown users, limits, assumed answers, what is not
// implemented) is written down once, in docs/srptest.md:
// https://github.com/srpkit/cognito/blob/main/docs/srptest.md.
//
// cmd/srplocal is the same server as a program, for tests in any language.
package srptest
