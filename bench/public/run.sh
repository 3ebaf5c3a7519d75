#!/usr/bin/env bash
# The public site's figures on this machine. Usage (from the repository root):
#   ITEMS=100000 PHOTOS=2000 DURATION=10 bash bench/public/run.sh   (PHOTOS: items given a lead photo)
# Seeds ITEMS published items into a scratch SQLite database, then measures: full rebuild, search p95,
# publish-to-live p95 (db_worker polling every 0.1 s), and with wrk (16 connections) the article page served
# by the embedded app (gunicorn, 2 sync workers), by nginx from the rendered folder (deploy/nginx/redaksi.conf),
# and by bare nginx from the same folder. Everything binds 127.0.0.1. To compare with Wagtail, use compare.sh:
# it runs both sides in one run.
set -euo pipefail
ITEMS="${ITEMS:-100000}"
DURATION="${DURATION:-10}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${WORK:-/tmp/redaksi-public-bench}"
APP_PORT=8095 NGINX_PORT=8096 BARE_PORT=8097
command -v wrk >/dev/null || apt-get install -y -qq wrk
command -v nginx >/dev/null || apt-get install -y -qq nginx
rm -rf "$WORK" && mkdir -p "$WORK"/var
export REDAKSI_VAR_DIR="$WORK/var" REDAKSI_PUBLIC_ROOT="$WORK/var/public_site" DJANGO_SETTINGS_MODULE=config.settings.local
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost,testserver
cd "$ROOT"
PYTHON_BIN="${PYTHON_BIN:-.venv/bin/python}"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

echo "== seeding $ITEMS items, rebuild, search, publish-to-live" >&2
"$PYTHON_BIN" bench/public/seed_and_measure.py "$ITEMS" | tee "$WORK/measure.txt"
ARTICLE="$(sed -n 's/^article_path=//p' "$WORK/measure.txt")"

. bench/public/servers.sh
redaksi_servers "$WORK" "$APP_PORT" "$NGINX_PORT" "$BARE_PORT" "$ARTICLE"

run_wrk() {
  local label="$1" url="$2"
  curl -fsS -o /dev/null "$url"
  wrk -t2 -c16 -d"${DURATION}s" --latency "$url" > "$WORK/wrk-$label.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk-$label.txt")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/wrk-$label.txt")
  echo "wrk $label req_per_s=$rps p99=$p99"
}
{
  run_wrk app "http://127.0.0.1:$APP_PORT$ARTICLE"
  run_wrk nginx "http://127.0.0.1:$NGINX_PORT$ARTICLE"
  run_wrk bare "http://127.0.0.1:$BARE_PORT$ARTICLE"
  run_wrk app-search "http://127.0.0.1:$APP_PORT/cari/?q=bengkalis"
} | tee -a "$WORK/measure.txt"
echo "machine nproc=$(nproc) memory=$(free -g | awk '/Mem:/ {print $2}')G items=$ITEMS" | tee -a "$WORK/measure.txt"
