#!/bin/sh
# What was run on this machine to prove deploy/install.sh (no clobbering: own names, ports, nginx master).
export REDAKSI_NAME=redaksi_install
export REDAKSI_APP_DIR=/srv/redaksi_install
export REDAKSI_ETC_DIR=/etc/redaksi_install
export REDAKSI_BACKUP_DIR=/var/backups/redaksi_install
export REDAKSI_SOURCE=/work/wt/prod
export REDAKSI_BRANCH=prod
export REDAKSI_DOMAIN=127.0.0.1
export REDAKSI_HTTP_PORT=8480
export REDAKSI_BIND=127.0.0.1:8481
export REDAKSI_INBOUND_PORT=2526
export REDAKSI_REDIS_URL=redis://127.0.0.1:6379/12
export REDAKSI_PG_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres
export REDAKSI_NGINX_SITES=/tmp/redaksi_install/nginx/sites
export REDAKSI_NGINX_SNIPPETS=/tmp/redaksi_install/nginx/snippets
export REDAKSI_NGINX_TEST_ARGS="-c /tmp/redaksi_install/nginx/nginx.conf"
export REDAKSI_NGINX_RELOAD=0
export REDAKSI_SYSTEMD_DIR=/tmp/redaksi_install/systemd
export REDAKSI_ADMIN_USERNAME=admin
export REDAKSI_ADMIN_NAME="Admin Uji Pasang"
export REDAKSI_ADMIN_PASSWORD="${REDAKSI_ADMIN_PASSWORD:-Pasang-Uji-Kuat-2026}"
exec /work/wt/prod/deploy/install.sh
