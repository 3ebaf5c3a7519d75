#!/usr/bin/env bash
# The public site's figures on this machine. Usage (from the repository root):
#   ITEMS=100000 PHOTOS=2000 DURATION=10 bash bench/public/run.sh   (PHOTOS: items given a lead photo)
# Seeds ITEMS published items into a scratch SQLite database, then measures: full rebuild, search p95,
# publish-to-live p95 (db_worker polling every 0.1 s), and with wrk (16 connections) the article page served
# by the embedded app (gunicorn, 2 sync workers), by nginx from the rendered folder (deploy/nginx/redaksi.conf),
# and by bare nginx from a static copy of the same page. Everything binds 127.0.0.1.
set -euo pipefail
ITEMS="${ITEMS:-100000}"
DURATION="${DURATION:-10}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${WORK:-/tmp/redaksi-public-bench}"
APP_PORT=8095 NGINX_PORT=8096 BARE_PORT=8097
command -v wrk >/dev/null || apt-get install -y -qq wrk
command -v nginx >/dev/null || apt-get install -y -qq nginx
rm -rf "$WORK" && mkdir -p "$WORK"/{var,nginx/snippets,bare/page,logs}
export REDAKSI_VAR_DIR="$WORK/var" REDAKSI_PUBLIC_ROOT="$WORK/var/public_site" DJANGO_SETTINGS_MODULE=config.settings.local
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost,testserver
cd "$ROOT"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

echo "== seeding $ITEMS items, rebuild, search, publish-to-live" >&2
.venv/bin/python bench/public/seed_and_measure.py "$ITEMS" | tee "$WORK/measure.txt"
ARTICLE="$(sed -n 's/^article_path=//p' "$WORK/measure.txt")"

# The app in the embedded default (DEBUG off, as in production).
DJANGO_SETTINGS_MODULE=config.settings.test REDAKSI_TEST_DB_NAME= DATABASE_URL="sqlite:///$WORK/var/redaksi.sqlite3" \
  .venv/bin/gunicorn config.wsgi -b 127.0.0.1:$APP_PORT -w 2 --log-level warning &
pids+=($!)

# nginx with the production configuration, minus TLS, on loopback.
cp deploy/nginx/public-headers.conf "$WORK/nginx/snippets/redaksi-public-headers.conf"
cp deploy/nginx/proxy.conf "$WORK/nginx/snippets/redaksi-proxy.conf"
python3 - "$WORK" "$NGINX_PORT" "$APP_PORT" <<'PY'
import re, sys
work, port, app = sys.argv[1:]
s = open("deploy/nginx/redaksi.conf").read()
s = s.replace("/etc/nginx/snippets/", f"{work}/nginx/snippets/").replace("/srv/redaksi/var/public_site", f"{work}/var/public_site")
s = re.sub(r"server \{\n    listen 80;.*?\n\}\n\n", "", s, flags=re.S)
s = s.replace("    listen 443 ssl http2;\n    listen [::]:443 ssl http2;\n", f"    listen 127.0.0.1:{port};\n")
s = re.sub(r"    ssl_certificate.*\n", "", s).replace("127.0.0.1:8000", f"127.0.0.1:{app}")
open(f"{work}/nginx/site.conf", "w").write(s)
PY
for name in site bare; do
  conf="$WORK/nginx/$name-nginx.conf"
  if [ $name = site ]; then inc="include $WORK/nginx/site.conf;"; else
    inc="server { listen 127.0.0.1:$BARE_PORT; root $WORK/bare; location / { try_files \$uri \${uri}index.html =404; } }"; fi
  cat > "$conf" <<NG
worker_processes 2; pid $WORK/nginx/$name.pid; error_log $WORK/logs/$name-error.log; daemon off;
events { worker_connections 1024; }
http { access_log off; keepalive_requests 100000; default_type text/html; $inc }
NG
  nginx -c "$conf" -p "$WORK/nginx" &
  pids+=($!)
done
cp "$REDAKSI_PUBLIC_ROOT${ARTICLE}index.html" "$WORK/bare/page/index.html"
sleep 3

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
  run_wrk bare "http://127.0.0.1:$BARE_PORT/page/"
  run_wrk app-search "http://127.0.0.1:$APP_PORT/cari/?q=bengkalis"
} | tee -a "$WORK/measure.txt"
echo "machine nproc=$(nproc) memory=$(free -g | awk '/Mem:/ {print $2}')G items=$ITEMS" | tee -a "$WORK/measure.txt"
