#!/usr/bin/env bash
# The LLM engine benchmark: calls and prompt tokens for 500 items in 6 sections against the tests' fake
# OpenAI-compatible server (loopback), for a first run and a second run over the same items.
#
#   bench/llm/run.sh [ITEMS=500]
#
# Publishes bench/llm/LlmBench in Release (not in RoundupBot.sln, so CI never builds it) and runs it once: four RESULT
# lines (pipeline first/second, stress first/second). Tokens are counted by the fake server with o200k, as it received
# them. No network beyond 127.0.0.1. Copy the numbers into bench/README.md.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$ROOT/bench/out/llm"
dotnet publish "$HERE/LlmBench/LlmBench.csproj" -c Release -o "$OUT" --nologo -v quiet
echo "cores: $(nproc); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$OUT/LlmBench.dll" "${1:-500}"
