#!/usr/bin/env bash
# The Discord benchmark: one 7-section issue to 100 webhooks of a fake Discord on loopback that allows 5 requests per
# 2 seconds per webhook and 50 per second overall.
#
#   bench/discord/run.sh [ROUNDS=3] [WEBHOOKS=100]
#
# Publishes bench/discord/DiscordBench in Release (not in RoundupBot.sln, so CI never builds it) and runs it ROUNDS
# times. The fake is the tests' FakeDiscord (Kestrel, schema-validated bodies) in the same process as the client, on
# the same two cores. Each round prints a RESULT line: wall seconds from the first request to the last answer, the
# bound the limits set, their ratio, and the 429s. Copy the numbers into bench/README.md.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
ROUNDS="${1:-3}"
WEBHOOKS="${2:-100}"
OUT="$ROOT/bench/out/discord"
dotnet publish "$HERE/DiscordBench/DiscordBench.csproj" -c Release -o "$OUT" --nologo -v quiet
echo "cores: $(nproc); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round"
  dotnet "$OUT/DiscordBench.dll" "$WEBHOOKS" 5 2 50 || status=1
done
exit $status
