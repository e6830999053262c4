package srptest

import (
	"encoding/binary"
	"time"
)

// The lockout schedule, as Cognito documents it: after lockoutFree failed
// attempts (wrong passwords and codes), the user is locked out for
// 2^(n-lockoutFree) seconds after the n-th, at most lockoutMax; attempts
// during a lockout are refused with errAttemptsExceeded and do not count. A
// success after the lockout, or lockoutReset without any attempt, starts
// again from zero.
const (
	lockoutFree  = 5
	lockoutMax   = 15 * time.Minute
	lockoutReset = 15 * time.Minute
)

// lockoutSlots is the size of the lockout table. Every name, known or not,
// has its state in the slot its keyed MAC picks, and nothing is ever
// evicted: what one name's attempts do to another's state cannot depend on
// whether either exists. The table holds only slots with failures, so it
// stays small unless names are flooded; a name shares its slot with another
// of the names tried with probability 1/lockoutSlots each.
const lockoutSlots = 1 << 18

var errAttemptsExceeded = errNotAuthorized("Password attempts exceeded")

// A lockout is the failed attempts of the names of one slot. Times are Unix
// nanoseconds, to keep the table compact.
type lockout struct {
	failures int32
	until    int64 // locked out before this
	last     int64 // the last attempt
}

// lockSlot is the slot of u's lockout: the handler's MAC of u's internal
// name, or of the typed name for an unknown one (a decoy), so that all the
// names of a user share one state, as in Cognito.
func (h *Handler) lockSlot(u *user) uint32 {
	name := u.id
	if u.decoy {
		name = u.username
	}
	return binary.BigEndian.Uint32(h.mac("lockout", name)) % lockoutSlots
}

// guard applies the lockout to an attempt to sign u in whose answer was
// right (ok) or wrong: errAttemptsExceeded while u is locked out (the
// attempt does not count, even when right), else nil, after counting a wrong
// answer. Known users and decoys take the same steps.
func (h *Handler) guard(u *user, ok bool) error {
	now := h.cfg.Now()
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.guardLocked(u, ok, now)
}

// guardLocked is guard at now, with h.mu held.
func (h *Handler) guardLocked(u *user, ok bool, now time.Time) error {
	if !h.cfg.lockoutOn() {
		return nil
	}
	slot, t := h.lockSlot(u), now.UnixNano()
	l, found := h.locks[slot]
	if found && t-l.last >= int64(lockoutReset) {
		l, found = lockout{}, false
	}
	switch {
	case found && t < l.until:
		l.last = t
		h.locks[slot] = l
		return errAttemptsExceeded
	case ok:
		delete(h.locks, slot) // no state is a fresh one
		return nil
	}
	l.last = t
	l.failures++
	if n := l.failures - lockoutFree; n >= 0 {
		d := lockoutMax
		if n < 10 {
			d = min(time.Duration(1<<n)*time.Second, lockoutMax)
		}
		l.until = now.Add(d).UnixNano()
	}
	h.locks[slot] = l
	return nil
}
