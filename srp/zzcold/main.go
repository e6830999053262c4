package main

import (
	"fmt"
	"time"

	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/internal/modp"
)

func main() {
	t := func(name string, f func()) {
		s := time.Now()
		f()
		fmt.Printf("%s %.0f  ", name, float64(time.Since(s).Nanoseconds())/1e3)
	}
	e := make([]byte, 128)
	e[0] = 0x80
	var z, x modp.Element
	x.SetBytes(e)
	params := map[string]string{"USER_ID_FOR_SRP": "u", "SALT": "abcd", "SRP_B": "1234567890abcdef", "SECRET_BLOCK": "AAAA"}
	for range 2 {
		t("login", func() {
			s, _ := srp.NewUserSession("us-east-1_x", "pw")
			if _, err := s.Respond(params, time.Now()); err != nil {
				panic(err)
			}
		})
	}
	t("ladder1024", func() { z.ExpG(e) })
	t("exp1032", func() { z.Exp(&x, append(e, 1)) })
	t("dv", func() { srp.NewDeviceVerifier("g", "d") })
	fmt.Println()
}
