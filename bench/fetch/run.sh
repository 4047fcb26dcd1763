#!/usr/bin/env bash
# The fetch benchmark: 200 generated feeds on a loopback nginx, `roundup fetch` beside Python feedparser.
#
#   bench/fetch/run.sh [ROUNDS=3]
#     BENCH_PORT=18081   the loopback port of a newly generated corpus, when 18080 is taken (an existing corpus keeps
#                        the port in its urls.txt; delete bench/fetch/data to change it)
#
# Installs its Debian packages if missing (nginx, python3-feedparser), generates the corpus once
# (deterministic: seed 42), publishes the CLI in Release, then runs side_by_side.py with our command.
# Results: bench/fetch/results/latest.json and the printed table; copy the numbers into bench/README.md.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
ROUNDS="${1:-3}"

need=()
command -v nginx >/dev/null || need+=(nginx)
/usr/bin/python3 -c 'import feedparser' 2>/dev/null || need+=(python3-feedparser)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

[ -f "$HERE/data/manifest.json" ] || /usr/bin/python3 "$HERE/gen_feeds.py" --n 200 --seed 42 --out "$HERE/data" \
  --base-url "http://127.0.0.1:${BENCH_PORT:-18080}"
# The server listens where the corpus' URLs point.
PORT="$(head -n 1 "$HERE/data/urls.txt" | sed -E 's#^http://127\.0\.0\.1:([0-9]+)/.*#\1#')"
# The shipped build (RoundupBot.Cli.csproj: self-contained, composite ReadyToRun), the one a user deploys: a fresh folder,
# so no file of an earlier, framework-dependent build is left beside it.
rm -rf "$ROOT/bench/out/roundup"
dotnet publish "$ROOT/src/RoundupBot.Cli" -c Release -r linux-x64 -o "$ROOT/bench/out/roundup" --nologo -v quiet

mkdir -p "$HERE/results"
/usr/bin/python3 "$HERE/side_by_side.py" --data "$HERE/data" --rounds "$ROUNDS" --peers fp1,fp2 \
  --ours "ROUNDUP_BIN='$ROOT/bench/out/roundup/roundup' '$HERE/ours.sh'" --out "$HERE/results/latest.json"

# The revalidation pass and peak memory are ours alone: show them from the last rounds.
echo
echo "revalidation (200 unchanged feeds) and peak memory, per round:"
for i in $(seq 1 "$ROUNDS"); do
  "$HERE/serve.sh" start "$HERE/data" "$PORT" nginx >/dev/null 2>&1 || true
  BENCH_URLS="$HERE/data/urls.txt" BENCH_CONCURRENCY=16 ROUNDUP_BIN="$ROOT/bench/out/roundup/roundup" "$HERE/ours.sh" | sed 's/^RESULT /  /'
  "$HERE/serve.sh" stop >/dev/null 2>&1 || true
done
