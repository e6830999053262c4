#!/usr/bin/env bash
# Interop test: the Go library against the official AWS JavaScript client
# (amazon-cognito-identity-js, pinned in package-lock.json).
#
# 1. `srpvec gen` with a fresh random seed (printed; replay a failure with
#    SRPVEC_SEED=<seed> bash interop/run.sh) writes COUNT cases (default 300:
#    the whole edge catalogue plus random cases) with the outputs of the Go
#    library;
# 2. compute.js computes the same inputs with the real CognitoUser flows;
# 3. merge.js checks the JS side computed every case from identical inputs;
# 4. `srpvec check` recomputes every case with the Go library and requires
#    every output field the JS client reports to be byte-identical.
# The published vectors/cognito-srp-vectors.json goes through steps 2-4 too.
# Exit status 1 on any mismatch.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

SEED=${SRPVEC_SEED:-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')}
COUNT=${SRPVEC_COUNT:-300}
SHARDS=${INTEROP_SHARDS:-2}
echo "interop: seed $SEED, count $COUNT (replay: SRPVEC_SEED=$SEED SRPVEC_COUNT=$COUNT bash interop/run.sh)"

(cd interop && npm ci --no-audit --no-fund --loglevel=error)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/srpvec" ./cmd/srpvec
"$tmp/srpvec" gen -seed "$SEED" -count "$COUNT" > "$tmp/fresh.json"

passed=0
failed=0
# interop_file NAME FILE KEY: the JS client computes FILE's inputs, srpvec checks.
interop_file() {
  local name=$1 file=$2 key=$3 pids=() shard_files=() i
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
  if ! node interop/merge.js "$file" "${shard_files[@]}" > "$tmp/$key.js.json"; then
    echo "interop: $name: the JS output does not cover the generated cases"
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
interop_file "published" "$root/vectors/cognito-srp-vectors.json" published

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
