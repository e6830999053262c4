package srptest

import (
	"container/list"
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

// maxDecoyLocks bounds the lockout states kept for unknown names.
const maxDecoyLocks = 10000

var errAttemptsExceeded = errNotAuthorized("Password attempts exceeded")

// A lockout is one user's (or unknown name's) failed attempts.
type lockout struct {
	failures int
	until    time.Time // locked out before this
	last     time.Time // the last attempt
	name     string    // the unknown name, for decoyLocks
	elem     *list.Element
}

// decoyLocks are the lockouts of unknown names, the least recently tried
// first, so that an unknown name is locked out as a known one is.
type decoyLocks struct {
	m map[string]*lockout
	q list.List
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
	l := &u.lock
	if u.decoy {
		l = h.decoyLocks.get(u.username)
	}
	if !l.last.IsZero() && now.Sub(l.last) >= lockoutReset {
		l.failures, l.until = 0, time.Time{}
	}
	l.last = now
	if now.Before(l.until) {
		return errAttemptsExceeded
	}
	if ok {
		l.failures, l.until = 0, time.Time{}
		return nil
	}
	l.failures++
	if n := l.failures - lockoutFree; n >= 0 {
		d := lockoutMax
		if n < 10 {
			d = min(time.Duration(1<<n)*time.Second, lockoutMax)
		}
		l.until = now.Add(d)
	}
	return nil
}

// get returns the lockout of an unknown name, made on first use; past
// maxDecoyLocks the least recently tried is forgotten.
func (d *decoyLocks) get(name string) *lockout {
	if d.m == nil {
		d.m = map[string]*lockout{}
	}
	if l := d.m[name]; l != nil {
		d.q.MoveToBack(l.elem)
		return l
	}
	for len(d.m) >= maxDecoyLocks {
		old := d.q.Front().Value.(*lockout)
		d.q.Remove(old.elem)
		delete(d.m, old.name)
	}
	l := &lockout{name: name}
	l.elem = d.q.PushBack(l)
	d.m[name] = l
	return l
}
