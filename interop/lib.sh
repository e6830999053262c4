# lib.sh: what run.sh, signin.sh, stay.sh and challenges.sh share. Each
# sources it from the repository root (after `cd "$(dirname "$0")/.."`);
# the scripts that use interop_aws, interop_tmp or interop_node set `name`
# (signin, stay, challenges) first, for their messages.
#
#   interop_npm_ci         npm ci of the pinned clients (package-lock.json)
#   interop_aws            AWS=the path of an AWS CLI v2; Debian's awscli is
#                          installed with apt-get (as root, or with sudo)
#                          when none is found
#   interop_tmp            tmp=a scratch directory, removed on exit, when any
#                          srplocal still running (TMP/srplocal.*.pid) is
#                          killed, whatever happened
#   interop_build PKG...   go build ./PKG into $tmp, named as its directory
#   interop_node LIMIT JS ARGS...
#                          runs node JS ARGS under a time limit of LIMIT s
#                          and exits with its status (see there)

interop_npm_ci() {
  (cd interop && npm ci --no-audit --no-fund --loglevel=error)
}

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

interop_aws() {
  local sudo=
  if AWS=$(aws_v2); then return 0; fi
  echo "$name: no AWS CLI v2 found: installing Debian's awscli"
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
  $sudo apt-get install -y -qq --no-install-recommends awscli >/dev/null ||
    { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends awscli >/dev/null; }
  AWS=$(aws_v2) || { echo "$name: the AWS CLI v2 could not be installed"; echo "0 passed, 1 failed"; exit 1; }
}

interop_tmp() {
  tmp=$(mktemp -d)
  node_pid=
  tail_pid=
  trap interop_cleanup EXIT
  trap 'exit 1' INT TERM HUP
}

interop_cleanup() {
  local f pid
  if [ -n "$tail_pid" ]; then kill "$tail_pid" 2>/dev/null || true; fi
  # The JS scripts stop their servers on SIGTERM; whatever is left is killed
  # below.
  if [ -n "$node_pid" ]; then kill -TERM "$node_pid" 2>/dev/null || true; fi
  for f in "$tmp"/srplocal.*.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    # Only a process that is still our srplocal (the pid may have been reused).
    if [ -n "$pid" ] && [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = srplocal ]; then
      echo "$name: killing srplocal $pid left running"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$tmp"
}

interop_build() {
  local pkg
  for pkg in "$@"; do
    go build -o "$tmp/$(basename "$pkg")" "./$pkg"
  done
}

# interop_node LIMIT JS ARGS... runs node JS ARGS (which prints one line per
# check, then "N passed, M failed") with its output shown as it comes, under
# a time limit of LIMIT seconds, and exits with its status. When it ended
# without its summary line (the time limit, a crash), it prints one: the
# checks passed so far, and those failed plus one.
interop_node() {
  local limit=$1 js=$2 rc=0
  shift 2
  # In the background so that a signal to the script is handled at once. The
  # output file exists before tail opens it (the background shell may not have
  # created it yet).
  : > "$tmp/out"
  timeout -k 10 "$limit" node "$js" "$@" > "$tmp/out" 2>&1 &
  node_pid=$!
  tail -n +1 -f --pid="$node_pid" "$tmp/out" &
  tail_pid=$!
  wait "$node_pid" || rc=$?
  node_pid=
  wait "$tail_pid" || true
  tail_pid=
  if [ "$rc" -ne 0 ] && ! tail -n 1 "$tmp/out" | grep -Eq '^[0-9]+ passed, [0-9]+ failed$'; then
    case $rc in
      124) echo "$name: $(basename "$js") did not finish within $limit s" ;;
      *) echo "$name: $(basename "$js") ended with status $rc before its summary" ;;
    esac
    echo "$(grep -c '^ok ' "$tmp/out" || true) passed, $(($(grep -c '^FAIL' "$tmp/out" || true) + 1)) failed"
  fi
  exit "$rc"
}
