#!/usr/bin/env bash
# The email benchmark: one issue to 10,000 subscribers through Postfix's smtp-sink on loopback, throttle off.
#
#   bench/email/run.sh [SUBSCRIBERS]
#
# Pass 1 sends the whole issue: messages per second and peak memory (goal: at least 300 messages per second).
# Pass 2 kills the sender (SIGKILL) once 5,000 deliveries are recorded as sent, starts it again, and checks that the
# server received every subscriber's issue exactly once. Every message smtp-sink accepts is dumped to a file in
# /dev/shm and counted per recipient, so "exactly once" is checked on what the server got, not on what we recorded.
# Publishes bench/email/EmailBench in Release (not in RoundupBot.sln, so CI never builds it).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$ROOT/bench/out/email"
N="${1:-10000}"
HALF=$((N / 2))

if ! command -v smtp-sink >/dev/null; then
  # Debian's postfix with "No configuration": the smtp-sink tool, and no mail system started.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postfix >/dev/null
fi

dotnet publish "$HERE/EmailBench/EmailBench.csproj" -c Release -o "$OUT/bin" --nologo -v quiet
WORK="$(mktemp -d /tmp/roundup-email-bench-XXXX)"
DUMP="/dev/shm/roundup-email-bench-$$"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
SINK_PID=""
cleanup() {
  [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null || true
  rm -rf "$WORK" "$DUMP"
}
trap cleanup EXIT

start_sink() {
  if [ -n "$SINK_PID" ]; then kill "$SINK_PID"; wait "$SINK_PID" 2>/dev/null || true; fi
  rm -rf "$DUMP"; mkdir -p "$DUMP"; chmod 777 "$DUMP"
  # -u nobody: smtp-sink drops root; 1000: the listen backlog.
  smtp-sink -u nobody -d "$DUMP/%H%M%S." "127.0.0.1:$PORT" 1000 &
  SINK_PID=$!
  sleep 0.5
}

# Messages the server got, and how many recipients got more than one.
received() {
  python3 - "$DUMP" <<'PY'
import os, re, sys, collections
counts = collections.Counter()
for name in os.listdir(sys.argv[1]):
    with open(os.path.join(sys.argv[1], name), 'rb') as f:
        head = f.read(4096).decode('utf-8', 'replace')
    match = re.search(r'^X-Rcpt-Args: <([^>]+)>', head, re.M) or re.search(r'^To: (\S+)', head, re.M)
    counts[match.group(1)] += 1
print(sum(counts.values()), len(counts), sum(1 for c in counts.values() if c > 1))
PY
}

sent_rows() {
  python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT COUNT(*) FROM deliveries WHERE status='sent'\").fetchone()[0])" "$1/roundup.db"
}

echo "cores: $(nproc); load before: $(cut -d' ' -f1-3 /proc/loadavg); subscribers: $N"
echo "== pass 1: the whole issue"
dotnet "$OUT/bin/EmailBench.dll" prepare "$WORK/one" "$N"
start_sink
dotnet "$OUT/bin/EmailBench.dll" send "$WORK/one" "$PORT"
read -r total unique repeated < <(received)
echo "server received $total messages for $unique recipients; $repeated recipients more than once"

echo "== pass 2: killed at $HALF sent, then resumed"
dotnet "$OUT/bin/EmailBench.dll" prepare "$WORK/two" "$N"
start_sink
dotnet "$OUT/bin/EmailBench.dll" send "$WORK/two" "$PORT" > "$WORK/first.txt" &
SENDER=$!
until [ "$(sent_rows "$WORK/two")" -ge "$HALF" ]; do sleep 0.02; done
kill -9 "$SENDER"; wait "$SENDER" 2>/dev/null || true
echo "killed with $(sent_rows "$WORK/two") deliveries recorded as sent"
dotnet "$OUT/bin/EmailBench.dll" send "$WORK/two" "$PORT"
read -r total unique repeated < <(received)
interrupted="$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT COUNT(*) FROM deliveries WHERE status='interrupted'\").fetchone()[0])" "$WORK/two/roundup.db")"
echo "server received $total messages for $unique recipients; $repeated recipients more than once; $interrupted delivery interrupted (not resent)"
