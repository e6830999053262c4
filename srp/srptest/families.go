package srptest

import (
	"container/heap"
	"encoding/binary"
	"encoding/hex"
	"strings"
	"sync"
	"time"
)

// A token family is what Cognito's origin_jti names: the tokens of one
// sign-in, and every token refreshed from its refresh token. Revocation
// (RevokeToken, GlobalSignOut) and rotation act on families.
//
// An origin is a UUID whose last six bytes are a sequence number, so that
// GlobalSignOut revokes every family issued so far with one number per
// user, whatever the clock says (tests often stop it).

// A family is the state of a rotated or revoked token family.
type family struct {
	origin    string
	gen       uint32    // generation of the family's current refresh token
	rotatedAt time.Time // when generation gen-1 was rotated out
	revoked   bool
	expires   time.Time // when its refresh tokens expire: then it can go
}

// tokenState is the server's memory of token families and sign-outs.
//
// At most max families have state. Only a family whose refresh tokens have
// expired is ever forgotten (they are refused for their expiry then): a
// family forgotten earlier would make its revoked or rotated-out refresh
// tokens work again. When max families of unexpired tokens have state, a
// new family gets none, and the revocation or rotation that needs it is
// refused.
type tokenState struct {
	max       int // Config.MaxTokenFamilies
	mu        sync.Mutex
	seq       uint64             // origins handed out so far
	signedOut map[string]uint64  // by USER_ID_FOR_SRP: the last origin GlobalSignOut revoked
	families  map[string]*family // by origin
	byExpiry  familyHeap         // the same families, the first to expire first
}

func newTokenState(max int) *tokenState {
	return &tokenState{max: max, signedOut: map[string]uint64{}, families: map[string]*family{}}
}

// newOrigin returns a fresh origin_jti.
func (s *tokenState) newOrigin() string {
	s.mu.Lock()
	s.seq++
	seq := s.seq
	s.mu.Unlock()
	b := randomBytes(16)
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], seq)
	copy(b[10:], n[2:])
	return fmtUUID(b)
}

// originSeq returns the sequence number of an origin (0 for a malformed one,
// which is then older than any sign-out).
func originSeq(origin string) uint64 {
	i := strings.LastIndexByte(origin, '-')
	b, err := hex.DecodeString(origin[i+1:])
	if err != nil || len(b) != 6 {
		return 0
	}
	return binary.BigEndian.Uint64(append([]byte{0, 0}, b...))
}

// signOut revokes every family of the user issued so far.
func (s *tokenState) signOut(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.signedOut[userID] = s.seq
}

// revoked reports whether the user's tokens of origin were revoked, by
// RevokeToken or GlobalSignOut.
func (s *tokenState) revoked(userID, origin string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if originSeq(origin) <= s.signedOut[userID] {
		return true
	}
	f := s.families[origin]
	return f != nil && f.revoked
}

// update runs f on the family of origin (whose refresh tokens expire at
// expires) under the lock, making its state if it has none, after
// forgetting the families expired at now. It returns false, without
// running f, if the family has no state and max families of unexpired
// tokens have.
func (s *tokenState) update(origin string, expires, now time.Time, f func(*family)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	fam := s.families[origin]
	if fam == nil {
		for len(s.byExpiry) > 0 && !now.Before(s.byExpiry[0].expires) {
			old := heap.Pop(&s.byExpiry).(*family)
			delete(s.families, old.origin)
		}
		if len(s.families) >= s.max {
			return false
		}
		fam = &family{origin: origin, expires: expires}
		heap.Push(&s.byExpiry, fam)
		s.families[origin] = fam
	}
	f(fam)
	return true
}

// errTooManyFamilies refuses a revocation or rotation when the families
// with state are at the cap.
var errTooManyFamilies = &apiError{"TooManyRequestsException", "Rate exceeded"}

// familyHeap orders families by expiry (container/heap).
type familyHeap []*family

func (q familyHeap) Len() int           { return len(q) }
func (q familyHeap) Less(i, j int) bool { return q[i].expires.Before(q[j].expires) }
func (q familyHeap) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *familyHeap) Push(x any)        { *q = append(*q, x.(*family)) }
func (q *familyHeap) Pop() any {
	old := *q
	f := old[len(old)-1]
	old[len(old)-1] = nil
	*q = old[:len(old)-1]
	return f
}
