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
# any srplocal still running on exit, whatever happened. The last line is
# "N passed, M failed"; the exit status is non-zero on any failure. Called by run.sh (with
# INTEROP_NPM_DONE=1); standalone it runs `npm ci` first.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${INTEROP_NPM_DONE:-}" != 1 ]; then
  (cd interop && npm ci --no-audit --no-fund --loglevel=error)
fi

tmp=$(mktemp -d)
node_pid=
tail_pid=
cleanup() {
  local f pid
  if [ -n "$tail_pid" ]; then kill "$tail_pid" 2>/dev/null || true; fi
  # signin.js stops its servers on SIGTERM; whatever is left is killed below.
  if [ -n "$node_pid" ]; then kill -TERM "$node_pid" 2>/dev/null || true; fi
  for f in "$tmp"/srplocal.*.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    # Only a process that is still our srplocal (the pid may have been reused).
    if [ -n "$pid" ] && [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = srplocal ]; then
      echo "signin: killing srplocal $pid left running"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

go build -o "$tmp/srplocal" ./cmd/srplocal
go build -o "$tmp/godevice" ./interop/godevice

# In the background so that a signal to this script is handled at once. The
# output file exists before tail opens it (the background shell may not have
# created it yet).
: > "$tmp/out"
timeout -k 10 150 node interop/signin.js --srplocal "$tmp/srplocal" --godevice "$tmp/godevice" --tmp "$tmp" \
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
    124) echo "signin: signin.js did not finish within 150 s" ;;
    *) echo "signin: signin.js ended with status $rc before its summary" ;;
  esac
  echo "$(grep -c '^ok ' "$tmp/out" || true) passed, $(($(grep -c '^FAIL' "$tmp/out" || true) + 1)) failed"
fi
exit "$rc"
