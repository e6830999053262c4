package srptest

import (
	"container/list"
	"encoding/base64"
	"time"

	"github.com/srpkit/cognito/srp/internal/protocol"
	"github.com/srpkit/cognito/srp/srpserver"
)

// stage is the challenge a pending session waits for.
type stage string

const (
	stageSelectChallenge        stage = protocol.ChallengeSelectChallenge
	stagePasswordVerifier       stage = protocol.ChallengePasswordVerifier
	stageDeviceSRPAuth          stage = protocol.ChallengeDeviceSRPAuth
	stageDevicePasswordVerifier stage = protocol.ChallengeDevicePasswordVerifier
)

// A pending session waits for one RespondToAuthChallenge. It is removed when
// that arrives (single use), when it expires, or when the cap is reached.
type pending struct {
	id       string
	stage    stage
	user     *user // a decoy for an unknown name
	srv      *srpserver.ServerSession
	device   *device
	attempts int // wrong codes so far (the code challenges, VerifySoftwareToken)
	expires  time.Time
	elem     *list.Element
	// deviceMissed is set after a PASSWORD_VERIFIER answer named a device
	// that does not exist: the session then takes one answer without
	// DEVICE_KEY (see passwordVerifier).
	deviceMissed bool
	// ch is the state of the challenges after the password (mfa.go).
	ch challengeState
}

// A device is one NewDeviceMetadata handed out; verifier is set by
// ConfirmDevice.
type device struct {
	key, groupKey string
	user          *user
	verifier      *srpserver.Verifier
	elem          *list.Element
}

func randomString(n int) string {
	return base64.RawURLEncoding.EncodeToString(randomBytes(n))
}

// addPending stores p under a fresh session id and returns the id, dropping
// expired sessions and, at the cap, the oldest.
func (h *Handler) addPending(p *pending) string {
	p.id = randomString(48)
	now := h.cfg.Now()
	p.expires = now.Add(h.cfg.SessionTTL)
	h.mu.Lock()
	defer h.mu.Unlock()
	for e := h.pendingQ.Front(); e != nil; e = h.pendingQ.Front() {
		old := e.Value.(*pending)
		if len(h.pending) < h.cfg.MaxPendingSessions && now.Before(old.expires) {
			break
		}
		h.removePendingLocked(old)
	}
	p.elem = h.pendingQ.PushBack(p)
	h.pending[p.id] = p
	return p.id
}

func (h *Handler) removePendingLocked(p *pending) {
	h.pendingQ.Remove(p.elem)
	delete(h.pending, p.id)
}

// takePending removes and returns the session id, or an error if it is
// unknown or expired.
func (h *Handler) takePending(id string) (*pending, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	p := h.pending[id]
	if p == nil {
		return nil, refused(&apiError{"NotAuthorizedException", "Invalid session for the user."}, "Session unknown or already used")
	}
	h.removePendingLocked(p)
	if !h.cfg.Now().Before(p.expires) {
		return nil, refused(&apiError{"NotAuthorizedException", "Invalid session for the user, session is expired."}, "Session expired")
	}
	return p, nil
}

// putBack re-inserts a session taken by takePending that was not used (the
// client may retry, as the AWS JavaScript client does after "Device does not
// exist"). It keeps the original expiry.
func (h *Handler) putBack(p *pending) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.pending) >= h.cfg.MaxPendingSessions {
		return
	}
	p.elem = h.pendingQ.PushBack(p)
	h.pending[p.id] = p
}

// newDevice records a device handed out in NewDeviceMetadata.
func (h *Handler) newDevice(u *user) *device {
	d := &device{key: h.region + "_" + fmtUUID(randomBytes(16)), groupKey: "-" + randomString(7), user: u}
	h.mu.Lock()
	defer h.mu.Unlock()
	for len(h.devices) >= h.cfg.MaxDevices {
		h.removeDeviceLocked(h.evictableDeviceLocked())
	}
	d.elem = h.devicesQ.PushBack(d)
	h.devices[d.key] = d
	return d
}

// evictableDeviceLocked returns the device to forget at the cap: the
// oldest unconfirmed one, else the oldest. The scan is linear, but runs only
// at the cap.
func (h *Handler) evictableDeviceLocked() *device {
	for e := h.devicesQ.Front(); e != nil; e = e.Next() {
		if d := e.Value.(*device); d.verifier == nil {
			return d
		}
	}
	return h.devicesQ.Front().Value.(*device)
}

// deviceOf returns the user's device with the key, and its verifier (nil if
// unconfirmed). ok is false if the device does not exist or is another user's.
func (h *Handler) deviceOf(u *user, key string) (d *device, v *srpserver.Verifier, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if d = h.userDeviceLocked(u, key); d == nil {
		return nil, nil, false
	}
	return d, d.verifier, true
}

// userDeviceLocked returns the user's device with the key, or nil if it
// does not exist or is another user's.
func (h *Handler) userDeviceLocked(u *user, key string) *device {
	if d := h.devices[key]; d != nil && d.user == u {
		return d
	}
	return nil
}

// removeDeviceLocked forgets the device d.
func (h *Handler) removeDeviceLocked(d *device) {
	h.devicesQ.Remove(d.elem)
	delete(h.devices, d.key)
}

// confirm sets the verifier of an unconfirmed device; false if it is gone
// or already confirmed.
func (h *Handler) confirm(d *device, v *srpserver.Verifier) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.devices[d.key] != d || d.verifier != nil {
		return false
	}
	d.verifier = v
	return true
}
