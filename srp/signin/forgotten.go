package signin

import (
	"context"
	"errors"
	"maps"
	"strings"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/srp/internal/protocol"
)

// passwordVerifier answers PASSWORD_VERIFIER. With a remembered device that
// Cognito no longer knows (ResourceNotFoundException "Device does not
// exist."), it sends the same answer again without DEVICE_KEY, on the same
// Session, as the AWS JavaScript client does, and notes that the device is
// forgotten.
func (x *exchange) passwordVerifier(ctx context.Context, resp map[string]string, session *string) (*cip.RespondToAuthChallengeOutput, error) {
	out, err := x.respond(ctx, types.ChallengeNameTypePasswordVerifier, resp, session)
	key, sent := resp[protocol.KeyDeviceKey]
	switch {
	case err == nil && sent:
		x.device = key
		return out, nil
	case err == nil || !sent || !deviceMissing(err):
		return out, err
	}
	x.forgotten = true
	retry := maps.Clone(resp)
	delete(retry, protocol.KeyDeviceKey)
	return x.respond(ctx, types.ChallengeNameTypePasswordVerifier, retry, session)
}

// deviceMissing reports whether err is Cognito's "Device does not exist.":
// a ResourceNotFoundException about a device, the test of the AWS
// JavaScript client.
func deviceMissing(err error) bool {
	var nf *types.ResourceNotFoundException
	return errors.As(err, &nf) && strings.Contains(strings.ToLower(nf.ErrorMessage()), "device")
}
