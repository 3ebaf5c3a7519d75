#!/bin/bash
# systemd is not PID 1 here: run each unit's ExecStart by hand, as its User, with its EnvironmentFile and
# WorkingDirectory, exactly as written in the unit. Usage: run-units.sh start|stop [unit...]
set -u
DIR=/tmp/redaksi_install
action=$1; shift
units=${*:-web worker periodic inbound-mail}
for u in $units; do
    f=$DIR/systemd/redaksi_install-$u.service
    pidf=$DIR/logs/$u.pid
    if [ "$action" = stop ]; then
        [ -f "$pidf" ] && kill -TERM -- "-$(cat "$pidf")" 2>/dev/null; rm -f "$pidf"; echo "stopped $u"; continue
    fi
    user=$(sed -n 's/^User=//p' "$f"); wd=$(sed -n 's/^WorkingDirectory=//p' "$f")
    envf=$(sed -n 's/^EnvironmentFile=//p' "$f"); cmd=$(sed -n 's/^ExecStart=//p' "$f")
    setsid runuser -u "$user" -- env -i PATH=/usr/bin:/bin LANG=C.UTF-8 HOME="$wd" \
        bash -c 'set -a; . "$1"; set +a; cd "$2"; set -f; exec $3' unit "$envf" "$wd" "$cmd" \
        >> "$DIR/logs/$u.log" 2>&1 < /dev/null &
    echo $! > "$pidf"; echo "started $u: $cmd (pid $!)"
done
