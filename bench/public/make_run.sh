#!/usr/bin/env bash
# What `make run` serves, against bare nginx, in one run. Usage (from the repository root):
#   bash bench/public/make_run.sh                 # 3 interleaved rounds of 10 s each
#   ROUNDS=5 DURATION=20 bash bench/public/make_run.sh
# Loads the demo into a scratch folder and renders its site, then measures the same news article with wrk
# (2 threads, 16 connections, keep-alive) from: `make serve` (Granian + the public fast path, as `make run`
# starts it), Django's development server (what `make run` used before), and bare nginx serving a static copy
# of the same file (the limit of this machine). The three take turns in each round; the table gives medians.
# Everything binds 127.0.0.1. Needs wrk and nginx (installed with apt-get when missing and run as root).
set -euo pipefail
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-10}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${WORK:-/tmp/redaksi-make-run-bench}"
SERVE_PORT=8191 DEV_PORT=8192 BARE_PORT=8193
for tool in wrk nginx; do
  command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null; }
done
rm -rf "$WORK" && mkdir -p "$WORK"/{var,bare/page,logs}
export REDAKSI_VAR_DIR="$WORK/var" DJANGO_SETTINGS_MODULE=config.settings.local
cd "$ROOT"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

echo "== loading the demo and rendering its site" >&2
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py sop_load sop/bengkalis-pengelolaan-berita.yaml >/dev/null
.venv/bin/python manage.py demo_data >"$WORK/logs/demo.log" 2>&1
.venv/bin/python manage.py public_rebuild >/dev/null
page="$(find "$REDAKSI_VAR_DIR/public_site/berita" -mindepth 4 -name index.html | head -n 1)"
article="${page#"$REDAKSI_VAR_DIR/public_site"}"
article="${article%index.html}"
cp "$page" "$WORK/bare/page/index.html"

make --no-print-directory serve PORT=$SERVE_PORT >"$WORK/logs/serve.log" 2>&1 &
pids+=($!)
.venv/bin/python manage.py runserver 127.0.0.1:$DEV_PORT --noreload >"$WORK/logs/dev.log" 2>&1 &
pids+=($!)
cat >"$WORK/bare.conf" <<NG
worker_processes 2; pid $WORK/bare.pid; error_log $WORK/logs/bare-error.log; daemon off;
events { worker_connections 1024; }
http { access_log off; keepalive_requests 100000; default_type text/html;
  server { listen 127.0.0.1:$BARE_PORT; root $WORK/bare; location / { try_files \$uri \${uri}index.html =404; } } }
NG
nginx -c "$WORK/bare.conf" -p "$WORK" &
pids+=($!)

declare -A url=(
  [serve]="http://127.0.0.1:$SERVE_PORT$article"
  [dev]="http://127.0.0.1:$DEV_PORT$article"
  [bare]="http://127.0.0.1:$BARE_PORT/page/"
)
for name in serve dev bare; do
  for _ in $(seq 60); do curl -fs -o /dev/null "${url[$name]}" && break; sleep 1; done
  curl -fs -o "$WORK/$name.html" "${url[$name]}"
done
cmp -s "$WORK/serve.html" "$WORK/bare.html" || { echo "make serve and nginx answer different pages" >&2; exit 1; }

declare -A runs=()
for round in $(seq "$ROUNDS"); do
  for name in serve dev bare; do
    rps="$(wrk -t2 -c16 -d"${DURATION}s" "${url[$name]}" | awk '/Requests\/sec/ {print $2}')"
    runs[$name]+="$rps "
    echo "round $round $name $rps req/s (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
bare="$(echo "${runs[bare]}" | median)"
echo
echo "Article \`$article\`, $ROUNDS interleaved rounds of ${DURATION} s, wrk -t2 -c16; $(nproc) cores; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| server | req/s, each round | median req/s | of bare nginx |"
echo "|---|---|---:|---:|"
for name in serve dev bare; do
  m="$(echo "${runs[$name]}" | median)"
  label=$([ $name = serve ] && echo "make run (Granian + fast path)" || ([ $name = dev ] && echo "Django runserver (before)" || echo "bare nginx, static copy"))
  printf '| %s | %s | %.0f | %.3f |\n' "$label" "${runs[$name]% }" "$m" "$(echo "$m $bare" | awk '{print $1/$2}')"
done
