#!/usr/bin/env bash
# Redaksi: install or upgrade on Debian 12, as root. Run it again to upgrade (a backup is taken first).
#
#   sudo deploy/install.sh                      # asks for the site's address and the first administrator
#   sudo REDAKSI_DOMAIN=berita.example.go.id REDAKSI_ADMIN_USERNAME=admin REDAKSI_ADMIN_PASSWORD=... deploy/install.sh
#
# Every setting below can be given in the environment; the defaults make the standard install
# (/srv/redaksi, /etc/redaksi, database and user "redaksi", gunicorn on 127.0.0.1:8001). See docs/operasi.md.
set -euo pipefail
umask 022

NAME=${REDAKSI_NAME:-redaksi}                        # system user, database, role, unit and nginx names
APP_DIR=${REDAKSI_APP_DIR:-/srv/$NAME}               # the code (a git checkout) and its virtualenv
VAR_DIR=${REDAKSI_VAR_DIR:-$APP_DIR/var}             # media, the rendered site: owned by the system user
ETC_DIR=${REDAKSI_ETC_DIR:-/etc/$NAME}               # env file and audit key: never in a backup of the database
BACKUP_DIR=${REDAKSI_BACKUP_DIR:-/var/backups/$NAME}
SOURCE=${REDAKSI_SOURCE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}  # a git URL or a checkout
BRANCH=${REDAKSI_BRANCH:-}                           # default: the source's current branch
DOMAIN=${REDAKSI_DOMAIN:-}
BIND=${REDAKSI_BIND:-127.0.0.1:8001}
HTTP_PORT=${REDAKSI_HTTP_PORT:-80}
HTTPS_PORT=${REDAKSI_HTTPS_PORT:-443}
DB_NAME=${REDAKSI_DB_NAME:-$NAME}
DB_USER=${REDAKSI_DB_USER:-$NAME}
DB_HOST=${REDAKSI_DB_HOST:-127.0.0.1}
REDIS_URL=${REDAKSI_REDIS_URL:-redis://127.0.0.1:6379/0}
SOP_FILE=${REDAKSI_SOP_FILE:-sop/bengkalis-pengelolaan-berita.yaml}
INBOUND_PORT=${REDAKSI_INBOUND_PORT:-2525}
SKIP_APT=${REDAKSI_SKIP_APT:-0}
NGINX_SITES=${REDAKSI_NGINX_SITES:-/etc/nginx/sites-enabled}
NGINX_SNIPPETS=${REDAKSI_NGINX_SNIPPETS:-/etc/nginx/snippets}
SYSTEMD_DIR=${REDAKSI_SYSTEMD_DIR:-/etc/systemd/system}
PYTHON=${REDAKSI_PYTHON:-/usr/bin/python3}            # Debian's Python 3.11
UNITS=(web worker periodic inbound-mail)

say() { printf '\n== %s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (sudo deploy/install.sh)"

# A finished install leaves $ETC_DIR/installed: then this run upgrades (backup first). A run that stopped
# half-way is simply run again.
if [ -f "$ETC_DIR/installed" ]; then UPGRADE=1; else UPGRADE=0; fi
if [ -z "$DOMAIN" ]; then
    if [ -f "$ETC_DIR/env" ]; then
        DOMAIN=$(sed -n 's/^DJANGO_ALLOWED_HOSTS=\([^,]*\).*/\1/p' "$ETC_DIR/env")
    elif [ -t 0 ]; then
        read -r -p "Alamat situs (mis. diskominfotik.bengkaliskab.go.id): " DOMAIN
    fi
fi
[ -n "$DOMAIN" ] || die "give the site's address: REDAKSI_DOMAIN=berita.example.go.id"
CERT_DIR=${REDAKSI_CERT_DIR:-/etc/letsencrypt/live/$DOMAIN}
if [ -f "$CERT_DIR/fullchain.pem" ]; then SCHEME=https; else SCHEME=http; fi
BASE_URL=${REDAKSI_BASE_URL:-$SCHEME://$DOMAIN$([ "$SCHEME" = http ] && [ "$HTTP_PORT" != 80 ] && echo ":$HTTP_PORT")}

# --- 1. Debian packages --------------------------------------------------------------------------
if [ "$SKIP_APT" != 1 ]; then
    say "Debian packages"
    apt-get update -qq
    # WeasyPrint (PDFs) needs Pango at import time; ffmpeg makes video renditions; poppler-utils reads PDFs.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        python3 python3-venv python3-dev build-essential git make ca-certificates curl \
        postgresql postgresql-client redis-server nginx \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libffi-dev fonts-dejavu-core \
        ffmpeg poppler-utils >/dev/null
fi
for tool in "$PYTHON" git psql pg_dump nginx; do command -v "$tool" >/dev/null || die "$tool is missing"; done

# --- 2. System user and directories ---------------------------------------------------------------
say "System user $NAME and directories"
if ! id -u "$NAME" >/dev/null 2>&1; then
    useradd --system --home-dir "$APP_DIR" --no-create-home --shell /usr/sbin/nologin "$NAME"
fi
install -d -m 755 -o root -g root "$APP_DIR"
install -d -m 750 -o "$NAME" -g "$NAME" "$VAR_DIR" "$VAR_DIR/media" "$VAR_DIR/public_site"
install -d -m 755 -o root -g root "$VAR_DIR/acme"
install -d -m 750 -o root -g "$NAME" "$ETC_DIR"
install -d -m 700 -o "$NAME" -g "$NAME" "$BACKUP_DIR"

# --- 3. Backup before an upgrade --------------------------------------------------------------------
manage() {  # manage.py as the system user, with the env file loaded
    runuser -u "$NAME" -- env -i PATH=/usr/bin:/bin HOME="$APP_DIR" LANG=C.UTF-8 \
        bash -c 'set -a; . "$1"; set +a; cd "$2"; shift 2; exec .venv/bin/python manage.py "$@"' \
        "$NAME-manage" "$ETC_DIR/env" "$APP_DIR" "$@"
}
if [ "$UPGRADE" = 1 ] && [ -x "$APP_DIR/.venv/bin/python" ]; then
    say "Upgrade: backup first"
    manage backup --to "$BACKUP_DIR" || die "the backup failed: not upgrading (see the message above)"
fi

# --- 4. The code ----------------------------------------------------------------------------------
say "Code in $APP_DIR"
for trusted in "$APP_DIR" "$SOURCE"; do  # git refuses checkouts owned by another user unless told
    git config --global --get-all safe.directory 2>/dev/null | grep -qxF "$trusted" ||
        git config --global --add safe.directory "$trusted"
done
if [ -z "$BRANCH" ] && [ -d "$SOURCE/.git" -o -f "$SOURCE/.git" ]; then
    BRANCH=$(git -C "$SOURCE" rev-parse --abbrev-ref HEAD)
fi
BRANCH=${BRANCH:-main}
if [ "$(realpath "$SOURCE" 2>/dev/null || echo "$SOURCE")" != "$(realpath "$APP_DIR")" ]; then
    if [ ! -d "$APP_DIR/.git" ]; then
        git clone --quiet --branch "$BRANCH" "$SOURCE" "$APP_DIR.new"
        cp -a "$APP_DIR.new/." "$APP_DIR/" && rm -rf "$APP_DIR.new"
    else
        git -C "$APP_DIR" fetch --quiet "$SOURCE" "$BRANCH"
        git -C "$APP_DIR" merge --quiet --ff-only FETCH_HEAD || die "local changes in $APP_DIR: not upgrading"
    fi
fi
echo "at $(git -C "$APP_DIR" log -1 --format='%h %s')"

# --- 5. Secrets and the env file (made once; an upgrade keeps them) ---------------------------------
say "Env file $ETC_DIR/env"
if [ ! -f "$ETC_DIR/audit.key" ]; then
    (umask 077; "$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(48))' > "$ETC_DIR/audit.key")
fi
chown "$NAME:$NAME" "$ETC_DIR/audit.key"; chmod 400 "$ETC_DIR/audit.key"
if [ ! -f "$ETC_DIR/social.key" ]; then
    (umask 077; "$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(48))' > "$ETC_DIR/social.key")
fi
chown "$NAME:$NAME" "$ETC_DIR/social.key"; chmod 400 "$ETC_DIR/social.key"
if [ ! -f "$ETC_DIR/env" ]; then
    DB_PASSWORD=$("$PYTHON" -c 'import secrets; print(secrets.token_hex(24))')
    SECRET_KEY=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')
    (umask 077; : > "$ETC_DIR/env.tmp")
    cat >> "$ETC_DIR/env.tmp" <<EOF
# $ETC_DIR/env: read by every Redaksi unit and by "$NAME-manage". Readable by root and $NAME only.
DJANGO_SETTINGS_MODULE=config.settings.production
DJANGO_SECRET_KEY=$SECRET_KEY
DJANGO_ALLOWED_HOSTS=$DOMAIN
DJANGO_CSRF_TRUSTED_ORIGINS=$BASE_URL
DJANGO_SSL_REDIRECT=$([ "$SCHEME" = https ] && echo 1 || echo 0)
# 0 only while the site has no certificate: browsers then send the login cookie over plain HTTP.
DJANGO_SECURE_COOKIES=$([ "$SCHEME" = https ] && echo 1 || echo 0)
DATABASE_URL=postgres://$DB_USER:$DB_PASSWORD@$DB_HOST:5432/$DB_NAME
REDIS_URL=$REDIS_URL
REDAKSI_BASE_URL=$BASE_URL
REDAKSI_TRUSTED_PROXIES=127.0.0.1
REDAKSI_BIND=$BIND
# The audit key lives outside the database and outside its backups: keep a copy apart (docs/operasi.md).
REDAKSI_AUDIT_KEY_FILE=$ETC_DIR/audit.key
# Encrypts the social media tokens; without it the tokens in the database are useless to a thief.
REDAKSI_SOCIAL_KEY_FILE=$ETC_DIR/social.key
REDAKSI_VAR_DIR=$VAR_DIR
REDAKSI_MEDIA_ROOT=$VAR_DIR/media
REDAKSI_PUBLIC_ROOT=$VAR_DIR/public_site
REDAKSI_BACKUP_DIR=$BACKUP_DIR
EMAIL_HOST=127.0.0.1
EMAIL_PORT=25
REDAKSI_FROM_EMAIL=redaksi@$DOMAIN
# Optional: error reports to Sentry (or a compatible server).
# SENTRY_DSN=
EOF
    mv "$ETC_DIR/env.tmp" "$ETC_DIR/env"
fi
# Settings a later version added: an upgrade appends them to the env file made by an earlier install.
grep -q '^REDAKSI_SOCIAL_KEY_FILE=' "$ETC_DIR/env" || printf '%s\n' \
    "# Encrypts the social media tokens (added by an upgrade)." "REDAKSI_SOCIAL_KEY_FILE=$ETC_DIR/social.key" \
    >> "$ETC_DIR/env"
chown root:"$NAME" "$ETC_DIR/env"; chmod 640 "$ETC_DIR/env"
DATABASE_URL=$(sed -n 's/^DATABASE_URL=//p' "$ETC_DIR/env")
DB_PASSWORD=$(printf '%s' "$DATABASE_URL" | sed -n 's#^postgres://[^:]*:\([^@]*\)@.*#\1#p')

# --- 6. PostgreSQL role and database ----------------------------------------------------------------
say "PostgreSQL: role $DB_USER, database $DB_NAME"
pg() { if [ -n "${REDAKSI_PG_ADMIN_URL:-}" ]; then psql "$REDAKSI_PG_ADMIN_URL" "$@"; else runuser -u postgres -- psql "$@"; fi; }
# The same, connected to the app's database.
pgdb() {
    if [ -n "${REDAKSI_PG_ADMIN_URL:-}" ]; then
        psql "$("$PYTHON" -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1])
print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$REDAKSI_PG_ADMIN_URL" "$DB_NAME")" "$@"
    else runuser -u postgres -- psql -d "$DB_NAME" "$@"; fi
}
pg -v ON_ERROR_STOP=1 -qtA -v user="$DB_USER" -v pass="$DB_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'user', :'pass')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'user', :'pass') \gexec
SQL
pg -v ON_ERROR_STOP=1 -qtA -v db="$DB_NAME" -v user="$DB_USER" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'db', :'user', 'UTF8')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL

# --- 7. Production virtualenv: runtime requirements only ---------------------------------------------
say "Virtualenv $APP_DIR/.venv (runtime requirements only, hashed lock)"
# A virtualenv the system user cannot run (made from another Python) is made again.
if ! runuser -u "$NAME" -- "$APP_DIR/.venv/bin/python" -c '' 2>/dev/null; then
    rm -rf "$APP_DIR/.venv"
    "$PYTHON" -m venv "$APP_DIR/.venv"
fi
# requirements.lock pins every package, dependencies included, with hashes (pip-compile of requirements.txt).
"$APP_DIR/.venv/bin/python" -m pip install --quiet --disable-pip-version-check ${REDAKSI_PIP_ARGS:-} \
    --require-hashes -r "$APP_DIR/requirements.lock"
install -d -m 755 -o "$NAME" -g "$NAME" "$APP_DIR/staticfiles"

# --- 8. Database, static files, the SOP, the first administrator ---------------------------------------
say "Migrate, collect static files, load the SOP"
# The audit record's tables belong to a role nobody logs in as (deploy/audit-lock.sql), given back to the
# app's role only while migrations run.
pgdb -v ON_ERROR_STOP=1 -qtA -v app="$DB_USER" < "$APP_DIR/deploy/audit-unlock.sql"
manage migrate --noinput
pgdb -v ON_ERROR_STOP=1 -qtA -v app="$DB_USER" -v owner="${DB_USER}_record" < "$APP_DIR/deploy/audit-lock.sql"
manage collectstatic --noinput --verbosity 0
manage sop_load "$SOP_FILE"
manage check --deploy --fail-level ERROR
if [ "$UPGRADE" = 0 ]; then
    say "First administrator"
    if [ -n "${REDAKSI_ADMIN_PASSWORD:-}" ]; then
        runuser -u "$NAME" -- env -i PATH=/usr/bin:/bin LANG=C.UTF-8 \
            REDAKSI_ADMIN_USERNAME="${REDAKSI_ADMIN_USERNAME:-}" REDAKSI_ADMIN_NAME="${REDAKSI_ADMIN_NAME:-}" \
            REDAKSI_ADMIN_EMAIL="${REDAKSI_ADMIN_EMAIL:-}" REDAKSI_ADMIN_PASSWORD="$REDAKSI_ADMIN_PASSWORD" \
            bash -c 'set -a; . "$1"; set +a; cd "$2"; exec .venv/bin/python manage.py admin_create' \
            "$NAME-manage" "$ETC_DIR/env" "$APP_DIR"
    else
        [ -t 0 ] || die "no terminal to ask for the administrator: give REDAKSI_ADMIN_USERNAME and REDAKSI_ADMIN_PASSWORD"
        manage admin_create
    fi
fi

# --- 9. A command for the operator ------------------------------------------------------------------
cat > "/usr/local/sbin/$NAME-manage" <<EOF
#!/bin/sh
# manage.py of Redaksi ($APP_DIR) as user $NAME with $ETC_DIR/env loaded. Example: $NAME-manage backup
exec runuser -u $NAME -- env -i PATH=/usr/bin:/bin HOME=$APP_DIR LANG=C.UTF-8 \\
    sh -c 'set -a; . $ETC_DIR/env; set +a; cd $APP_DIR; exec .venv/bin/python manage.py "\$@"' sh "\$@"
EOF
chmod 755 "/usr/local/sbin/$NAME-manage"

# --- 10. systemd units ------------------------------------------------------------------------------
say "systemd units"
render_unit() {  # deploy/systemd/redaksi-X.service with this install's names and paths
    sed -e "s#/srv/redaksi/var#$VAR_DIR#g" -e "s#/srv/redaksi#$APP_DIR#g" -e "s#/etc/redaksi#$ETC_DIR#g" \
        -e "s#^User=redaksi#User=$NAME#" -e "s#^Group=redaksi#Group=$NAME#" \
        -e "s#--port 2525#--port $INBOUND_PORT#" "$1"
}
install -d "$SYSTEMD_DIR"
for unit in "${UNITS[@]}"; do
    src="$APP_DIR/deploy/systemd/redaksi-$unit.service"
    [ "$unit" = inbound-mail ] && src="$APP_DIR/deploy/inbound-mail/redaksi-inbound-mail.service"
    render_unit "$src" > "$SYSTEMD_DIR/$NAME-$unit.service"
done
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    for unit in "${UNITS[@]}"; do systemctl enable --quiet "$NAME-$unit.service"; systemctl restart "$NAME-$unit.service"; done
    SYSTEMD=1
else
    echo "systemd is not running here: units written to $SYSTEMD_DIR, not started."
    SYSTEMD=0
fi

# --- 11. nginx --------------------------------------------------------------------------------------
say "nginx site $NGINX_SITES/$NAME.conf ($SCHEME)"
install -d "$NGINX_SNIPPETS" "$NGINX_SITES"
sed "s#/etc/nginx/snippets/redaksi-#$NGINX_SNIPPETS/$NAME-#g" "$APP_DIR/deploy/nginx/proxy.conf" > "$NGINX_SNIPPETS/$NAME-proxy.conf"
cp "$APP_DIR/deploy/nginx/public-headers.conf" "$NGINX_SNIPPETS/$NAME-public-headers.conf"
{
    sed -e "s#/etc/nginx/snippets/redaksi-#$NGINX_SNIPPETS/$NAME-#g" -e "s#redaksi_app#${NAME//-/_}_app#g" \
        -e "s#server 127.0.0.1:8001;#server $BIND;#" -e "s#/srv/redaksi/var/public_site#$VAR_DIR/public_site#" \
        -e "s#/srv/redaksi/staticfiles/#$APP_DIR/staticfiles/#" -e "s#/srv/redaksi/deploy#$APP_DIR/deploy#" \
        -e "s#/srv/redaksi/var/acme#$VAR_DIR/acme#g" \
        -e "s#diskominfotik.bengkaliskab.go.id#$DOMAIN#g" -e "s#/etc/letsencrypt/live/$DOMAIN#$CERT_DIR#g" \
        -e "s#listen 80;#listen $HTTP_PORT;#" -e "s#listen \[::\]:80;#listen [::]:$HTTP_PORT;#" \
        -e "s#listen 443 ssl#listen $HTTPS_PORT ssl#" -e "s#listen \[::\]:443 ssl#listen [::]:$HTTPS_PORT ssl#" \
        "$APP_DIR/deploy/nginx/redaksi.conf" |
    if [ "$SCHEME" = https ]; then cat; else
        # No certificate yet: plain HTTP on $HTTP_PORT (run certbot, then this script again, for HTTPS).
        sed -e '/# BEGIN https-redirect/,/# END https-redirect/d' -e '/# tls-only/d' \
            -e "s#listen $HTTPS_PORT ssl http2;  \# listen-main#listen $HTTP_PORT;#" \
            -e "s#listen \[::\]:$HTTPS_PORT ssl http2;  \# listen-main-v6#listen [::]:$HTTP_PORT;#"
    fi
} > "$NGINX_SITES/$NAME.conf.new"
mv "$NGINX_SITES/$NAME.conf.new" "$NGINX_SITES/$NAME.conf"
# nginx reads the files as its worker user: the rendered site and the static files must be reachable.
chmod 755 "$VAR_DIR" "$VAR_DIR/public_site" && chmod o+x "$APP_DIR"
nginx -t ${REDAKSI_NGINX_TEST_ARGS:-}
if [ "${REDAKSI_NGINX_RELOAD:-1}" = 1 ]; then
    if [ "$SYSTEMD" = 1 ]; then systemctl reload-or-restart nginx; elif [ -f /run/nginx.pid ]; then nginx -s reload; else nginx; fi
fi

# --- 12. The public site --------------------------------------------------------------------------------
say "Render the public site"
manage public_rebuild --quiet-progress
if [ "$SYSTEMD" = 1 ]; then
    say "Check"
    manage worker_check --timeout 60
    curl -fsS "http://$BIND/readyz" >/dev/null && echo "readyz: ok" || echo "readyz: not ready yet (see docs/operasi.md)"
fi

date -u +%Y-%m-%dT%H:%M:%SZ > "$ETC_DIR/installed"
say "Done: $BASE_URL ($([ "$UPGRADE" = 1 ] && echo upgraded || echo installed))"
echo "Operator command: $NAME-manage <command>   (backup, restore, audit_verify, ...)"
