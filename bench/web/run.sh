#!/usr/bin/env bash
# The web benchmark: /digests/1, the archive /digests and /feed.atom of a running `roundup serve` under load from wrk (a second process)
# on loopback.
#
#   bench/web/run.sh [SECONDS=10] [CONNECTIONS=32]
#
# Installs wrk if missing, publishes the CLI as it ships (Release, self-contained, composite ReadyToRun), builds
# issue #1 from a feed of the labelled evaluation set served by python's http.server, starts `roundup serve` on
# 127.0.0.1:18090, warms the page, and runs wrk with two threads against each route. Stops everything it started.
# Copy the numbers into bench/README.md.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SECONDS_PER_RUN="${1:-10}"
CONNECTIONS="${2:-32}"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk; }
dotnet publish "$ROOT/src/RoundupBot.Cli" -c Release -r linux-x64 -o "$ROOT/bench/out/roundup" --nologo -v quiet
BIN="$ROOT/bench/out/roundup/roundup"

WORK="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

mkdir -p "$WORK/feeds"
/usr/bin/python3 "$HERE/make_feed.py" "$ROOT/tests/RoundupBot.Tests/TestData/Evaluation/labelled-items.json" "$WORK/feeds/research.rss"
/usr/bin/python3 -m http.server 18091 --bind 127.0.0.1 --directory "$WORK/feeds" >/dev/null 2>&1 &
pids+=($!)
cat > "$WORK/roundup.json" <<JSON
{
  "Sources": [ { "Name": "Research", "Url": "http://127.0.0.1:18091/research.rss" } ],
  "Fetch": { "AllowPrivateAddresses": true }
}
JSON
export ROUNDUP_DATA="$WORK/data"
sleep 1
"$BIN" --config "$WORK/roundup.json" run >/dev/null
"$BIN" --config "$WORK/roundup.json" serve --urls http://127.0.0.1:18090 >"$WORK/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:18090/healthz >/dev/null && break; sleep 0.2; done
for route in /digests/1 /digests /feed.atom; do
  curl -sf "http://127.0.0.1:18090$route" >/dev/null
  echo "== $route ($CONNECTIONS connections, 2 threads, ${SECONDS_PER_RUN}s)"
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "http://127.0.0.1:18090$route" | grep -E "Requests/sec|Latency|99%|Non-2xx|Socket errors"
done
