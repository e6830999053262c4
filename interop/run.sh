#!/usr/bin/env bash
# Interop test: the Go library against the official AWS JavaScript client
# (amazon-cognito-identity-js, pinned in package-lock.json), and srplocal and
# srplogin against the official clients (the JS client, Amplify v6, the AWS
# SDK for JavaScript v3, the AWS CLI v2).
#
# 1. `srpvec gen` with a fresh random seed (printed; replay a failure with
#    SRPVEC_SEED=<seed> bash interop/run.sh) writes COUNT cases (default 300:
#    the whole edge catalogue plus random cases) with the outputs of the Go
#    library;
# 2. compute.js computes the same inputs with the real CognitoUser flows;
# 3. merge.js checks the JS side computed every case from identical inputs;
# 4. `srpvec check` recomputes every case with the Go library and requires
#    every output field the JS client reports to be byte-identical.
# 5. signin.sh: the JS client signs in against cmd/srplocal (password,
#    wrong password, aliases, remembered device through DEVICE_SRP_AUTH,
#    refresh, NEW_PASSWORD_REQUIRED, SOFTWARE_TOKEN_MFA), the Go client signs
#    in with the device the JS client registered, and Amplify v6 signs in
#    through NEW_PASSWORD_REQUIRED and SOFTWARE_TOKEN_MFA.
# 6. stay.sh: staying signed in (stay.js): amazon-cognito-identity-js and
#    Amplify v6 sign out, revoke, forget devices and refresh (with rotation and
#    expiry) against srplocal, the AWS SDK for JavaScript v3's
#    fromCognitoIdentityPool gets credentials from srplocal's identity pool,
#    and the AWS CLI v2 (Debian's awscli, installed if missing) uses srplogin
#    as a profile's credential_process.
# 7. challenges.sh: every challenge srplocal asks (challenges.js): Amplify v6
#    through SMS and email MFA, SELECT_MFA_TYPE, MFA_SETUP, TOTP enrolment,
#    CUSTOM_WITH_SRP, passwordless EMAIL_OTP and USER_PASSWORD_AUTH, with a
#    reused and a wrong code refused; amazon-cognito-identity-js through
#    CUSTOM_AUTH with SRP and SMS MFA; the AWS CLI v2 (Debian's awscli,
#    installed if missing) as an administrator; srplogin with every -flow.
# The published vectors/cognito-srp-vectors.json goes through steps 2-4 too,
# and so does vectors/testdata/aws-js-reference.json, where compute.js must
# also reproduce the file's own outputs (a self-test of the harness).
# Exit status 1 on any mismatch.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. interop/lib.sh

SEED=${SRPVEC_SEED:-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')}
COUNT=${SRPVEC_COUNT:-300}
SHARDS=${INTEROP_SHARDS:-2}
echo "interop: seed $SEED, count $COUNT (replay: SRPVEC_SEED=$SEED SRPVEC_COUNT=$COUNT bash interop/run.sh)"

interop_npm_ci

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/srpvec" ./cmd/srpvec
"$tmp/srpvec" gen -seed "$SEED" -count "$COUNT" > "$tmp/fresh.json"

passed=0
failed=0
# interop_file NAME FILE KEY [MERGE_FLAG]: the JS client computes FILE's
# inputs, srpvec checks.
interop_file() {
  local name=$1 file=$2 key=$3 merge_flag=${4:-} pids=() shard_files=() i
  local start=$SECONDS
  for ((i = 0; i < SHARDS; i++)); do
    node interop/compute.js "$file" --shard "$i/$SHARDS" > "$tmp/$key.js.$i.json" &
    pids+=($!)
    shard_files+=("$tmp/$key.js.$i.json")
  done
  local rc=0
  for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
  if [ "$rc" -ne 0 ]; then
    echo "interop: $name: compute.js failed"
    failed=$((failed + 1))
    return
  fi
  if ! node interop/merge.js $merge_flag "$file" "${shard_files[@]}" > "$tmp/$key.js.json"; then
    echo "interop: $name: the JS output does not cover the cases${merge_flag:+ or differs from their outputs}"
    failed=$((failed + 1))
    return
  fi
  local out
  out=$("$tmp/srpvec" check "$tmp/$key.js.json") && rc=0 || rc=$?
  echo "$out" | grep -v ' passed, ' || true
  local line p f
  line=$(echo "$out" | tail -n 1)
  if [ "$rc" -gt 1 ] || ! [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    echo "interop: $name: srpvec check failed (exit $rc): $line"
    failed=$((failed + 1))
    return
  fi
  p=${BASH_REMATCH[1]}
  f=${BASH_REMATCH[2]}
  echo "interop: $name: $p passed, $f failed ($((SECONDS - start)) s)"
  passed=$((passed + p))
  failed=$((failed + f))
}

interop_file "fresh (seed $SEED)" "$tmp/fresh.json" fresh

# Canary: the comparison must not pass vacuously. Corrupt one field the JS
# client reported (a signature, an intermediate, a device verifier) and
# require srpvec check to report exactly those mismatches.
if [ -f "$tmp/fresh.js.json" ]; then
  node -e '
    const fs = require("fs");
    const doc = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const flip = s => (s[0] === "A" ? "B" : "A") + s.slice(1);
    const pw = doc.cases.find(c => c.kind === "password" && !c.outputs.error);
    const dv = doc.cases.find(c => c.kind === "device" && !c.outputs.error);
    const dh = doc.cases.find(c => c.kind === "devicehash");
    pw.outputs.signature = flip(pw.outputs.signature);
    dv.outputs.x = flip(dv.outputs.x);
    dh.outputs.PasswordVerifier = flip(dh.outputs.PasswordVerifier);
    fs.writeFileSync(process.argv[2], JSON.stringify(doc));
  ' "$tmp/fresh.js.json" "$tmp/canary.json"
  canary=$("$tmp/srpvec" check "$tmp/canary.json") && rc=0 || rc=$?
  if [ "$rc" -ne 1 ] || [ "$(echo "$canary" | tail -n 1)" != "$((COUNT - 3)) passed, 3 failed" ]; then
    echo "interop: canary: srpvec check did not catch 3 corrupted outputs (exit $rc): $(echo "$canary" | tail -n 1)"
    failed=$((failed + 1))
  else
    echo "interop: canary: 3 corrupted JS outputs detected, as they must be"
  fi
fi
interop_file "published" "$root/vectors/cognito-srp-vectors.json" published
# Self-test of compute.js: it must reproduce every output field of the
# reference file computed independently (aws-js-reference.json, see
# vectors/testdata/README.md); srpvec then checks the Go library on it too.
interop_file "reference" "$root/vectors/testdata/aws-js-reference.json" reference --expect-outputs

# fold LABEL NAME runs interop/NAME.sh, its output shown as it comes, and
# folds its summary line ("N passed, M failed", the last) into ours; a script
# that failed without failed checks in its summary counts as one failure.
fold() {
  local label=$1 name=$2 start=$SECONDS rc=0 line
  INTEROP_NPM_DONE=1 bash "interop/$name.sh" 2>&1 | tee "$tmp/$name.out" \
    | grep -Ev --line-buffered '^[0-9]+ passed, [0-9]+ failed$' || rc=$?
  line=$(tail -n 1 "$tmp/$name.out")
  if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]] && { [ "$rc" -eq 0 ] || [ "${BASH_REMATCH[2]}" -gt 0 ]; }; then
    echo "interop: $label: ${BASH_REMATCH[1]} passed, ${BASH_REMATCH[2]} failed ($((SECONDS - start)) s)"
    passed=$((passed + BASH_REMATCH[1]))
    failed=$((failed + BASH_REMATCH[2]))
  else
    echo "interop: $label: $name.sh failed (exit $rc): $line"
    failed=$((failed + 1))
  fi
}

# 5. Sign-in (signin.sh, signin.js): the JS client signs in against
# cmd/srplocal over loopback HTTP, and the Go client then signs in with a
# device the JS client registered.
fold sign-in signin
# 6. Staying signed in (stay.sh, stay.js).
fold "staying signed in" stay
# 7. Every challenge (challenges.sh, challenges.js).
fold challenges challenges

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
