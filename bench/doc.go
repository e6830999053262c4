// Package bench holds the benchmarks of github.com/srpkit/cognito against a
// math/big baseline (the way existing Go ports do Cognito SRP), all in test
// files: run them with bench/run.sh and read bench/README.md. The package
// exports nothing.
package bench
