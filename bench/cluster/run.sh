#!/usr/bin/env bash
# The cluster benchmark: 1 and then 2 `roundup serve` instances sharing one PostgreSQL database.
#
#   bench/cluster/run.sh [ROUNDS=1] [FEEDS=1000] [SUBSCRIBERS=10000]
#     PHASES=fetch          the fetch only (no issue)
#     NPGSQL_OPTIONS='...'  appended to the connection string, e.g. 'Max Auto Prepare=64'
#     PG_OPTIONS='...'      more PostgreSQL server settings, e.g. '-c log_lock_waits=on'
#
# For each round and each N in (1, 2) (the order alternates between rounds), on a fresh database:
#   1. start N instances of `roundup serve` (Storage:Provider postgres, a check-in every 2 s), wait for "Serving on";
#   2. fetch: `roundup sources import` FEEDS generated feeds served by nginx on loopback (bench/fetch/gen_feeds.py,
#      seed 42), `roundup schedule run fetch`, and wait until every source has a last fetch time; each instance's debug
#      log says which sources it fetched ("Fetched NAME: ...");
#   3. publish: `roundup sources add` one feed of this week's items (the labelled evaluation set, 300 items: the
#      generated feeds are dated 2025, older than any issue's window), insert SUBSCRIBERS confirmed email subscribers
#      with SQL, `roundup schedule run roundup`, and wait until every delivery is sent. Postfix's smtp-sink dumps each
#      message it accepts, and the script counts them per recipient, so "exactly once" is checked on what the server got;
#      each instance's log says how many it sent ("Email batch done: N sent");
#   4. stop the instances (SIGTERM).
# Times come from the database (sources.last_fetched_at, digests.published_at, deliveries.sent_at), measured from the
# moment `roundup schedule run` returned (the firing is stored then; an instance picks it up at its next look, at most
# Quartz's idle wait of 2 s later). The script polls every 0.2 s, through one long-lived psql, only to know when to
# stop waiting. CPU use per process group (the instances, PostgreSQL with its backends, nginx, smtp-sink; "other" is
# everything else on the machine) comes from /proc (cpu.py); what PostgreSQL's sessions wait for, from pg_locks and
# pg_stat_activity, sampled during the fetch.
#
# Everything runs on this machine: a throwaway PostgreSQL 15 (Debian's, started as the tests start it: trust
# authentication, fsync and synchronous_commit off), nginx and smtp-sink on loopback. Stops everything it started on
# exit; the instances' and PostgreSQL's logs are kept in bench/out/cluster/logs. Installs nginx, postfix (for
# smtp-sink) and postgresql from Debian if missing. Publishes the CLI in Release (ReadyToRun). About 5 minutes a round.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
ROUNDS="${1:-1}"
FEEDS="${2:-1000}"
SUBSCRIBERS="${3:-10000}"
PHASES="${PHASES:-fetch publish}"  # PHASES=fetch skips the issue
PG_BIN=/usr/lib/postgresql/15/bin
OUT="$ROOT/bench/out/cluster"
BIN="$ROOT/bench/out/roundup/roundup"

need=()
command -v nginx >/dev/null || need+=(nginx)
[ -x "$PG_BIN/postgres" ] || need+=(postgresql)
[ -x "$PG_BIN/psql" ] || need+=(postgresql-client-15)
if ! command -v smtp-sink >/dev/null; then
  # Debian's postfix with "No configuration": the smtp-sink tool, and no mail system started.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  need+=(postfix)
fi
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# The corpus: feed i is the same whatever FEEDS is, so these include the fetch benchmark's 200.
if [ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["n"])' "$HERE/data/manifest.json" 2>/dev/null)" != "$FEEDS" ]; then
  rm -rf "$HERE/data"
  /usr/bin/python3 "$ROOT/bench/fetch/gen_feeds.py" --n "$FEEDS" --seed 42 --out "$HERE/data" >/dev/null
fi
# The shipped build (self-contained, composite ReadyToRun), as the other benchmarks and the deploy folder build it.
dotnet publish "$ROOT/src/RoundupBot.Cli" -c Release -r linux-x64 -o "$ROOT/bench/out/roundup" --nologo -v quiet

rm -rf "$OUT/logs"; mkdir -p "$OUT"
WORK="$(mktemp -d /tmp/roundup-cluster-bench-XXXX)"
chmod 755 "$WORK"  # PostgreSQL runs as the postgres user, under this folder
DUMP="/dev/shm/roundup-cluster-bench-$$"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PG_PORT="$(free_port)"; WEB_PORT="$(free_port)"; SINK_PORT="$(free_port)"
PG_PID=""; NGINX_PID=""; SINK_PID=""; INSTANCES=()
cleanup() {
  for pid in "${INSTANCES[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${INSTANCES[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null || true
  [ -n "$NGINX_PID" ] && kill -TERM "$NGINX_PID" 2>/dev/null || true
  # SIGINT is PostgreSQL's fast shutdown.
  if [ -n "$PG_PID" ]; then kill -INT "$PG_PID" 2>/dev/null || true; wait "$PG_PID" 2>/dev/null || true; fi
  [ -f "$WORK/pg/log" ] && mkdir -p "$OUT/logs" && cp "$WORK/pg/log" "$OUT/logs/postgres.log"
  rm -rf "$WORK" "$DUMP"
}
trap cleanup EXIT

# PostgreSQL: its own data directory, owned by the postgres user (it refuses to run as root).
mkdir -p "$WORK/pg"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$WORK/pg"; AS_PG=(setpriv --reuid=postgres --regid=postgres --init-groups); else AS_PG=(); fi
"${AS_PG[@]}" "$PG_BIN/initdb" -D "$WORK/pg/data" -U roundup --auth=trust -E UTF8 --no-sync --locale=C.UTF-8 >/dev/null
"${AS_PG[@]}" "$PG_BIN/postgres" -D "$WORK/pg/data" -p "$PG_PORT" -k "$WORK/pg" -c listen_addresses=127.0.0.1 \
  -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 ${PG_OPTIONS:-} >"$WORK/pg/log" 2>&1 &
PG_PID=$!
for _ in $(seq 100); do "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 0.1; done
psql_admin() { "$PG_BIN/psql" -q -X -h 127.0.0.1 -p "$PG_PORT" -U roundup -d postgres -v ON_ERROR_STOP=1 "$@"; }

# nginx: the generated feeds and the feed of this week's items, from one folder on loopback.
mkdir -p "$WORK/www" "$WORK/nginx/tmp"
ln -s "$HERE/data/feeds" "$WORK/www/feeds"
/usr/bin/python3 "$ROOT/bench/web/make_feed.py" "$ROOT/tests/RoundupBot.Tests/TestData/Evaluation/labelled-items.json" "$WORK/www/research.rss"
sed -E "s#http://127\.0\.0\.1:[0-9]+/#http://127.0.0.1:$WEB_PORT/#" "$HERE/data/feeds.opml" > "$WORK/www/feeds.opml"
cat > "$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
  types { application/atom+xml atom; application/rss+xml rss; text/x-opml opml; }
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 30s;
  keepalive_requests 100000;
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  server { listen 127.0.0.1:$WEB_PORT; root $WORK/www; location / { } }
}
EOF
nginx -e "$WORK/nginx/error.log" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
for _ in $(seq 50); do [ -s "$WORK/nginx/nginx.pid" ] && break; sleep 0.1; done
NGINX_PID="$(cat "$WORK/nginx/nginx.pid")"
curl -sf -o /dev/null "http://127.0.0.1:$WEB_PORT/research.rss"

cat > "$WORK/roundup.json" <<JSON
{
  "Sources": [],
  "Roundup": { "BaseUrl": "https://roundup.example.org" },
  "Fetch": { "AllowPrivateAddresses": true, "PerHostConcurrency": 8, "Timeout": "00:01:00" },
  "Email": {
    "Smtp": { "Host": "127.0.0.1", "Port": $SINK_PORT, "Security": "None" },
    "From": "Research Roundup <roundup@example.org>", "ListId": "roundup.example.org", "MessagesPerSecond": 0
  },
  "Security": { "SigningKey": "cluster-bench-signing-key-0123456789abcdef" },
  "Storage": { "Provider": "postgres", "CheckinInterval": "00:00:02" }
}
JSON

now() { date +%s.%N; }
seconds_since() { python3 -c 'import sys; print(f"{float(sys.argv[1]) - float(sys.argv[2]):.2f}")' "$1" "$2"; }
# Debian's /usr/bin/psql is a Perl wrapper (≈ 75 ms of CPU a call on a busy machine): call the binary itself.
PSQL=("$PG_BIN/psql" -X -h 127.0.0.1 -p "$PG_PORT" -U roundup -Atq -v ON_ERROR_STOP=1)
q() { "${PSQL[@]}" -d "$DB" -c "$1"; }
# Polling goes through one long-lived psql (a coprocess), so waiting costs next to no CPU. Bash does not pass a
# coprocess to subshells, so poll sets $POLLED instead of printing.
open_poll() { coproc POLL { exec "${PSQL[@]}" -d "$DB" 2>&1; }; }
close_poll() { local pid="$POLL_PID"; eval "exec ${POLL[1]}>&-"; wait "$pid" 2>/dev/null || true; }
poll() {
  printf '%s;\n\\echo __end__\n' "$1" >&"${POLL[1]}"
  local line; POLLED=""
  while IFS= read -r line <&"${POLL[0]}"; do [ "$line" = __end__ ] && break; POLLED="$line"; done
}
roundup() { "$BIN" --config "$WORK/roundup.json" --data "$WORK/cli" "$@"; }
cpu_snap() {
  local groups=() i=1
  for pid in "${INSTANCES[@]}"; do groups+=("instance$i=$pid"); i=$((i + 1)); done
  python3 "$HERE/cpu.py" snap "$1" "${groups[@]}" "postgres=$PG_PID" "nginx=$NGINX_PID" "smtp-sink=${SINK_PID:-}"
}
# Waits until the query returns "done" (asked every 0.2 s), at most $2 seconds.
wait_for() {
  local deadline=$(( $(date +%s) + $2 ))
  while poll "$1"; [ "$POLLED" != done ]; do
    if [ "$(date +%s)" -ge "$deadline" ]; then echo "gave up after $2 s waiting for: $1" >&2; tail -n 20 "$WORK"/n*-i*.log >&2; exit 1; fi
    sleep 0.2
  done
}

start_sink() {
  if [ -n "$SINK_PID" ]; then kill "$SINK_PID"; wait "$SINK_PID" 2>/dev/null || true; fi
  rm -rf "$DUMP"; mkdir -p "$DUMP"; chmod 777 "$DUMP"
  # -u nobody: smtp-sink drops root; 1000: the listen backlog.
  smtp-sink -u nobody -d "$DUMP/%H%M%S." "127.0.0.1:$SINK_PORT" 1000 &
  SINK_PID=$!
  sleep 0.3
}

# Messages the server got, recipients, and recipients who got more than one.
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

# Sum of the numbers after PATTERN in a log ("Email batch done: 123 sent" -> 123).
sum_after() { { grep -oE "$1 [0-9]+" "$2" || true; } | awk '{ s += $NF } END { print s + 0 }'; }

start_instances() {  # start_instances N: a fresh database, then N instances of `roundup serve`
  local n="$1" i
  psql_admin -c "CREATE DATABASE $DB"
  export ROUNDUP__Storage__ConnectionString="Host=127.0.0.1;Port=$PG_PORT;Username=roundup;Database=$DB${NPGSQL_OPTIONS:+;$NPGSQL_OPTIONS}"
  roundup schema apply >/dev/null
  open_poll
  start_sink
  INSTANCES=()
  for i in $(seq 1 "$n"); do
    env 'ROUNDUP__Logging__LogLevel__RoundupBot.Pipeline=Debug' \
      "$BIN" --config "$WORK/roundup.json" --data "$WORK/n$n-i$i" serve --urls http://127.0.0.1:0 >"$WORK/n$n-i$i.log" 2>&1 &
    INSTANCES+=($!)
  done
  for i in $(seq 1 "$n"); do
    for _ in $(seq 300); do grep -q "Serving on" "$WORK/n$n-i$i.log" && break; sleep 0.2; done
    grep -q "Serving on" "$WORK/n$n-i$i.log" || { echo "instance $i did not start:" >&2; cat "$WORK/n$n-i$i.log" >&2; exit 1; }
  done
}

stop_instances() {  # stop_instances N: SIGTERM (a graceful stop), keep the logs, drop the database
  local n="$1" pid
  for pid in "${INSTANCES[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${INSTANCES[@]}"; do wait "$pid" 2>/dev/null || true; done
  INSTANCES=()
  mkdir -p "$OUT/logs"; cp "$WORK"/n"$n"-i*.log "$OUT/logs/" 2>/dev/null || true
  rm -rf "$WORK"/n"$n"-i*
  close_poll
  psql_admin -c "DROP DATABASE $DB"
}

fetch_phase() {  # fetch_phase N: sets FETCH_S and FETCHED_BY
  local n="$1" i
  roundup sources import "$WORK/www/feeds.opml" >/dev/null
  roundup schedule run fetch >/dev/null
  local t0; t0="$(now)"
  cpu_snap "$WORK/cpu-a"
  # While waiting, sample what the database's sessions are doing: running a statement (on the CPU or reading), waiting
  # for another writer's title lock (two feeds carrying the same title store it one after the other), for the lock on
  # all item writing (which only a batch of more than 128 titles takes alone), or for a row lock (Quartz's lock rows,
  # which every acquisition and completion of a firing takes, or an item another writer holds).
  local samples=0 running=0 title=0 all=0 rows=0 a b c d deadline=$(( $(date +%s) + 600 ))
  while poll "SELECT CASE WHEN count(*) FILTER (WHERE last_fetched_at IS NULL) = 0 THEN 'done' END FROM sources"; [ "$POLLED" != done ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "the fetch did not finish in 600 s" >&2; tail -n 20 "$WORK"/n*-i*.log >&2; exit 1; }
    # Advisory lock keys: a title's is two ints (objsubid 2), the lock on all item writing one bigint (objsubid 1).
    poll "SELECT (SELECT count(*) FILTER (WHERE wait_event IS NULL) || ' ' || count(*) FILTER (WHERE wait_event IN ('transactionid', 'tuple'))
                  FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid())
          || ' ' || (SELECT count(*) FILTER (WHERE objsubid = 2) || ' ' || count(*) FILTER (WHERE objsubid = 1) FROM pg_locks
                     WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))"
    read -r a b c d <<<"$POLLED"
    samples=$((samples + 1)); running=$((running + a)); rows=$((rows + b)); title=$((title + c)); all=$((all + d))
    sleep 0.2
  done
  cpu_snap "$WORK/cpu-b"
  local first last failed items fetched_by=()
  read -r first last < <(q "SELECT extract(epoch FROM min(last_fetched_at)), extract(epoch FROM max(last_fetched_at)) FROM sources" | tr '|' ' ')
  FETCH_S="$(seconds_since "$last" "$t0")"
  failed="$(q "SELECT count(*) FROM sources WHERE last_error IS NOT NULL")"
  items="$(q "SELECT count(*) FROM items")"
  for i in $(seq 1 "$n"); do fetched_by+=("$(grep -c "Fetched f[0-9]" "$WORK/n$n-i$i.log" || true)"); done
  FETCHED_BY="$(IFS=+; echo "${fetched_by[*]}")"
  echo "N=$n fetch: $FEEDS sources in $FETCH_S s (the first done after $(seconds_since "$first" "$t0") s), $failed failed, $items items; fetched per instance: ${fetched_by[*]}"
  echo "    $(python3 "$HERE/cpu.py" diff "$WORK/cpu-a" "$WORK/cpu-b")"
  echo "    database sessions, mean of $samples samples: $(python3 -c 'import sys; s, r, t, a, w = map(int, sys.argv[1:]); s = max(s, 1); print(f"{r / s:.1f} running a statement; waiting for a title lock {t / s:.1f}, for the lock on all item writing {a / s:.1f}, for a row lock {w / s:.1f}")' "$samples" "$running" "$title" "$all" "$rows")"
}

publish_phase() {  # publish_phase N: sets PUBLISH_S, SEND_S, RATE, RECEIVED, REPEATED, SENT_BY
  local n="$1" i
  roundup sources add "http://127.0.0.1:$WEB_PORT/research.rss" --name Research >/dev/null
  q "INSERT INTO subscribers (email, address_key, status, created_at, confirmed_at, channel)
     SELECT a, a, 'confirmed', now(), now(), 'email' FROM (SELECT 'reader' || lpad(i::text, 5, '0') || '@example.org' AS a
     FROM generate_series(0, $SUBSCRIBERS - 1) AS i) AS s"
  roundup schedule run roundup >/dev/null
  local t1; t1="$(now)"
  cpu_snap "$WORK/cpu-c"
  wait_for "SELECT CASE WHEN count(*) = $SUBSCRIBERS AND count(*) FILTER (WHERE status IN ('pending', 'sending')) = 0 THEN 'done' END FROM deliveries" 600
  cpu_snap "$WORK/cpu-d"
  local published sent first last statuses build_s unique sent_by=() helped_by=()
  published="$(q "SELECT extract(epoch FROM published_at) FROM digests WHERE number = 1")"
  read -r sent first last < <(q "SELECT count(*), extract(epoch FROM min(sent_at)), extract(epoch FROM max(sent_at)) FROM deliveries WHERE status = 'sent'" | tr '|' ' ')
  statuses="$(q "SELECT string_agg(status || ' ' || c, ', ') FROM (SELECT status, count(*) AS c FROM deliveries GROUP BY status) AS s")"
  PUBLISH_S="$(seconds_since "$last" "$t1")"
  build_s="$(seconds_since "$published" "$t1")"
  SEND_S="$(seconds_since "$last" "$published")"
  RATE="$(python3 -c 'import sys; print(round(int(sys.argv[1]) / float(sys.argv[2])))' "$sent" "$SEND_S")"
  read -r RECEIVED unique REPEATED < <(received)
  for i in $(seq 1 "$n"); do
    sent_by+=("$(sum_after "Email batch done:" "$WORK/n$n-i$i.log")")
    helped_by+=("$(sum_after "Helped send what other instances queued:" "$WORK/n$n-i$i.log")")
  done
  SENT_BY="$(IFS=+; echo "${sent_by[*]}")"
  echo "N=$n publish: $PUBLISH_S s from the firing to the last message (issue built and archived after $build_s s, first message $(seconds_since "$first" "$published") s later, then $SEND_S s sending: $RATE messages/s); deliveries: $statuses"
  echo "    sent per instance: ${sent_by[*]} (of which by the delivery helper: ${helped_by[*]}); server received $RECEIVED messages for $unique recipients, $REPEATED more than once"
  echo "    $(python3 "$HERE/cpu.py" diff "$WORK/cpu-c" "$WORK/cpu-d")"
}

run_cluster() {  # run_cluster ROUND N
  local round="$1" n="$2"
  DB="roundup_r${round}_n${n}"
  FETCH_S=-; FETCHED_BY=-; PUBLISH_S=-; SEND_S=-; RATE=-; RECEIVED=-; REPEATED=-; SENT_BY=-
  start_instances "$n"
  fetch_phase "$n"
  [[ " $PHASES " == *" publish "* ]] && publish_phase "$n"
  echo "RESULT round=$round n=$n fetch_s=$FETCH_S publish_s=$PUBLISH_S send_s=$SEND_S rate=$RATE received=$RECEIVED repeated=$REPEATED fetched_by=$FETCHED_BY sent_by=$SENT_BY" >> "$WORK/results"
  stop_instances "$n"
}

echo "cores: $(nproc); load before: $(cut -d' ' -f1-3 /proc/loadavg); feeds: $FEEDS; subscribers: $SUBSCRIBERS; rounds: $ROUNDS"
for round in $(seq 1 "$ROUNDS"); do
  order=(1 2); [ $((round % 2)) = 0 ] && order=(2 1)
  for n in "${order[@]}"; do
    echo "== round $round, $n instance(s)"
    run_cluster "$round" "$n"
  done
done

echo
python3 - "$WORK/results" <<'PY' | tee "$OUT/latest.txt"
import sys
rows = [dict(kv.split("=", 1) for kv in line.split()[1:]) for line in open(sys.argv[1])]
print("| round | N | fetch s | publish s | of which sending s | messages/s | fetched per instance | sent per instance | received, repeated |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |")
for r in rows:
    print(f"| {r['round']} | {r['n']} | {r['fetch_s']} | {r['publish_s']} | {r['send_s']} | {r['rate']} | {r['fetched_by']} | {r['sent_by']} | {r['received']}, {r['repeated']} |")
print()
for rnd in sorted({r["round"] for r in rows}):
    one = next((r for r in rows if r["round"] == rnd and r["n"] == "1"), None)
    two = next((r for r in rows if r["round"] == rnd and r["n"] == "2"), None)
    if one and two:
        ratios = [f"{label} x{float(one[k]) / float(two[k]):.2f}" for label, k in (("fetch", "fetch_s"), ("publish", "publish_s"), ("sending", "send_s")) if one[k] != "-"]
        print(f"round {rnd}: speed-up of the second instance (seconds with 1 / seconds with 2): " + ", ".join(ratios))
PY
