package main

import (
	"encoding/base64"
	"encoding/hex"
	"math/big"
	"strings"
	"time"

	"github.com/srpkit/cognito/internal/srpref"
	"github.com/srpkit/cognito/vectors"
)

// Output properties checked on the computed outputs of edge cases.

func padLen(h string) int { return len(h) / 2 }

func hasErr(o *vectors.Outputs) bool { return o.Error != "" && o.Signature == "" }

// groupProps maps a property name to (generator-side predicate, output check
// on the padHex'd field).
var groupProps = map[string]struct {
	pred  func(*big.Int) bool
	check func(padded string) bool
}{
	"top-bit-set":       {topBitSet, func(p string) bool { return padLen(p) == 385 && strings.HasPrefix(p, "00") }},
	"top-bit-clear":     {topBitClear, func(p string) bool { return padLen(p) == 384 && p[0] >= '1' && p[0] <= '7' }},
	"odd-hex-length":    {oddHexLength, func(p string) bool { return p[0] == '0' && p[1] != '0' }},
	"leading-zero-byte": {leadingZeroByte, func(p string) bool { return padLen(p) <= 383 }},
}

// catalogue lists the edge cases, in the order of the file. g is nil when
// only the sizes are wanted.
func catalogue(g *generator) []edge {
	es := &edgeSet{g: g}
	for _, k := range []vectors.Kind{vectors.KindPassword, vectors.KindDevice} {
		es.groupEdges(k)
	}
	es.bEdges()
	es.saltEdges()
	es.ephemeralEdges()
	es.nameEdges()
	es.loginTimestampEdges()
	es.secretEdges()
	es.errorEdges()
	es.deviceEdges()
	es.deviceHashEdges()
	es.secretHashEdges()
	es.timestampEdges()
	return es.edges
}

// An edgeSet is the catalogue under construction.
type edgeSet struct {
	g     *generator
	edges []edge
}

// add appends n cases of kind k and category cat, made by build.
func (es *edgeSet) add(k vectors.Kind, cat string, n int, note string, build func(d *drbg, i int) (*genCase, error)) {
	es.edges = append(es.edges, edge{k, cat, n, note, build})
}

// login adds n logins of kind k: each is drawn, its server side derived,
// then adjusted by mod (if not nil), and the outputs must satisfy want (if
// not nil).
func (es *edgeSet) login(k vectors.Kind, cat string, n int, note string,
	mod func(l *login, d *drbg, i int) error, want func(o *vectors.Outputs) bool) {
	es.add(k, cat, n, note, func(d *drbg, i int) (*genCase, error) {
		l := newLogin(d, k)
		l.derive()
		if mod != nil {
			if err := mod(l, d, i); err != nil {
				return nil, err
			}
		}
		gc := l.toCase()
		gc.want = want
		return gc, nil
	})
}

// loginsAt adds one login of kind k at each of the timestamps ts.
func (es *edgeSet) loginsAt(k vectors.Kind, cat, note string, ts ...*vectors.Timestamp) {
	es.login(k, cat, len(ts), note, func(l *login, d *drbg, i int) error { l.ts = ts[i]; return nil },
		func(o *vectors.Outputs) bool { return true })
}

// pre runs f on the login and derives the server side again.
func pre(f func(l *login, d *drbg, i int)) func(l *login, d *drbg, i int) error {
	return func(l *login, d *drbg, i int) error { f(l, d, i); l.derive(); return nil }
}

// groupEdges adds, for logins of kind k, the padHex edges of A, B and S, S =
// 0, and the edges of u.
func (es *edgeSet) groupEdges(k vectors.Kind) {
	prefix := ""
	if k == vectors.KindDevice {
		prefix = "device-"
	}
	n := func(pw, dev int) int {
		if k == vectors.KindDevice {
			return dev
		}
		return pw
	}
	// A, B, S: padHex adds 00 / keeps / odd length / drops zero bytes.
	for _, p := range []string{"top-bit-set", "top-bit-clear", "odd-hex-length", "leading-zero-byte"} {
		prop := groupProps[p]
		es.login(k, prefix+"A-"+p, n(2, 1), "A = g^a mod N: padHex(A) "+propNote(p),
			func(l *login, d *drbg, i int) error { return l.untilA(prop.pred) },
			func(o *vectors.Outputs) bool { return prop.check(o.APad) })
		es.login(k, prefix+"B-"+p, n(2, 1), "SRP_B: padHex(B) "+propNote(p),
			func(l *login, d *drbg, i int) error { return l.untilB(func() bool { return prop.pred(l.B) }) },
			func(o *vectors.Outputs) bool { return prop.check(o.BPad) })
		sCount := n(2, 1)
		if p == "leading-zero-byte" {
			sCount = 1 // about 512 modular exponentiations per case to find
		}
		es.login(k, prefix+"S-"+p, sCount, "S: padHex(S), the HKDF ikm, "+propNote(p),
			func(l *login, d *drbg, i int) error { return l.untilB(func() bool { return prop.pred(l.S()) }) },
			func(o *vectors.Outputs) bool { return prop.check(o.SPad) })
	}
	es.login(k, prefix+"S-zero", 1, "SRP_B = k·g^x mod N, so the base B - k·g^x is 0 and S = 0: padHex(S) = 00 is the HKDF ikm (no check rejects it)",
		func(l *login, d *drbg, i int) error {
			l.bStr = new(big.Int).Mod(new(big.Int).Mul(srpref.K, l.v), srpref.N).Text(16)
			l.real = false
			return nil
		}, func(o *vectors.Outputs) bool { return o.SPad == "00" })
	// u = H(padHex(A) || padHex(B)): the HKDF salt is padHex(u).
	es.login(k, prefix+"u-top-bit-set", n(2, 1), "u's first byte >= 0x80: padHex(u), the HKDF salt, is 33 bytes",
		func(l *login, d *drbg, i int) error { return l.untilB(func() bool { return l.u()[0] >= 0x80 }) },
		func(o *vectors.Outputs) bool { return len(o.UPad) == 66 && strings.HasPrefix(o.UPad, "00") })
	es.login(k, prefix+"u-leading-zero-byte", n(2, 1), "u starts with a 00 byte: padHex(u), the HKDF salt, is 31 bytes",
		func(l *login, d *drbg, i int) error {
			return l.untilB(func() bool { u := l.u(); return u[0] == 0 && u[1] != 0 && u[1] < 0x80 })
		},
		func(o *vectors.Outputs) bool { return len(o.UPad) == 62 })
	es.login(k, prefix+"u-leading-zero-nibble", n(2, 0), "u's first byte is 0x01..0x0f: u.toString(16) has 63 digits, padHex restores 32 bytes",
		func(l *login, d *drbg, i int) error {
			return l.untilB(func() bool { u := l.u(); return u[0] > 0 && u[0] < 0x10 })
		}, func(o *vectors.Outputs) bool { return len(o.UPad) == 64 && o.UPad[0] == '0' })
	if k == vectors.KindPassword {
		es.login(k, "u-two-leading-zero-bytes", 1, "u starts with two 00 bytes: padHex(u), the HKDF salt, is 30 bytes",
			func(l *login, d *drbg, i int) error {
				return l.untilB(func() bool { u := l.u(); return u[0] == 0 && u[1] == 0 && u[2] < 0x80 })
			}, func(o *vectors.Outputs) bool { return len(o.UPad) <= 60 })
	}
}

// bEdges adds password logins with SRP_B spelled in unusual ways, or above N.
func (es *edgeSet) bEdges() {
	es.login(vectors.KindPassword, "B-string-leading-zeros", 3, "SRP_B sent with redundant leading zeros (parsed away before padHex)",
		func(l *login, d *drbg, i int) error {
			l.bStr = []string{"00", "0000", "000"}[i] + l.bStr
			return nil
		}, nil)
	es.login(vectors.KindPassword, "B-uppercase-hex", 2, "SRP_B in upper case", func(l *login, d *drbg, i int) error {
		l.bStr = strings.ToUpper(l.bStr)
		return nil
	}, nil)
	es.login(vectors.KindPassword, "B-uppercase-leading-zeros", 1, "SRP_B in upper case with leading zeros", func(l *login, d *drbg, i int) error {
		l.bStr = "00" + strings.ToUpper(l.bStr)
		return nil
	}, nil)
	es.login(vectors.KindPassword, "B-greater-than-N", 2, "SRP_B = B + N or B + 2N: accepted (not 0 mod N); u hashes the unreduced padHex(B), S uses B mod N",
		func(l *login, d *drbg, i int) error {
			B := new(big.Int).Mul(srpref.N, big.NewInt(int64(i+1)))
			l.bStr = B.Add(B, l.B).Text(16)
			l.real = false
			return nil
		}, func(o *vectors.Outputs) bool { return padLen(o.BPad) >= 385 })
}

// saltEdges adds password logins with unusual salts, or salts spelled in
// unusual ways.
func (es *edgeSet) saltEdges() {
	es.login(vectors.KindPassword, "salt-top-bit-set", 2, "SALT's first byte >= 0x80: padHex(salt) adds 00",
		pre(func(l *login, d *drbg, i int) {
			b := d.bytes(16)
			b[0] |= 0x80
			l.saltStr = hex.EncodeToString(b)
		}), func(o *vectors.Outputs) bool { return padLen(o.SaltPad) == 17 })
	es.login(vectors.KindPassword, "salt-leading-zero-bytes", 3, "SALT starts with zero bytes, dropped by parsing (and 00 re-added if the next byte >= 0x80)",
		pre(func(l *login, d *drbg, i int) {
			b := d.bytes(16)
			b[0] = 0
			if i == 1 {
				b[1] = 0
			}
			if i == 2 {
				b[1] |= 0x80
			}
			l.saltStr = hex.EncodeToString(b)
		}), nil)
	es.login(vectors.KindPassword, "salt-odd-hex-length", 2, "SALT with an odd number of hex digits",
		pre(func(l *login, d *drbg, i int) {
			l.saltStr = hex.EncodeToString(d.bytes(16))[1:]
			if l.saltStr[0] == '0' {
				l.saltStr = "1" + l.saltStr[1:]
			}
		}), nil)
	es.login(vectors.KindPassword, "salt-short", 3, "one- and two-byte salts", pre(func(l *login, d *drbg, i int) {
		l.saltStr = []string{"7f", "80", "0102"}[i]
	}), nil)
	es.login(vectors.KindPassword, "salt-long", 2, "64- and 511-byte salts", pre(func(l *login, d *drbg, i int) {
		l.saltStr = hex.EncodeToString(d.bytes([]int{64, 511}[i]))
	}), nil)
	es.login(vectors.KindPassword, "salt-uppercase-hex", 1, "SALT in upper case", pre(func(l *login, d *drbg, i int) {
		l.saltStr = strings.ToUpper(l.saltStr)
	}), nil)
	es.login(vectors.KindPassword, "salt-zero", 3, "SALT of value 0: padHex(0) = 00", pre(func(l *login, d *drbg, i int) {
		l.saltStr = []string{"00", "0", "00000000"}[i]
	}), func(o *vectors.Outputs) bool { return o.SaltPad == "00" })
}

// ephemeralEdges adds password logins with unusual secrets a
// (srpkat.WithEphemeral; the AWS client draws 128 bytes).
func (es *edgeSet) ephemeralEdges() {
	aEdge := func(cat, note string, n int, f func(d *drbg, i int) []byte) {
		es.login(vectors.KindPassword, cat, n, note, pre(func(l *login, d *drbg, i int) { l.setA(f(d, i)) }), nil)
	}
	aEdge("a-top-bit-set", "a's first bit set", 1, func(d *drbg, i int) []byte { b := d.bytes(128); b[0] |= 0x80; return b })
	aEdge("a-leading-zero-bytes", "a with three leading zero bytes (128 bytes as drawn)", 1, func(d *drbg, i int) []byte {
		b := d.bytes(128)
		b[0], b[1], b[2] = 0, 0, 0
		return b
	})
	aEdge("a-32-bytes", "a of 32 bytes", 1, func(d *drbg, i int) []byte { return d.bytes(32) })
	aEdge("a-one", "a = 1", 1, func(d *drbg, i int) []byte { return []byte{1} })
	aEdge("a-two", "a = 2", 1, func(d *drbg, i int) []byte { return []byte{2} })
	aEdge("a-256-bytes", "a of 256 bytes (longer than the AWS client draws; interop replaces generateRandomSmallA)", 1,
		func(d *drbg, i int) []byte { return d.bytes(256) })
	aEdge("a-1024-bytes", "a of 1024 bytes, the most WithEphemeral accepts", 1, func(d *drbg, i int) []byte { return d.bytes(1024) })
}

// nameEdges adds password logins with unusual user names, passwords and pool
// names.
func (es *edgeSet) nameEdges() {
	userEdge := func(cat, note string, users ...string) {
		es.login(vectors.KindPassword, cat, len(users), note, pre(func(l *login, d *drbg, i int) { l.user = users[i] }), nil)
	}
	pwEdge := func(cat, note string, pws ...string) {
		es.login(vectors.KindPassword, cat, len(pws), note, pre(func(l *login, d *drbg, i int) { l.password = pws[i] }), nil)
	}
	userEdge("unicode-username", "USER_ID_FOR_SRP with non-ASCII characters, UTF-8 encoded, never normalised (NFC and NFD josé differ)",
		"jos\u00e9", "jose\u0301", "😀smile", "用户名", "مستخدم", "пользователь", "\u200bzero-width")
	pwEdge("unicode-password", "passwords with non-ASCII characters, UTF-8 encoded, never normalised",
		"pässwörd", "密码密码123", "🔑🔐🗝️", "Пароль-2024", "e\u0301te\u0301", "\u00a0nbsp\u00a0", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢!")
	pwEdge("empty-password", "empty password", "", "")
	userEdge("empty-username", "empty USER_ID_FOR_SRP", "")
	es.login(vectors.KindPassword, "long-password", 3, "1000, 4096 and 2000-emoji passwords", pre(func(l *login, d *drbg, i int) {
		switch i {
		case 0:
			l.password = d.str(pwChars, 1000)
		case 1:
			l.password = d.str(pwChars, 4096)
		default:
			l.password = strings.Repeat("😀", 2000)
		}
	}), nil)
	es.login(vectors.KindPassword, "long-username", 2, "128- and 2048-character USER_ID_FOR_SRP", pre(func(l *login, d *drbg, i int) {
		l.user = d.str(alnum, []int{128, 2048}[i])
	}), nil)
	// The same pool and salt: ("a:b", "c") and ("a", "b:c") give the same x.
	es.login(vectors.KindPassword, "colon-in-username", 2, "pool || user || \":\" || password has no escaping: (a:b, c) and (a, b:c) give the same usernamePasswordHash and x",
		pre(func(l *login, d *drbg, i int) {
			shared := newDRBG(es.g.seedOrEmpty(), "shared/colon")
			l.pool = shared.str(alnum, 9)
			l.saltStr = hex.EncodeToString(shared.bytes(16))
			l.user, l.password = []string{"a:b", "a"}[i], []string{"c", "b:c"}[i]
		}), nil)
	userEdge("colon-username", "user names that are or contain colons", ":", "user:with:colons")
	pwEdge("colon-password", "passwords that are or contain colons", ":", "::pass:word::")
	userEdge("whitespace-username", "leading, trailing and inner white space is hashed as is", " alice ", "tab\tuser", "new\nline")
	userEdge("case-username", "case is not folded", "ALICE", "Alice")
	es.login(vectors.KindPassword, "long-poolname", 1, "a 44-character pool name", pre(func(l *login, d *drbg, i int) {
		l.pool = d.str(alnum, 44)
		l.userPoolID = "us-east-1_" + l.pool
	}), nil)
}

// loginTimestampEdges adds password logins at unusual instants and with
// literal TIMESTAMPs (see also timestampEdges).
func (es *edgeSet) loginTimestampEdges() {
	es.loginsAt(vectors.KindPassword, "timestamp-leap-day", "29 February", ms(2024, 2, 29, 12, 0, 0, 0), ms(2000, 2, 29, 0, 0, 0, 0))
	es.loginsAt(vectors.KindPassword, "timestamp-midnight", "00:00:00", ms(2025, 1, 1, 0, 0, 0, 0))
	es.loginsAt(vectors.KindPassword, "timestamp-single-digit-day", "the day of the month is not zero-padded", ms(2024, 3, 5, 9, 4, 7, 0), ms(2022, 9, 9, 1, 2, 3, 0))
	es.loginsAt(vectors.KindPassword, "timestamp-two-digit-day", "two-digit day", ms(2021, 7, 10, 10, 10, 10, 0))
	es.loginsAt(vectors.KindPassword, "timestamp-afternoon", "24-hour clock: 13:00 and 23:59, never 1 PM", ms(2024, 6, 13, 13, 0, 0, 0), ms(2024, 11, 30, 23, 59, 58, 0))
	es.loginsAt(vectors.KindPassword, "timestamp-millis-truncated", "milliseconds are truncated, never rounded", ms(2023, 12, 31, 23, 59, 59, 999))
	es.loginsAt(vectors.KindPassword, "timestamp-epoch", "the Unix epoch", vectors.MillisTimestamp(0))
	es.loginsAt(vectors.KindPassword, "timestamp-2038", "after 2^31 seconds", vectors.MillisTimestamp(2147483648000))
	es.loginsAt(vectors.KindPassword, "timestamp-2100", "1 March 2100 (2100 is not a leap year)", ms(2100, 3, 1, 0, 0, 0, 0))
	es.loginsAt(vectors.KindPassword, "timestamp-literal-string", "a literal TIMESTAMP is signed verbatim, unvalidated (zero-padded day; wrong weekday; ISO format)",
		vectors.LiteralTimestamp("Tue Mar 05 09:04:07 UTC 2024"), vectors.LiteralTimestamp("Wed Jan 1 00:00:00 UTC 2025"),
		vectors.LiteralTimestamp("2024-03-05T09:04:07Z"))
}

// secretEdges adds password logins with client secrets and unusual SECRET_BLOCKs.
func (es *edgeSet) secretEdges() {
	es.login(vectors.KindPassword, "client-secret", 4, "app client with a secret: SECRET_HASH keyed by USER_ID_FOR_SRP in the response (secretHash) and by the typed name for InitiateAuth (secretHashInitiateAuth)",
		pre(func(l *login, d *drbg, i int) { l.withClientSecret(d, i%2 == 0) }),
		func(o *vectors.Outputs) bool { return o.SecretHash != "" && o.SecretHashInitiateAuth != "" })
	es.login(vectors.KindPassword, "secret-block-unpadded", 2, "SECRET_BLOCK without its = padding", func(l *login, d *drbg, i int) error {
		l.block = base64.RawStdEncoding.EncodeToString(d.bytes(100 + i))
		return nil
	}, nil)
	es.login(vectors.KindPassword, "secret-block-short", 2, "one- and two-byte SECRET_BLOCKs", func(l *login, d *drbg, i int) error {
		l.block = base64.StdEncoding.EncodeToString(d.bytes(i + 1))
		return nil
	}, nil)
}

// errorEdges adds the logins a client must refuse: B = 0 mod N, a = 0.
func (es *edgeSet) errorEdges() {
	invalidB := func(k vectors.Kind, cat, note string, bs ...string) {
		es.login(k, cat, len(bs), note, func(l *login, d *drbg, i int) error {
			l.bStr = bs[i]
			l.real = false
			return nil
		}, hasErr)
	}
	nLower := srpref.N.Text(16)
	mulN := func(m int64) string { return new(big.Int).Mul(srpref.N, big.NewInt(m)).Text(16) }
	invalidB(vectors.KindPassword, "invalid-B-zero", "SRP_B = 0: the client must refuse (AWS JS: \"B cannot be zero.\")", "0", strings.Repeat("0", 768))
	invalidB(vectors.KindPassword, "invalid-B-equals-N", "SRP_B = N: 0 mod N, must be refused", nLower, strings.ToUpper(nLower), "000"+nLower)
	invalidB(vectors.KindPassword, "invalid-B-multiple-of-N", "SRP_B = 2N, 3N, 12345N: 0 mod N, must be refused", mulN(2), mulN(3), mulN(12345))
	invalidB(vectors.KindDevice, "device-invalid-B", "SRP_B = 0 and N in the device flow: must be refused", "0", nLower)
	aZero := func(k vectors.Kind, cat string, n int) {
		es.login(k, cat, n, "a = 0 (A = 1): the AWS JS client never produces SRP_A (jsbn's modPow does not call back); an implementation must refuse it",
			pre(func(l *login, d *drbg, i int) { l.setA(make([]byte, []int{1, 128}[i])) }), hasErr)
	}
	aZero(vectors.KindPassword, "invalid-a-zero", 2)
	aZero(vectors.KindDevice, "device-invalid-a-zero", 1)
}

// deviceEdges adds device logins with unusual salts, timestamps, secrets and
// names.
func (es *edgeSet) deviceEdges() {
	es.login(vectors.KindDevice, "device-salt-top-bit", 2, "device salt bytes starting >= 0x80: SALT is padHex'd, 17 bytes with 00",
		pre(func(l *login, d *drbg, i int) {
			b := d.bytes(16)
			b[0] |= 0x80
			l.saltStr = hex.EncodeToString(srpref.Pad(new(big.Int).SetBytes(b)))
		}), func(o *vectors.Outputs) bool { return padLen(o.SaltPad) == 17 })
	es.login(vectors.KindDevice, "device-salt-leading-zero", 2, "device salt bytes starting with 00: SALT is shorter than 16 bytes",
		pre(func(l *login, d *drbg, i int) {
			b := d.bytes(16)
			b[0] = 0
			b[1] &= 0x7f
			l.saltStr = hex.EncodeToString(srpref.Pad(new(big.Int).SetBytes(b)))
		}), func(o *vectors.Outputs) bool { return padLen(o.SaltPad) < 16 })
	es.loginsAt(vectors.KindDevice, "device-timestamp", "device flow timestamps: leap day, midnight, literal string",
		ms(2024, 2, 29, 23, 59, 59, 0), ms(2026, 7, 4, 0, 0, 0, 0), vectors.LiteralTimestamp("Sun Dec 7 07:07:07 UTC 2025"))
	es.login(vectors.KindDevice, "device-client-secret", 2, "device flow with an app client secret: SECRET_HASH keyed by the USERNAME",
		func(l *login, d *drbg, i int) error { l.withClientSecret(d, false); return nil },
		func(o *vectors.Outputs) bool { return o.SecretHash != "" })
	es.login(vectors.KindDevice, "device-unicode-username", 1, "USERNAME is only echoed in the device flow", func(l *login, d *drbg, i int) error {
		l.echo = "jos\u00e9 😀"
		return nil
	}, nil)
}

// deviceHashEdges adds ConfirmDevice verifiers with unusual salts, passwords
// and verifiers.
func (es *edgeSet) deviceHashEdges() {
	dh := func(cat, note string, n int, bytesFor func(d *drbg, i int) (pw, salt []byte), want func(o *vectors.Outputs) bool) {
		es.add(vectors.KindDeviceHash, cat, n, note, func(d *drbg, i int) (*genCase, error) {
			pw, salt := bytesFor(d, i)
			return &genCase{inputs: deviceHashInputs(d, pw, salt), want: want}, nil
		})
	}
	saltWith := func(f func(b []byte, i int)) func(d *drbg, i int) ([]byte, []byte) {
		return func(d *drbg, i int) ([]byte, []byte) {
			pw, salt := d.bytes(40), d.bytes(16)
			f(salt, i)
			return pw, salt
		}
	}
	dh("salt-top-bit-set", "salt bytes starting >= 0x80: Salt is 17 bytes with 00", 2, saltWith(func(b []byte, i int) { b[0] |= 0x80 }),
		func(o *vectors.Outputs) bool { return padLen(o.SaltHex) == 17 })
	dh("salt-leading-zero-byte", "salt bytes starting with 00: Salt is 15 bytes", 2, saltWith(func(b []byte, i int) { b[0] = 0; b[1] = b[1]&0x7f | 0x10 }),
		func(o *vectors.Outputs) bool { return padLen(o.SaltHex) == 15 })
	dh("salt-leading-zero-nibble", "salt's first byte 0x01..0x0f: 16 bytes", 2, saltWith(func(b []byte, i int) { b[0] = b[0]&0x0f | 0x01 }),
		func(o *vectors.Outputs) bool { return padLen(o.SaltHex) == 16 })
	dh("salt-two-zero-bytes", "salt bytes starting with 00 00: Salt is 14 bytes", 1, saltWith(func(b []byte, i int) { b[0], b[1] = 0, 0; b[2] = b[2]&0x7f | 0x10 }),
		func(o *vectors.Outputs) bool { return padLen(o.SaltHex) == 14 })
	dh("salt-zero-then-top-bit", "salt 00 then >= 0x80: the 00 is dropped and re-added", 1, saltWith(func(b []byte, i int) { b[0] = 0; b[1] |= 0x80 }),
		func(o *vectors.Outputs) bool { return padLen(o.SaltHex) == 16 && strings.HasPrefix(o.SaltHex, "00") })
	dh("salt-all-zero", "16 zero salt bytes: Salt is the single byte 00", 1, saltWith(func(b []byte, i int) { clear(b) }),
		func(o *vectors.Outputs) bool { return o.SaltHex == "00" })
	dh("password-bytes-all-zero", "40 zero password bytes: AAAA...AA==", 1, func(d *drbg, i int) ([]byte, []byte) { return make([]byte, 40), d.bytes(16) }, nil)
	dh("password-bytes-all-ff", "40 0xff password bytes: ////...//w==", 1, func(d *drbg, i int) ([]byte, []byte) {
		return []byte(strings.Repeat("\xff", 40)), d.bytes(16)
	}, nil)
	for _, p := range []string{"top-bit-set", "top-bit-clear", "odd-hex-length", "leading-zero-byte"} {
		prop := groupProps[p]
		es.add(vectors.KindDeviceHash, "verifier-"+p, 2, "the verifier g^x mod N: padHex(verifier) "+propNote(p), func(d *drbg, i int) (*genCase, error) {
			in := deviceHashInputs(d, nil, nil)
			for try := 0; try < searchLimit; try++ {
				pw, salt := d.bytes(40), d.bytes(16)
				s := srpref.Pad(new(big.Int).SetBytes(salt))
				x := srpref.X(in.DeviceGroupKey, in.DeviceKey, base64.StdEncoding.EncodeToString(pw), new(big.Int).SetBytes(s))
				if prop.pred(srpref.ExpG(x)) {
					in.RandomPasswordBytesHex, in.SaltBytesHex = hex.EncodeToString(pw), hex.EncodeToString(salt)
					return &genCase{inputs: in, want: func(o *vectors.Outputs) bool { return prop.check(o.VerifierHex) }}, nil
				}
			}
			return nil, errNotFound
		})
	}
}

// secretHashEdges adds SECRET_HASH cases with unusual names and secrets.
func (es *edgeSet) secretHashEdges() {
	sh := func(cat, note string, n int, f func(d *drbg, i int) vectors.Inputs) {
		es.add(vectors.KindSecretHash, cat, n, note, func(d *drbg, i int) (*genCase, error) {
			return &genCase{inputs: f(d, i)}, nil
		})
	}
	shUser := func(cat, note string, users ...string) {
		sh(cat, note, len(users), func(d *drbg, i int) vectors.Inputs {
			return vectors.Inputs{Username: users[i], ClientID: randClientID(d), ClientSecret: randClientSecret(d)}
		})
	}
	shUser("unicode-username", "UTF-8, not normalised", "jos\u00e9", "jose\u0301", "用户名😀")
	shUser("empty-username", "empty user name", "")
	shUser("colon-username", "colons are not separators", "a:b:c")
	shUser("whitespace-username", "white space is kept", " alice ")
	sh("uuid-username", "a sub as USERNAME", 1, func(d *drbg, i int) vectors.Inputs {
		return vectors.Inputs{Username: randUUID(d), ClientID: randClientID(d), ClientSecret: randClientSecret(d)}
	})
	sh("long-username", "a 128-character user name", 1, func(d *drbg, i int) vectors.Inputs {
		return vectors.Inputs{Username: d.str(alnum, 128), ClientID: randClientID(d), ClientSecret: randClientSecret(d)}
	})
	sh("boundary-ambiguity", "no separator: (alice1, 23abc) and (alice, 123abc) give the same SECRET_HASH", 2, func(d *drbg, i int) vectors.Inputs {
		shared := newDRBG(es.g.seedOrEmpty(), "shared/secrethash-boundary")
		return vectors.Inputs{Username: []string{"alice1", "alice"}[i], ClientID: []string{"23abc", "123abc"}[i], ClientSecret: randClientSecret(shared)}
	})
	secretLen := func(cat, note string, n int) {
		sh(cat, note, 1, func(d *drbg, i int) vectors.Inputs {
			return vectors.Inputs{Username: randUsername(d), ClientID: randClientID(d), ClientSecret: d.str(lowerAlnum, n)}
		})
	}
	secretLen("secret-short", "a one-character secret", 1)
	secretLen("secret-64-bytes", "a 64-byte secret: the HMAC block size, used as is", 64)
	secretLen("secret-65-bytes", "a 65-byte secret: longer than the HMAC block, hashed first", 65)
	secretLen("secret-long", "a 200-byte secret", 200)
	sh("unicode-secret", "a non-ASCII secret, UTF-8", 1, func(d *drbg, i int) vectors.Inputs {
		return vectors.Inputs{Username: randUsername(d), ClientID: randClientID(d), ClientSecret: "sécret-🔑-" + d.str(lowerAlnum, 20)}
	})
}

// timestampEdges adds TIMESTAMP cases: every weekday, month, day and hour,
// and the boundaries.
func (es *edgeSet) timestampEdges() {
	ts := func(cat, note string, t ...*vectors.Timestamp) {
		es.add(vectors.KindTimestamp, cat, len(t), note, func(d *drbg, i int) (*genCase, error) {
			return &genCase{inputs: vectors.Inputs{Timestamp: t[i]}}, nil
		})
	}
	var weekdays, months, days []*vectors.Timestamp
	for i := 0; i < 7; i++ {
		weekdays = append(weekdays, ms(2024, 1, 1+i, 12, 30, 45, 0))
	}
	for m := time.January; m <= time.December; m++ {
		months = append(months, ms(2023, m, 15, 8, 9, 10, 0))
	}
	for day := 1; day <= 31; day++ {
		days = append(days, ms(2024, 7, day, 3, 4, 5, 0))
	}
	ts("weekday", "every weekday (Mon 1 Jan 2024 to Sun 7 Jan)", weekdays...)
	ts("month", "every month", months...)
	ts("day-of-month", "every day of July 2024: days 1-9 are not zero-padded", days...)
	var hours []*vectors.Timestamp
	for h := 0; h < 24; h++ {
		hours = append(hours, ms(2025, 5, 20, h, 7, 8, 0))
	}
	ts("hour", "every hour: 24-hour clock, zero-padded", hours...)
	ts("midnight", "00:00:00", ms(2024, 5, 1, 0, 0, 0, 0))
	ts("last-second", "23:59:59.999 on 31 December: milliseconds truncated", ms(2024, 12, 31, 23, 59, 59, 999))
	ts("noon", "12:00:00", ms(2024, 4, 1, 12, 0, 0, 0))
	ts("leap-day", "29 February in 2024, 2000 and 2400", ms(2024, 2, 29, 6, 7, 8, 0), ms(2000, 2, 29, 0, 0, 0, 0), ms(2400, 2, 29, 0, 0, 0, 0))
	ts("not-leap-day", "28 February 2100 23:59:59 and the next second, 1 March (2100 is not a leap year)",
		ms(2100, 2, 28, 23, 59, 59, 0), ms(2100, 3, 1, 0, 0, 0, 0))
	ts("epoch", "the Unix epoch", vectors.MillisTimestamp(0))
	ts("pre-epoch", "before the epoch: -1 ms and -1 s are 23:59:59 on 31 December 1969; 1 January 1900", vectors.MillisTimestamp(-1),
		vectors.MillisTimestamp(-1000), ms(1900, 1, 1, 0, 0, 0, 0))
	ts("2038", "around 2^31 seconds", vectors.MillisTimestamp(2147483647000), vectors.MillisTimestamp(2147483648000))
	ts("far-future", "the last millisecond of 9999", ms(9999, 12, 31, 23, 59, 59, 999))
}

func propNote(p string) string {
	switch p {
	case "top-bit-set":
		return "has its top bit set: padHex adds a 00 byte (385 bytes)"
	case "top-bit-clear":
		return "is 384 bytes with the top bit clear: no 00 added"
	case "odd-hex-length":
		return "starts with a byte below 0x10: toString(16) has odd length"
	case "leading-zero-byte":
		return "starts with a zero byte: padHex drops it (383 bytes or fewer, never padded back to |N|)"
	}
	return p
}

type genError string

func (e genError) Error() string { return string(e) }

const errNotFound = genError("no input with the property found within the search limit")

func (g *generator) seedOrEmpty() string {
	if g == nil {
		return ""
	}
	return g.seed
}
