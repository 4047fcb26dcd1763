#!/usr/bin/env bash
# The digest benchmark: build the issue over 1,000, 5,000 and 20,000 items of one week.
#
#   bench/digest/run.sh
#
#   bench/digest/run.sh focus     # only the 5,000-item window with the shipped Roundup:Focus (issue 15)
#
# Publishes bench/digest/DigestBench in Release (not in RoundupBot.sln, so CI never builds it) and runs one process
# per size, so each peak resident set is its own. Each prints two RESULT lines: the first build (the pool's vectors
# computed) and a second one (every vector already stored). Copy the numbers into bench/README.md.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$ROOT/bench/out/digest"
dotnet publish "$HERE/DigestBench/DigestBench.csproj" -c Release -o "$OUT" --nologo -v quiet
echo "cores: $(nproc); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "${1:-}" == focus ]]; then
  dotnet "$OUT/DigestBench.dll" 5000 focus
  exit 0
fi
for n in 1000 5000 20000; do
  dotnet "$OUT/DigestBench.dll" "$n"
done
# With a focus every window item is embedded (relevance), not only the pool: the cold build's cost grows with the window.
dotnet "$OUT/DigestBench.dll" 5000 focus
