#!/usr/bin/env bash
# Sign-in interop test: the official AWS JavaScript client
# (amazon-cognito-identity-js, pinned in package-lock.json) signs in against
# cmd/srplocal over loopback HTTP (USER_SRP_AUTH, wrong password, aliases,
# remembered devices, refresh, NEW_PASSWORD_REQUIRED, SOFTWARE_TOKEN_MFA), the
# Go client (interop/godevice) then signs in with a device the JS client
# registered, and Amplify v6 (aws-amplify) signs in through
# NEW_PASSWORD_REQUIRED and SOFTWARE_TOKEN_MFA. See signin.js for the checks.
#
# Builds srplocal and godevice once into a temporary directory, runs signin.js
# (which starts and stops the srplocal servers) under a time limit, and kills
# any srplocal still running on exit, whatever happened (the steps are
# lib.sh's, shared with stay.sh and challenges.sh). The last line is
# "N passed, M failed"; the exit status is non-zero on any failure. Called by
# run.sh (with INTEROP_NPM_DONE=1); standalone it runs `npm ci` first.
set -euo pipefail
cd "$(dirname "$0")/.."
name=signin
. interop/lib.sh

if [ "${INTEROP_NPM_DONE:-}" != 1 ]; then interop_npm_ci; fi
interop_tmp
interop_build cmd/srplocal interop/godevice
interop_node 150 interop/signin.js --srplocal "$tmp/srplocal" --godevice "$tmp/godevice" --tmp "$tmp"
