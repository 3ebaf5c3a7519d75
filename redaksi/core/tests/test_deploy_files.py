"""The nginx site install.sh writes is valid and agrees with gunicorn and the app's upload limits."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from redaksi.media.conf import DEFAULTS as MEDIA_DEFAULTS

from .nginx_site import main_conf, render_site

ROOT = Path(__file__).resolve().parents[3]
CONF = (ROOT / "deploy" / "nginx" / "redaksi.conf").read_text()


def _megabytes(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", value).groups()
    return int(number) * {"": 1 / 2**20, "k": 1 / 1024, "m": 1, "g": 1024}[unit.lower()]


def test_nginx_forwards_to_the_port_gunicorn_binds():
    upstream = re.search(r"upstream redaksi_app \{\s*server ([\d.:]+);", CONF).group(1)
    gunicorn = re.search(r'REDAKSI_BIND", "([\d.:]+)"', (ROOT / "deploy" / "gunicorn.conf.py").read_text()).group(1)
    assert upstream == gunicorn
    for name in ("redaksi-web.service",):
        assert "gunicorn.conf.py" in (ROOT / "deploy" / "systemd" / name).read_text()


def test_nginx_takes_the_largest_photo_the_app_takes():
    limits = re.findall(r"^    client_max_body_size (\w+);", CONF, re.M)
    assert limits and _megabytes(limits[0]) * 2**20 > MEDIA_DEFAULTS["PHOTO_MAX_BYTES"]


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (Debian package nginx)")
@pytest.mark.skipif(os.geteuid() != 0, reason="nginx -t reads its own files as root")
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_the_site_install_sh_writes_passes_nginx_t(tmp_path, scheme):
    """install.sh's own sed program applied to the shipped files, without and with a certificate, then nginx -t."""
    certs = tmp_path / "certs"
    if scheme == "https":
        if shutil.which("openssl") is None:
            pytest.skip("openssl is not installed")
        certs.mkdir()
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=berita.example.go.id",
                "-keyout",
                str(certs / "privkey.pem"),
                "-out",
                str(certs / "fullchain.pem"),
            ],
            check=True,
            capture_output=True,
        )
    site = render_site(
        tmp_path,
        NAME="redaksi_t",
        VAR_DIR=str(tmp_path / "var"),
        BIND="127.0.0.1:8001",
        DOMAIN="berita.example.go.id",
        CERT_DIR=str(certs),
        SCHEME=scheme,
        HTTP_PORT="8480",
        HTTPS_PORT="8443",
    ).read_text()
    if scheme == "http":
        assert "listen 8480;" in site and "ssl" not in site.replace("ssl_", "")
    else:
        assert "listen 8443 ssl http2;" in site and f"ssl_certificate     {certs}/fullchain.pem;" in site
        assert "return 301 https://" in site and "listen 8480;" in site
    assert "server 127.0.0.1:8001;" in site and "/_pemeliharaan.html" in site
    main = main_conf(tmp_path)
    result = subprocess.run(["nginx", "-t", "-c", str(main)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
