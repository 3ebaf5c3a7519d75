#!/bin/sh
# deploy/install.sh run for real on this machine under names of its own, so nothing of the machine's is
# clobbered: user, database and role redaksi_install, /srv/redaksi_install, gunicorn on 127.0.0.1:8481, a
# private nginx master on 8480 (started with: nginx -c /tmp/redaksi_install/nginx/nginx.conf), Redis db 12,
# units written to /tmp/redaksi_install/systemd (start them with run-units.sh when systemd is not PID 1).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=/tmp/redaksi_install
mkdir -p "$DIR/nginx/sites" "$DIR/nginx/snippets" "$DIR/logs"
cat > "$DIR/nginx/nginx.conf" <<CONF
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/error.log;
events {}
http { access_log $DIR/nginx/access.log; include $DIR/nginx/sites/*.conf; }
CONF
export REDAKSI_NAME=redaksi_install
export REDAKSI_APP_DIR=/srv/redaksi_install
export REDAKSI_ETC_DIR=/etc/redaksi_install
export REDAKSI_BACKUP_DIR=/var/backups/redaksi_install
export REDAKSI_SOURCE="${REDAKSI_SOURCE:-$ROOT}"
export REDAKSI_DOMAIN=127.0.0.1
export REDAKSI_HTTP_PORT=8480
export REDAKSI_BIND=127.0.0.1:8481
export REDAKSI_INBOUND_PORT=2526
export REDAKSI_REDIS_URL=redis://127.0.0.1:6379/12
export REDAKSI_PG_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres
export REDAKSI_NGINX_SITES=$DIR/nginx/sites
export REDAKSI_NGINX_SNIPPETS=$DIR/nginx/snippets
export REDAKSI_NGINX_TEST_ARGS="-c $DIR/nginx/nginx.conf"
export REDAKSI_NGINX_RELOAD=0
export REDAKSI_SYSTEMD_DIR=$DIR/systemd
export REDAKSI_ADMIN_USERNAME=admin
export REDAKSI_ADMIN_NAME="Admin Uji Pasang"
export REDAKSI_ADMIN_PASSWORD="${REDAKSI_ADMIN_PASSWORD:-Pasang-Uji-Kuat-2026}"
exec "$ROOT/deploy/install.sh"
