#!/usr/bin/env bash
# Staying-signed-in interop test (stay.js): amazon-cognito-identity-js,
# Amplify v6, the AWS SDK for JavaScript v3's fromCognitoIdentityPool and the
# AWS CLI v2 against cmd/srplocal, with cmd/srplogin as the CLI's
# credential_process. See stay.js for the checks.
#
# The AWS CLI v2 is Debian's awscli package (2.9.19 on bookworm): when no
# AWS CLI v2 is found, it is installed with apt-get (as root, or with sudo).
# Builds srplocal and srplogin once into a temporary directory, runs
# stay.js under a time limit, and kills any srplocal still running on exit
# (the steps are lib.sh's, shared with signin.sh and challenges.sh).
# The last line is "N passed, M failed"; the exit status is non-zero on any
# failure. Called by run.sh (with INTEROP_NPM_DONE=1); standalone it runs
# `npm ci` first.
set -euo pipefail
cd "$(dirname "$0")/.."
name=stay
. interop/lib.sh

if [ "${INTEROP_NPM_DONE:-}" != 1 ]; then interop_npm_ci; fi
interop_aws
interop_tmp
interop_build cmd/srplocal cmd/srplogin
# No instance metadata lookups; node 20 is fine for the pinned SDK, which
# warns about future releases.
AWS_EC2_METADATA_DISABLED=true AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true \
  interop_node 170 interop/stay.js --srplocal "$tmp/srplocal" --srplogin "$tmp/srplogin" --aws "$AWS" --tmp "$tmp"
