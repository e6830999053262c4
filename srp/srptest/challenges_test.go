package srptest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/secrethash"
	"github.com/srpkit/cognito/srp/srptest"
)

const mfaSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

// TestAdminChallengesAndRefresh: through the admin operations,
// NEW_PASSWORD_REQUIRED then SOFTWARE_TOKEN_MFA (three wrong codes use up the
// Session), then REFRESH_TOKEN_AUTH and REFRESH_TOKEN with the right and a
// wrong SECRET_HASH; the refusal log gives each reason without secrets.
func TestAdminChallengesAndRefresh(t *testing.T) {
	const secret = "s3cr3t-0123456789abcdefghijklmnopqrstu"
	logged := make(chan string, 100) // Logf is called before the answer is sent
	cfg := testConfig()
	cfg.ClientSecret = secret
	cfg.Logf = func(format string, args ...any) { logged <- fmt.Sprintf(format, args...) }
	cfg.Users = append(cfg.Users, srptest.User{Username: "carol", Password: "Temporary 1!", Aliases: []string{"carol@example.com"},
		UserIDForSRP: "c0c0c0c0-1a2b-4c3d-8e4f-5a6b7c8d9e0f", NewPasswordRequired: true, TOTPSecret: mfaSecret})
	srv := newServer(t, cfg)
	c := newClient(srv)
	a := api{c: c, admin: true, pool: testPool}
	ctx := context.Background()
	id := "c0c0c0c0-1a2b-4c3d-8e4f-5a6b7c8d9e0f"
	hash := func(name string) string { return secrethash.Compute(name, testClient, secret) }

	st, err := flowSignIn(ctx, a, flowUserSRP, "carol@example.com", "Temporary 1!", secret, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.want(types.ChallengeNameTypeNewPasswordRequired); err != nil {
		t.Fatal(err)
	}
	if st.params["USER_ID_FOR_SRP"] != id || st.params["requiredAttributes"] != "[]" || !strings.Contains(st.params["userAttributes"], `"sub"`) {
		t.Errorf("NEW_PASSWORD_REQUIRED parameters %v", st.params)
	}
	// The answer's USERNAME must be the internal name, SECRET_HASH keyed by it.
	_, err = a.respond(ctx, types.ChallengeNameTypeNewPasswordRequired, map[string]string{"USERNAME": "carol@example.com", "NEW_PASSWORD": "Brand new 1!", "SECRET_HASH": hash("carol@example.com")}, st.session)
	requireNotAuthorized(t, err)
	st, _ = flowSignIn(ctx, a, flowUserSRP, "carol", "Temporary 1!", secret, nil)
	st, err = a.respond(ctx, types.ChallengeNameTypeNewPasswordRequired, map[string]string{"USERNAME": id, "NEW_PASSWORD": "Brand new 1!", "SECRET_HASH": hash(id)}, st.session)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.want(types.ChallengeNameTypeSoftwareTokenMfa); err != nil || len(st.params) != 1 || st.params["USER_ID_FOR_SRP"] != id {
		t.Fatalf("%v; parameters %v", err, st.params)
	}
	wrong, err := srptest.WrongTOTP(mfaSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		_, err = a.respond(ctx, types.ChallengeNameTypeSoftwareTokenMfa, map[string]string{"USERNAME": id, "SOFTWARE_TOKEN_MFA_CODE": wrong, "SECRET_HASH": hash(id)}, st.session)
		var cm *types.CodeMismatchException
		if !errors.As(err, &cm) {
			t.Fatalf("wrong code %d: %v", i, err)
		}
	}
	code, _ := srptest.TOTP(mfaSecret, time.Now())
	_, err = a.respond(ctx, types.ChallengeNameTypeSoftwareTokenMfa, map[string]string{"USERNAME": id, "SOFTWARE_TOKEN_MFA_CODE": code, "SECRET_HASH": hash(id)}, st.session)
	requireNotAuthorized(t, err) // the Session is used up after three wrong codes

	st, err = flowSignIn(ctx, a, flowUserSRP, "carol", "Brand new 1!", secret, nil)
	if err != nil || st.want(types.ChallengeNameTypeSoftwareTokenMfa) != nil {
		t.Fatalf("new password: %v %+v", err, st)
	}
	st, err = a.respond(ctx, types.ChallengeNameTypeSoftwareTokenMfa, map[string]string{"USERNAME": id, "SOFTWARE_TOKEN_MFA_CODE": code, "SECRET_HASH": hash(id)}, st.session)
	if err != nil || st.auth == nil {
		t.Fatalf("right code: %v", err)
	}
	refresh := aws.ToString(st.auth.RefreshToken)

	for _, flow := range []types.AuthFlowType{types.AuthFlowTypeRefreshTokenAuth, types.AuthFlowTypeRefreshToken} {
		r, err := a.initiate(ctx, flow, map[string]string{"REFRESH_TOKEN": refresh, "SECRET_HASH": hash(id)})
		if err != nil || r.auth == nil || aws.ToString(r.auth.AccessToken) == "" || r.auth.RefreshToken != nil {
			t.Fatalf("%s: %v %+v", flow, err, r.auth)
		}
		_, err = a.initiate(ctx, flow, map[string]string{"REFRESH_TOKEN": refresh, "SECRET_HASH": hash("carol")})
		requireNotAuthorized(t, err)
	}
	_, err = a.initiate(ctx, types.AuthFlowTypeRefreshTokenAuth, map[string]string{"REFRESH_TOKEN": flipMiddle(refresh), "SECRET_HASH": hash(id)})
	requireNotAuthorized(t, err)
	// A refresh token of another server is refused.
	other := newServer(t, cfg)
	_, err = api{c: newClient(other), admin: true, pool: testPool}.initiate(ctx, types.AuthFlowTypeRefreshTokenAuth, map[string]string{"REFRESH_TOKEN": refresh, "SECRET_HASH": hash(id)})
	requireNotAuthorized(t, err)

	close(logged)
	var all []string
	for l := range logged {
		all = append(all, l)
	}
	got := strings.Join(all, "\n")
	for _, want := range []string{
		`USERNAME "carol@example.com" is not the real name`,
		`wrong SOFTWARE_TOKEN_MFA_CODE for "` + id + `"`,
		"Session unknown or already used",
		`SECRET_HASH is not the one keyed by "` + id + `"`,
		"REFRESH_TOKEN not issued by this server",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("refusal log lacks %q:\n%s", want, got)
		}
	}
	for _, secretText := range []string{wrong, code, "Brand new", "Temporary", refresh, hash(id)} {
		if strings.Contains(got, secretText) {
			t.Errorf("refusal log contains a secret %q", secretText)
		}
	}
}
