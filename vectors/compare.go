package vectors

import "sort"

// A Mismatch is one output field on which an implementation disagrees with a
// vector. Got or Want is "<none>" for an absent value.
type Mismatch struct {
	Field, Got, Want string
}

// None stands for an absent value in a Mismatch.
const None = "<none>"

// secretHashKey is the challenge-response key of SECRET_HASH.
const secretHashKey = "SECRET_HASH"

// Compare applies the pass rule to the outputs got by an implementation for a
// case of kind k whose expected outputs are want, and returns every
// disagreement (none means the case passes):
//
//   - if want has an error, got must have an error (its text is not
//     compared) and no signature;
//   - otherwise got must have no error and report the kind's primary field
//     (Kind.Primary), and every field want reports must be reported by got,
//     byte-identical. Fields only got reports are not compared (a vector file
//     may carry fewer fields than an implementation computes).
//   - challengeResponses, when want has it, must have exactly want's keys
//     and values, with one allowance: the AWS JavaScript client never adds
//     SECRET_HASH to the map (it has no client-secret support), so a
//     SECRET_HASH present on one side only is compared with the other side's
//     secretHash field instead.
func Compare(k Kind, want, got *Outputs) []Mismatch {
	if want == nil {
		want = &Outputs{}
	}
	if got == nil {
		got = &Outputs{}
	}
	var ms []Mismatch
	add := func(field, g, w string) { ms = append(ms, Mismatch{field, orNone(g), orNone(w)}) }
	if want.Error != "" {
		if got.Error == "" {
			add("error", "", want.Error)
		}
		if got.Signature != "" {
			add("signature", got.Signature, "")
		}
		return ms
	}
	if got.Error != "" {
		add("error", got.Error, "")
		return ms
	}
	if p := k.Primary(); p != "" && got.Field(p) == "" {
		add(p, "", want.Field(p))
	}
	for _, f := range want.Fields() {
		if g := got.Field(f.Name); g != f.Value {
			add(f.Name, g, f.Value)
		}
	}
	if want.ChallengeResponses != nil {
		ms = append(ms, compareResponses(want, got)...)
	}
	return ms
}

func compareResponses(want, got *Outputs) []Mismatch {
	var ms []Mismatch
	add := func(key, g, w string) {
		ms = append(ms, Mismatch{"challengeResponses." + key, g, w})
	}
	keys := map[string]bool{}
	for k := range want.ChallengeResponses {
		keys[k] = true
	}
	for k := range got.ChallengeResponses {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	for _, k := range sorted {
		w, wok := want.ChallengeResponses[k]
		g, gok := got.ChallengeResponses[k]
		switch {
		case wok && gok:
			if w != g {
				add(k, g, w)
			}
		case k == secretHashKey && gok:
			if want.SecretHash == "" {
				add(k, g, None)
			} else if g != want.SecretHash {
				add(k, g, want.SecretHash+" (secretHash)")
			}
		case k == secretHashKey && wok:
			if got.SecretHash == "" {
				add(k, None, w)
			} else if got.SecretHash != w {
				add(k, got.SecretHash+" (secretHash)", w)
			}
		case wok:
			add(k, None, w)
		default:
			add(k, g, None)
		}
	}
	return ms
}

func orNone(s string) string {
	if s == "" {
		return None
	}
	return s
}
