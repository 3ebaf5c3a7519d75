#!/usr/bin/env bash
# Redaksi's public pages beside the Wagtail anchor and bare nginx, in one run on one machine.
# Usage (from the repository root):
#   ITEMS=1000 PAGES=1000 ROUNDS=3 DURATION=10 bash bench/public/compare.sh
# Seeds ITEMS Redaksi items (rendered) and PAGES Wagtail news pages (the anchor in ../shared/bench, or ANCHOR),
# starts every server at once, then runs ROUNDS interleaved rounds of wrk (2 threads, 16 connections, a random
# news page of 200 per request): Redaksi's embedded app, Redaksi under nginx, bare nginx on the same folder,
# and Wagtail's news page. Each measure records the load average beside it. The summary gives medians and the
# median of the ratios taken within each round, so no ratio divides figures taken at different loads.
# Writes $WORK/compare.md. Everything binds 127.0.0.1; servers started here are stopped by pid on exit.
set -euo pipefail
ITEMS="${ITEMS:-1000}"
PAGES="${PAGES:-1000}"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ANCHOR="${ANCHOR:-$ROOT/../shared/bench}"
WORK="${WORK:-/tmp/redaksi-compare}"
ANCHOR_WORK="${ANCHOR_WORK:-/tmp/wagtail-anchor-compare}"
APP_PORT=8095 NGINX_PORT=8096 BARE_PORT=8097 WAGTAIL_PORT=8041
LUA="$ANCHOR/wagtail_anchor/harness/wrk_report.lua"
command -v wrk >/dev/null || apt-get install -y -qq wrk
command -v nginx >/dev/null || apt-get install -y -qq nginx
[ -f "$LUA" ] || { echo "no Wagtail anchor at $ANCHOR (set ANCHOR)" >&2; exit 2; }
for port in $APP_PORT $NGINX_PORT $BARE_PORT $WAGTAIL_PORT; do
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then echo "port $port is busy" >&2; exit 2; fi
done
rm -rf "$WORK" && mkdir -p "$WORK"/var
export REDAKSI_VAR_DIR="$WORK/var" REDAKSI_PUBLIC_ROOT="$WORK/var/public_site" DJANGO_SETTINGS_MODULE=config.settings.local
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost,testserver
cd "$ROOT"
PYTHON_BIN="${PYTHON_BIN:-.venv/bin/python}"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "== Redaksi: $ITEMS items, rendered (load $(load))" >&2
"$PYTHON_BIN" bench/public/seed_and_measure.py "$ITEMS" --seed-only >&2
"$PYTHON_BIN" manage.py public_rebuild --quiet-progress >&2
"$PYTHON_BIN" manage.py shell -c "
import random
from redaksi.newsroom.selectors import public_path, published_items
items = list(published_items().order_by('pk'))
for item in random.Random(7).sample(items, min(200, len(items))): print(public_path(item))
" | grep '^/' > "$WORK/redaksi-paths.txt"  # the shell also says what it imported
ARTICLE="$(head -1 "$WORK/redaksi-paths.txt")"

echo "== Wagtail anchor: $PAGES pages (load $(load))" >&2
VENV="$ANCHOR_WORK/venv" SRC="$ANCHOR/wagtail_anchor"
# The anchor's own settings, not Redaksi's: run it without Redaksi's environment.
anchor() { (cd "$SRC" && exec env -u DJANGO_SETTINGS_MODULE -u DJANGO_ALLOWED_HOSTS -u REDAKSI_VAR_DIR -u REDAKSI_PUBLIC_ROOT \
  ANCHOR_DB=sqlite ANCHOR_DATA="$ANCHOR_WORK/data" PYTHONPYCACHEPREFIX="$ANCHOR_WORK/pycache" "$@"); }
if ! "$VENV/bin/python" -c 'import wagtail, gunicorn, whitenoise' 2>/dev/null; then
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q -r "$SRC/requirements.txt" >&2
fi
if [ "$(cat "$ANCHOR_WORK/seeded" 2>/dev/null)" != "$PAGES" ]; then
  rm -rf "$ANCHOR_WORK/data/sqlite" && mkdir -p "$ANCHOR_WORK/data/sqlite"
  anchor "$VENV/bin/python" manage.py migrate -v0 --noinput >&2
  anchor "$VENV/bin/python" manage.py seed_news --total "$PAGES" >/dev/null
  echo "$PAGES" > "$ANCHOR_WORK/seeded"
fi
anchor "$VENV/bin/python" manage.py collectstatic --noinput -v0 >&2
anchor "$VENV/bin/python" manage.py dump_paths | shuf -n 200 --random-source=<(yes) > "$WORK/wagtail-paths.txt"

echo "== servers (load $(load))" >&2
. bench/public/servers.sh
redaksi_servers "$WORK" "$APP_PORT" "$NGINX_PORT" "$BARE_PORT" "$ARTICLE"
# Started without a function or an extra shell, so that $! is gunicorn's own pid and cleanup stops it.
(cd "$SRC" && exec env -u DJANGO_SETTINGS_MODULE -u DJANGO_ALLOWED_HOSTS -u REDAKSI_VAR_DIR -u REDAKSI_PUBLIC_ROOT \
  ANCHOR_DB=sqlite ANCHOR_DATA="$ANCHOR_WORK/data" PYTHONPYCACHEPREFIX="$ANCHOR_WORK/pycache" \
  "$VENV/bin/gunicorn" anchor.wsgi:application --workers 2 --worker-class sync \
  --bind "127.0.0.1:$WAGTAIL_PORT" --timeout 150 --log-level warning) &
pids+=($!)
for _ in $(seq 60); do curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$WAGTAIL_PORT$(head -1 "$WORK/wagtail-paths.txt")" && break; sleep 0.5; done

for u in "http://127.0.0.1:$APP_PORT$ARTICLE" "http://127.0.0.1:$NGINX_PORT$ARTICLE" "http://127.0.0.1:$BARE_PORT$ARTICLE" \
  "http://127.0.0.1:$WAGTAIL_PORT$(head -1 "$WORK/wagtail-paths.txt")"; do
  curl -fsS -o /dev/null --max-time 30 "$u" || { echo "$u does not answer 200" >&2; exit 1; }
done
declare -A BASE=([redaksi_app]="http://127.0.0.1:$APP_PORT" [redaksi_nginx]="http://127.0.0.1:$NGINX_PORT"
  [bare_nginx]="http://127.0.0.1:$BARE_PORT" [wagtail]="http://127.0.0.1:$WAGTAIL_PORT")
declare -A PATHS=([redaksi_app]="$WORK/redaksi-paths.txt" [redaksi_nginx]="$WORK/redaksi-paths.txt"
  [bare_nginx]="$WORK/redaksi-paths.txt" [wagtail]="$WORK/wagtail-paths.txt")
TARGETS=(redaksi_app redaksi_nginx bare_nginx wagtail)
measure() {  # target seconds -> one WRKJSON line with the load before and after
  local target="$1" seconds="$2" before raw
  before="$(load)"
  raw="$(wrk -t2 -c16 -d"${seconds}s" --timeout 60s --latency -s "$LUA" "${BASE[$target]}" -- "${PATHS[$target]}")"
  printf '%s\n' "$raw" | sed -n 's/^WRKJSON //p' | python3 -c '
import json, sys
d = json.loads(sys.stdin.read()); d.update(target=sys.argv[1], round=int(sys.argv[2]), load_before=sys.argv[3], load_after=sys.argv[4])
print(json.dumps(d))' "$target" "$ROUND" "$before" "$(load)"
}
ROUND=0
for target in "${TARGETS[@]}"; do measure "$target" "$WARMUP" > /dev/null; done
: > "$WORK/wrk.jsonl"
for ROUND in $(seq "$ROUNDS"); do
  for target in "${TARGETS[@]}"; do
    measure "$target" "$DURATION" | tee -a "$WORK/wrk.jsonl" >&2
  done
done

python3 - "$WORK/wrk.jsonl" "$ITEMS" "$PAGES" "$DURATION" <<'PY' | tee "$WORK/compare.md"
import json, statistics, subprocess, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
items, pages, duration = sys.argv[2:]
by = {}
for r in rows:
    by.setdefault(r["target"], []).append(r)
names = {"redaksi_app": "Redaksi article, embedded app (gunicorn, 2 sync workers)",
         "redaksi_nginx": "Redaksi article, nginx from the rendered folder (deploy/nginx/redaksi.conf, no TLS)",
         "bare_nginx": "bare nginx, the same rendered folder", "wagtail": "Wagtail news page (anchor, SQLite)"}
loads = [float(r["load_before"].split()[0]) for r in rows]
bad = [r for r in rows if r["err_status"] or r["err_timeout"] or r["err_connect"] or r["err_read"]]
if bad:
    print(f"**{len(bad)} measures had errors (non-2xx, timeouts or socket errors): their figures are not valid.**\n")
print(f"{len(by['wagtail'])} interleaved rounds, wrk 2 threads, 16 connections, {duration} s, a random page of 200; "
      f"Redaksi {items} items, Wagtail {pages} pages; `nproc` {subprocess.getoutput('nproc')}; "
      f"1-minute load average {min(loads):.1f} to {max(loads):.1f} during the measures.\n")
print("| server | req/s (median) | req/s per round | p99 ms (median) | load before each round |")
print("|---|---:|---|---:|---|")
for t in names:
    rs = by[t]
    print(f"| {names[t]} | {statistics.median(r['rps'] for r in rs):,.0f} | "
          + ", ".join(format(r["rps"], ",.0f") for r in rs) + f" | {statistics.median(r['p99_ms'] for r in rs):.1f} | "
          + ", ".join(r["load_before"].split()[0] for r in rs) + " |")
def ratio(a, b):
    per_round = [x["rps"] / y["rps"] for x, y in zip(by[a], by[b]) if y["rps"]]
    return statistics.median(per_round), per_round
print("\n| ratio (within each round, then the median) | median | per round |")
print("|---|---:|---|")
for a, b, label in [("redaksi_app", "wagtail", "Redaksi app / Wagtail"), ("redaksi_nginx", "wagtail", "Redaksi nginx / Wagtail"),
                    ("redaksi_app", "bare_nginx", "Redaksi app / bare nginx"), ("redaksi_nginx", "bare_nginx", "Redaksi nginx / bare nginx"),
                    ("wagtail", "bare_nginx", "Wagtail / bare nginx")]:
    m, per = ratio(a, b)
    print(f"| {label} | {m:.3g} | {', '.join(f'{x:.3g}' for x in per)} |")
PY
