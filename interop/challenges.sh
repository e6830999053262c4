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
# Builds srplocal once into a temporary directory, runs challenges.js under a
# time limit, and kills any srplocal still running on exit. The last line is
# "N passed, M failed"; the exit status is non-zero on any failure. Called by
# run.sh (with INTEROP_NPM_DONE=1); standalone it runs `npm ci` first.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${INTEROP_NPM_DONE:-}" != 1 ]; then
  (cd interop && npm ci --no-audit --no-fund --loglevel=error)
fi

# aws_v2 prints the path of an AWS CLI v2, Debian's first.
aws_v2() {
  local cand
  for cand in /usr/bin/aws "$(command -v aws || true)"; do
    if [ -n "$cand" ] && [ -x "$cand" ] && "$cand" --version 2>/dev/null | grep -q '^aws-cli/2\.'; then
      echo "$cand"
      return 0
    fi
  done
  return 1
}
if ! AWS=$(aws_v2); then
  echo "challenges: no AWS CLI v2 found: installing Debian's awscli"
  sudo=
  if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
  $sudo apt-get install -y -qq --no-install-recommends awscli >/dev/null ||
    { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends awscli >/dev/null; }
  AWS=$(aws_v2) || { echo "challenges: the AWS CLI v2 could not be installed"; echo "0 passed, 1 failed"; exit 1; }
fi

tmp=$(mktemp -d)
node_pid=
tail_pid=
cleanup() {
  local f pid
  if [ -n "$tail_pid" ]; then kill "$tail_pid" 2>/dev/null || true; fi
  if [ -n "$node_pid" ]; then kill -TERM "$node_pid" 2>/dev/null || true; fi
  for f in "$tmp"/srplocal.*.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    if [ -n "$pid" ] && [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = srplocal ]; then
      echo "challenges: killing srplocal $pid left running"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

go build -o "$tmp/srplocal" ./cmd/srplocal
go build -o "$tmp/srplogin" ./cmd/srplogin

: > "$tmp/out"
timeout -k 10 150 node interop/challenges.js --srplocal "$tmp/srplocal" --srplogin "$tmp/srplogin" --aws "$AWS" --tmp "$tmp" \
  > "$tmp/out" 2>&1 &
node_pid=$!
tail -n +1 -f --pid="$node_pid" "$tmp/out" &
tail_pid=$!
rc=0
wait "$node_pid" || rc=$?
node_pid=
wait "$tail_pid" || true
tail_pid=
if [ "$rc" -ne 0 ] && ! tail -n 1 "$tmp/out" | grep -Eq '^[0-9]+ passed, [0-9]+ failed$'; then
  case $rc in
    124) echo "challenges: challenges.js did not finish within 150 s" ;;
    *) echo "challenges: challenges.js ended with status $rc before its summary" ;;
  esac
  echo "$(grep -c '^ok ' "$tmp/out" || true) passed, $(($(grep -c '^FAIL' "$tmp/out" || true) + 1)) failed"
fi
exit "$rc"
