"""A real redis-server for the shared store, started and stopped by the tests."""
from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: run scripts/system-packages.sh"
    port = free_port()
    folder = tmp_path_factory.mktemp("usage-redis")
    process = subprocess.Popen([server, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                                "--appendonly", "no", "--dir", str(folder)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture()
def redis_url(redis_server):
    """A clean database of the session's server for each test."""
    import redis

    client = redis.Redis(port=redis_server)
    client.flushall()
    yield f"redis://127.0.0.1:{redis_server}/0"
    client.flushall()
