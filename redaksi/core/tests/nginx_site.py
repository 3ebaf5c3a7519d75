"""The nginx site exactly as deploy/install.sh writes it (its own shell block, run on the shipped files)."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def install_sh_nginx_block() -> str:
    script = (ROOT / "deploy" / "install.sh").read_text()
    start = script.index('say "nginx site')
    return script[start : script.index("# nginx reads the files as its worker user")]


def render_site(folder: Path, **variables: str) -> Path:
    """Run install.sh's nginx step with `variables` (NAME, VAR_DIR, BIND, DOMAIN, SCHEME, HTTP_PORT, ...).

    The site lands in folder/sites/NAME.conf and its snippets in folder/snippets; the path is returned.
    """
    env = {
        **os.environ,
        "APP_DIR": str(ROOT),
        "NGINX_SITES": str(folder / "sites"),
        "NGINX_SNIPPETS": str(folder / "snippets"),
        **variables,
    }
    subprocess.run(["bash", "-c", "set -euo pipefail; say() { :; }; " + install_sh_nginx_block()], env=env, check=True)
    return folder / "sites" / f"{variables['NAME']}.conf"


def main_conf(folder: Path, *, serve: bool = False) -> Path:
    """A private nginx master configuration including the rendered sites (for `nginx -t -c` or to serve)."""
    run = [f"pid {folder}/nginx.pid;", f"error_log {folder}/error.log;"]
    if serve:
        run += ["daemon off;", "worker_processes 1;"]
        if os.geteuid() == 0:
            run.append("user root;")  # the workers read the test's private folders
    temp = "".join(
        f"{kind}_temp_path {folder}/tmp-{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    access = f"access_log {folder}/access.log;" if serve else "access_log off;"
    path = folder / "nginx.conf"
    path.write_text("\n".join(run) + f"\nevents {{}}\nhttp {{ {access} {temp} include {folder}/sites/*.conf; }}\n")
    return path
