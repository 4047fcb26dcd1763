#!/usr/bin/env bash
# The embedding benchmark: MiniLM vectors for 1,000 and 5,000 generated arXiv-like items (seed 42).
#
#   bench/embed/run.sh [ROUNDS=2]
#
# Publishes bench/embed/EmbedBench in Release (it is not in RoundupBot.sln, so CI never builds it), then runs one
# process per measurement so that each peak resident set is its own:
#   - the production setting (batches of 8, one per core, one ONNX thread each) and the alternatives it was chosen
#     over, on 1,000 items;
#   - the production setting on 5,000 items, through MiniLmEmbedder alone and through EmbeddingService with SQLite
#     (cold, then everything cached).
# The machine may be shared: each RESULT line carries the 1-minute load average and the CPU seconds used, and
# items_per_cpu_s is the figure that another process's load disturbs least. Copy the numbers into bench/embed/README.md.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
ROUNDS="${1:-2}"
OUT="$ROOT/bench/out/embed"

dotnet publish "$HERE/EmbedBench/EmbedBench.csproj" -c Release -o "$OUT" --nologo -v quiet
BENCH=(dotnet "$OUT/EmbedBench.dll")

echo "cores: $(nproc); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round"
  # BATCH PARALLEL THREADS: production, one batch at a time on two ONNX threads, smaller and bigger batches.
  for config in "8 2 1" "8 1 2" "16 2 1" "32 2 1" "32 1 2" "64 2 1"; do
    "${BENCH[@]}" 1000 embedder $config
  done
  "${BENCH[@]}" 5000 embedder
  "${BENCH[@]}" 1000 service
  "${BENCH[@]}" 5000 service
done
