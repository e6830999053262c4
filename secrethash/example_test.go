package secrethash_test

import (
	"fmt"

	"github.com/srpkit/cognito/secrethash"
)

// The known answer published by alexrudd/cognito-srp.
func ExampleCompute() {
	fmt.Println(secrethash.Compute("test", "123abd", "clientSecret"))
	// Output: LoIX/oPJWZzFYv8liJYRo+CHv16FNDY10JlZEDjL3Vg=
}

func ExampleVerify() {
	h := secrethash.Compute("alice", "1example23456789", "s3cr3t")
	fmt.Println(secrethash.Verify(h, "alice", "1example23456789", "s3cr3t"))
	fmt.Println(secrethash.Verify(h, "bob", "1example23456789", "s3cr3t"))
	// Output:
	// true
	// false
}
