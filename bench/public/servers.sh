# Sourced by run.sh and compare.sh: start Redaksi's three servers on loopback for wrk.
#   redaksi_servers WORK APP_PORT NGINX_PORT BARE_PORT ARTICLE_PATH
# The embedded app (gunicorn, 2 sync workers, DEBUG off), nginx with the production configuration (minus TLS)
# serving the rendered folder, and bare nginx (no headers, no fallback) serving the same folder: the limit of
# this machine for the same files. Appends their pids to `pids`.
redaksi_servers() {
  local work="$1" app="$2" port="$3" bare="$4" article="$5"
  mkdir -p "$work"/{nginx/snippets,logs}
  DJANGO_SETTINGS_MODULE=config.settings.test REDAKSI_TEST_DB_NAME= DATABASE_URL="sqlite:///$work/var/redaksi.sqlite3" \
    "$PYTHON_BIN" -m gunicorn config.wsgi -b 127.0.0.1:"$app" -w 2 --log-level warning &
  pids+=($!)
  cp deploy/nginx/public-headers.conf "$work/nginx/snippets/redaksi-public-headers.conf"
  cp deploy/nginx/proxy.conf "$work/nginx/snippets/redaksi-proxy.conf"
  python3 - "$work" "$port" "$app" <<'PY'
import re, sys
work, port, app = sys.argv[1:]
s = open("deploy/nginx/redaksi.conf").read()
s = s.replace("/etc/nginx/snippets/", f"{work}/nginx/snippets/").replace("/srv/redaksi/var/public_site", f"{work}/var/public_site")
s = re.sub(r"server \{\n    listen 80;.*?\n\}\n\n", "", s, flags=re.S)
s = s.replace("    listen 443 ssl http2;\n    listen [::]:443 ssl http2;\n", f"    listen 127.0.0.1:{port};\n")
s = re.sub(r"    ssl_certificate.*\n", "", s).replace("127.0.0.1:8000", f"127.0.0.1:{app}")
open(f"{work}/nginx/site.conf", "w").write(s)
PY
  local name conf inc
  for name in site bare; do
    conf="$work/nginx/$name-nginx.conf"
    if [ $name = site ]; then inc="include $work/nginx/site.conf;"; else
      inc="server { listen 127.0.0.1:$bare; root $work/var/public_site; location / { try_files \$uri \${uri}index.html =404; } }"; fi
    cat > "$conf" <<NG
worker_processes 2; pid $work/nginx/$name.pid; error_log $work/logs/$name-error.log; daemon off;
events { worker_connections 1024; }
http { access_log off; keepalive_requests 100000; default_type text/html; $inc }
NG
    nginx -c "$conf" -p "$work/nginx" &
    pids+=($!)
  done
  local u
  for u in "http://127.0.0.1:$app$article" "http://127.0.0.1:$port$article" "http://127.0.0.1:$bare$article"; do
    for _ in $(seq 60); do curl -fsS -o /dev/null --max-time 5 "$u" && break; sleep 0.5; done
  done
}
