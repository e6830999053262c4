package protocol

// The keys of Cognito's AuthParameters, ChallengeParameters and
// ChallengeResponses maps, as in the AWS API reference, for every package of
// the module that builds or reads them.
const (
	KeyUsername           = "USERNAME"
	KeyUserIDForSRP       = "USER_ID_FOR_SRP"
	KeySRPA               = "SRP_A"
	KeySalt               = "SALT"
	KeySRPB               = "SRP_B"
	KeySecretBlock        = "SECRET_BLOCK"
	KeyClaimBlock         = "PASSWORD_CLAIM_SECRET_BLOCK"
	KeyClaimSignature     = "PASSWORD_CLAIM_SIGNATURE"
	KeyTimestamp          = "TIMESTAMP"
	KeyDeviceKey          = "DEVICE_KEY"
	KeySecretHash         = "SECRET_HASH"
	KeyAnswer             = "ANSWER"
	KeyPreferredChallenge = "PREFERRED_CHALLENGE"
	KeyPassword           = "PASSWORD"
	KeyNewPassword        = "NEW_PASSWORD"
	KeyRefreshToken       = "REFRESH_TOKEN"
	KeyMFAsCanChoose      = "MFAS_CAN_CHOOSE"
	KeyRequiredAttributes = "requiredAttributes"
	KeyUserAttributes     = "userAttributes"
	// PrefixUserAttribute starts the NEW_PASSWORD_REQUIRED response keys
	// that set attributes: "userAttributes.email".
	PrefixUserAttribute = "userAttributes."

	KeySoftwareTokenMFACode = "SOFTWARE_TOKEN_MFA_CODE"
	KeySMSMFACode           = "SMS_MFA_CODE"
	KeyEmailOTPCode         = "EMAIL_OTP_CODE"
	KeySMSOTPCode           = "SMS_OTP_CODE"

	KeyCodeDeliveryMedium      = "CODE_DELIVERY_DELIVERY_MEDIUM"
	KeyCodeDeliveryDestination = "CODE_DELIVERY_DESTINATION"
	KeyMFAsCanSetup            = "MFAS_CAN_SETUP"
	// KeyChallengeName is the CUSTOM_AUTH parameter that asks for SRP
	// first (its value is ChallengeSRPA).
	KeyChallengeName = "CHALLENGE_NAME"
)

// Challenge names that are also values of ANSWER and PREFERRED_CHALLENGE.
const (
	ChallengePasswordSRP = "PASSWORD_SRP"
	ChallengePassword    = "PASSWORD"
)

// Challenge names (ChallengeName) that the module's packages build or check.
const (
	ChallengeSelectChallenge        = "SELECT_CHALLENGE"
	ChallengePasswordVerifier       = "PASSWORD_VERIFIER"
	ChallengeDeviceSRPAuth          = "DEVICE_SRP_AUTH"
	ChallengeDevicePasswordVerifier = "DEVICE_PASSWORD_VERIFIER"
	ChallengeNewPasswordRequired    = "NEW_PASSWORD_REQUIRED"
	ChallengeSoftwareTokenMFA       = "SOFTWARE_TOKEN_MFA"
	ChallengeSMSMFA                 = "SMS_MFA"
	ChallengeEmailOTP               = "EMAIL_OTP"
	ChallengeSMSOTP                 = "SMS_OTP"
	ChallengeSelectMFAType          = "SELECT_MFA_TYPE"
	ChallengeMFASetup               = "MFA_SETUP"
	ChallengeCustomChallenge        = "CUSTOM_CHALLENGE"
	// ChallengeSRPA names the SRP step of CUSTOM_AUTH with SRP, in
	// CHALLENGE_NAME and in the custom auth triggers' session.
	ChallengeSRPA = "SRP_A"
)

// AuthFlow names of InitiateAuth and AdminInitiateAuth that srptest answers.
const (
	AuthFlowUserSRP      = "USER_SRP_AUTH"
	AuthFlowUserAuth     = "USER_AUTH"
	AuthFlowUserPassword = "USER_PASSWORD_AUTH"
	AuthFlowCustom       = "CUSTOM_AUTH"
	AuthFlowRefreshToken = "REFRESH_TOKEN_AUTH"
	// AuthFlowRefreshTokenAlias is REFRESH_TOKEN_AUTH's other name, which
	// Cognito also accepts. It is spelt like KeyRefreshToken, the parameter
	// that carries the token, but names a flow.
	AuthFlowRefreshTokenAlias = "REFRESH_TOKEN"
)
