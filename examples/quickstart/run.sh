#!/usr/bin/env bash
# The quickstart, offline: start the bundled emulator with a seed, then plan, apply and plan
# again with usersync against it. Run from the repository root: bash examples/quickstart/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
here=examples/quickstart

echo "building usersync and usersync-emulator (the first time takes a few minutes)..." >&2
cargo build --quiet --workspace --bins     # usersync and usersync-emulator (crates/usersync-emulator)
bin=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/debug

# The emulator accepts the example credentials from its seed; usersync reads them from the
# variables every Tencent Cloud and Alibaba Cloud tool reads.
export TENCENTCLOUD_SECRET_ID=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE
export TENCENTCLOUD_SECRET_KEY=Gu5t9xGARNpq86cd98joQYCN3EXAMPLE
export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI5tUsersyncEXAMPLE01
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=UsersyncSecretEXAMPLE0123456789abc

# The manifest's endpoints name 127.0.0.1:18600.
out=$(mktemp)
"$bin/usersync-emulator" --seed "$here/emulator-seed.yaml" --listen 127.0.0.1:18600 > "$out" 2>&1 &
emulator=$!
trap 'kill $emulator 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 50); do
  grep -q '^listening on' "$out" 2>/dev/null && break
  sleep 0.1
done
grep -q '^listening on' "$out" || {
  cat "$out" >&2
  echo "hint: is something (an emulator started earlier?) already listening on 127.0.0.1:18600? stop it and run this again" >&2
  exit 1
}

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step usersync plan -f "$here/users.yaml"
"$bin/usersync" plan -f "$here/users.yaml" || [ $? -eq 2 ]      # 2 = there are changes

# The quickstart changes 10 of its 12 managed accounts; the default safety limit (30% of the
# managed accounts) would refuse that, so the limit is raised explicitly.
step usersync apply -f "$here/users.yaml" --auto-approve --max-changes 10
"$bin/usersync" apply -f "$here/users.yaml" --auto-approve --max-changes 10

step usersync plan -f "$here/users.yaml"
"$bin/usersync" plan -f "$here/users.yaml"                       # 0 = nothing left to change
