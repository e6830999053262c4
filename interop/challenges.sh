#!/usr/bin/env bash
# Challenge interop test (challenges.js): the official clients answer every
# challenge srplocal asks, against cmd/srplocal over loopback HTTP: Amplify v6
# (aws-amplify, pinned) through SMS and email MFA (codes read from srplocal's
# CODE lines), SELECT_MFA_TYPE, MFA_SETUP, TOTP enrolment with an access
# token, CUSTOM_WITH_SRP, passwordless USER_AUTH with EMAIL_OTP and
# USER_PASSWORD_AUTH, and the refusals of a reused and a wrong code;
# amazon-cognito-identity-js through CUSTOM_AUTH with SRP and SMS MFA; the
# AWS CLI v2 (Debian's awscli, installed if missing) sets an MFA preference
# as an administrator; srplogin signs in with every -flow, reading each code
# from standard input as srplocal prints it.
#
# Builds srplocal and srplogin once into a temporary directory, runs
# challenges.js under a time limit, and kills any srplocal still running on
# exit (the steps are lib.sh's, shared with signin.sh and stay.sh). The last
# line is "N passed, M failed"; the exit status is non-zero on any failure.
# Called by run.sh (with INTEROP_NPM_DONE=1); standalone it runs `npm ci`
# first.
set -euo pipefail
cd "$(dirname "$0")/.."
name=challenges
. interop/lib.sh

if [ "${INTEROP_NPM_DONE:-}" != 1 ]; then interop_npm_ci; fi
interop_aws
interop_tmp
interop_build cmd/srplocal cmd/srplogin
interop_node 150 interop/challenges.js --srplocal "$tmp/srplocal" --srplogin "$tmp/srplogin" --aws "$AWS" --tmp "$tmp"
