"""An S3 server for tests: moto_server on 127.0.0.1, and the env file lines that point the app at it."""

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

BUCKET = "redaksi-media"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def moto_server() -> Iterator[str]:
    """Start moto_server on a free port; yields its URL. Skips the test when moto[server] is not installed."""
    pytest.importorskip("moto", reason="moto[server] is not installed (pip install -r requirements-dev.txt)")
    pytest.importorskip("boto3", reason="boto3 is not installed")
    pytest.importorskip("storages", reason="django-storages is not installed")
    command = shutil.which("moto_server") or str(Path(sys.executable).with_name("moto_server"))
    if not Path(command).exists():
        pytest.skip("moto_server is not installed (pip install 'moto[server]')")
    port = _free_port()
    process = subprocess.Popen(
        [command, "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        else:
            pytest.fail("moto_server did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def env_lines(endpoint: str, bucket: str = BUCKET) -> dict[str, str]:
    """What an operator writes in /etc/redaksi/env for a bucket on an S3-compatible server."""
    return {
        "REDAKSI_MEDIA_S3_BUCKET": bucket,
        "REDAKSI_MEDIA_S3_ENDPOINT_URL": endpoint,
        "REDAKSI_MEDIA_S3_ACCESS_KEY_ID": "test",
        "REDAKSI_MEDIA_S3_SECRET_ACCESS_KEY": "test",
    }


@contextmanager
def bucket(endpoint: str, settings, *, name: str = BUCKET, switch: bool = True):
    """An empty bucket, configured the way the env file does it (alias "s3"); media switched to it if `switch`.

    Yields a boto3 client; the bucket is emptied and dropped afterwards.
    """
    import boto3

    from redaksi.media.conf import S3_ALIAS, s3_storage_from_env

    client = boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1"
    )
    client.create_bucket(Bucket=name)
    settings.STORAGES = {**settings.STORAGES, S3_ALIAS: s3_storage_from_env(env_lines(endpoint, name))}
    if switch:
        settings.REDAKSI_MEDIA = {**getattr(settings, "REDAKSI_MEDIA", {}), "STORAGE": S3_ALIAS}
    try:
        yield client
    finally:
        for obj in client.list_objects_v2(Bucket=name).get("Contents", []):
            client.delete_object(Bucket=name, Key=obj["Key"])
        client.delete_bucket(Bucket=name)


def keys(client, name: str = BUCKET) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=name).get("Contents", []))
