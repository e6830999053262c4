package srptest

import "strconv"

type forgetDeviceInput struct {
	AccessToken string
	DeviceKey   string
}

// forgetDevice answers ForgetDevice: the user of the access token forgets
// one of their devices. Its key then gets "Device does not exist." at
// sign-in, and refresh tokens bound to it are refused.
func (h *Handler) forgetDevice(in *forgetDeviceInput) (any, error) {
	if in.AccessToken == "" {
		return nil, errMissing("AccessToken")
	}
	if in.DeviceKey == "" {
		return nil, errMissing("DeviceKey")
	}
	u, err := h.checkAccessToken(in.AccessToken)
	if err != nil {
		return nil, err
	}
	return h.forget(u, in.DeviceKey)
}

type adminForgetDeviceInput struct {
	UserPoolId string
	Username   string
	DeviceKey  string
}

// adminForgetDevice answers AdminForgetDevice: UserPoolId, Username (any of
// the user's names) and DeviceKey.
func (h *Handler) adminForgetDevice(in *adminForgetDeviceInput) (any, error) {
	if err := h.checkPool(in.UserPoolId); err != nil {
		return nil, err
	}
	if in.Username == "" {
		return nil, errMissing("Username")
	}
	if in.DeviceKey == "" {
		return nil, errMissing("DeviceKey")
	}
	u := h.users[in.Username]
	if u == nil {
		return nil, refused(&apiError{"UserNotFoundException", "User does not exist."}, "AdminForgetDevice of an unknown user "+strconv.Quote(in.Username))
	}
	return h.forget(u, in.DeviceKey)
}

// forget removes the user's device with the key.
func (h *Handler) forget(u *user, key string) (any, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	d := h.userDeviceLocked(u, key)
	if d == nil {
		return nil, refused(errNoDevice, "DeviceKey "+strconv.Quote(key)+" is not a device of "+strconv.Quote(u.id))
	}
	h.removeDeviceLocked(d)
	return struct{}{}, nil
}
