#!/usr/bin/env bash
# Our side of the fetch benchmark, in the contract side_by_side.py expects of an --ours command:
# fetch every feed in $BENCH_URLS with the real `roundup fetch` (fetch, parse, normalize, store in SQLite),
# then print one RESULT line. A second `roundup fetch --all` over the unchanged feeds (all 304s) prints a
# RESULT line with mode "revalidate", which the harness skips and run.sh reports.
#
# Needs ROUNDUP_BIN (default: the published CLI in bench/out/roundup) and the generated data folder
# beside $BENCH_URLS (its feeds.opml lists the same URLs).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
BIN="${ROUNDUP_BIN:-$HERE/../out/roundup/roundup}"
DATA_DIR="$(dirname "${BENCH_URLS:?BENCH_URLS is not set}")"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cat > "$WORK/roundup.json" <<JSON
{
  "Sources": [],
  "Fetch": { "AllowPrivateAddresses": true, "Concurrency": ${BENCH_CONCURRENCY:-16}, "Timeout": "00:01:00", "MaxBytes": 52428800 }
}
JSON
export ROUNDUP_DATA="$WORK/data"
"$BIN" --config "$WORK/roundup.json" sources import "$DATA_DIR/feeds.opml" >/dev/null

measure() {  # measure MODE ARGS... : run roundup under /usr/bin/time, print a RESULT line
  local mode="$1"; shift
  /usr/bin/time -f '%M %e' -o "$WORK/time" "$BIN" --config "$WORK/roundup.json" fetch --json "$@" > "$WORK/report.json" 2>"$WORK/progress.log"
  python3 - "$mode" "$WORK/report.json" "$WORK/time" <<'PY'
import json, sys
mode, report, timing = sys.argv[1], json.load(open(sys.argv[2])), open(sys.argv[3]).read().split()
print("RESULT " + json.dumps({
    "tool": "roundupbot", "mode": mode, "feeds": report["sources"], "ok": report["sources"] - report["failed"],
    "errors": report["failed"], "items": report["entries"], "inserted": report["inserted"],
    "not_modified": report["notModified"], "seconds": report["seconds"],
    "wall_s": float(timing[1]), "peak_rss_mb": round(int(timing[0]) / 1024, 1)}))
PY
}
measure "fetch+parse"
measure "revalidate" --all
