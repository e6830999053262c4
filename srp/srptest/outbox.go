package srptest

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"time"
)

// The delivery media of codes, as CODE_DELIVERY_DELIVERY_MEDIUM names them.
const (
	mediumSMS   = "SMS"
	mediumEmail = "EMAIL"
)

// maxOutbox is how many messages Handler.Outbox keeps, the newest.
const maxOutbox = 1000

// A Message is a one-time code the server "sent" by SMS or email (for
// SMS_MFA, EMAIL_OTP and SMS_OTP). Nothing leaves the server: the message is
// kept in the outbox (Handler.Outbox, Handler.LastMessage) and given to
// Config.OnMessage, which srplocal prints as "CODE <SMS|EMAIL> <username>
// <code>".
type Message struct {
	// Medium is "SMS" or "EMAIL".
	Medium string
	// Username is the user's configured username.
	Username string
	// Destination is the phone number or email address, unmasked.
	Destination string
	// Challenge is the challenge the code answers: SMS_MFA, EMAIL_OTP or
	// SMS_OTP.
	Challenge string
	// Code is the six-digit code.
	Code string
	// Sent is when it was sent, by Config.Now.
	Sent time.Time
}

// newCode returns six random decimal digits.
func newCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1000000))
	if err != nil {
		panic("srptest: crypto/rand failed: " + err.Error()) // unreachable: crypto/rand does not fail
	}
	return fmt.Sprintf("%06d", n.Int64())
}

// send draws a code for u's challenge, puts it in the outbox and returns
// it. A decoy (an unknown name) is sent nothing: its code is one no answer
// equals, an empty string.
func (h *Handler) send(u *user, challenge, medium string) string {
	if u.decoy {
		return ""
	}
	m := Message{Medium: medium, Username: u.username, Challenge: challenge, Code: newCode(), Sent: h.cfg.Now()}
	m.Destination = u.factors.phone
	if medium == mediumEmail {
		m.Destination = u.factors.email
	}
	h.mu.Lock()
	if len(h.outbox) >= maxOutbox {
		h.outbox = append(h.outbox[:0], h.outbox[len(h.outbox)-maxOutbox+1:]...)
	}
	h.outbox = append(h.outbox, m)
	h.mu.Unlock()
	if h.cfg.OnMessage != nil {
		h.cfg.OnMessage(m)
	}
	return m.Code
}

// Outbox returns the codes the server has sent, oldest first (at most the
// last 1000).
func (h *Handler) Outbox() []Message {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Message(nil), h.outbox...)
}

// LastMessage returns the last code sent to the user with the configured
// username, and whether there is one: what a test reads from the user's
// phone or mailbox.
func (h *Handler) LastMessage(username string) (Message, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i := len(h.outbox) - 1; i >= 0; i-- {
		if h.outbox[i].Username == username {
			return h.outbox[i], true
		}
	}
	return Message{}, false
}
