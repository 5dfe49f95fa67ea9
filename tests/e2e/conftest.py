"""Starts the real `webcast-analytics` binary on loopback for end-to-end tests."""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("WEBCAST_BIN", ROOT / ".build" / "debug" / "webcast-analytics"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `serve` process on a data folder; can be stopped with a signal and started again."""

    def __init__(self, data: Path, *extra: str):
        self.data = data
        self.extra = extra
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        assert BINARY.exists(), f"build the binary first: {BINARY}"
        self.log = open(self.data.parent / f"serve-{self.port}.log", "ab")
        self.process = subprocess.Popen(
            [str(BINARY), "serve", "--data", str(self.data), "--port", str(self.port), *self.extra],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/health", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("server did not become healthy in 20 s")

    def stop(self, sig=signal.SIGTERM) -> int:
        self.process.send_signal(sig)
        code = self.process.wait(timeout=20)
        self.log.close()
        return code


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def server(data_dir):
    servers = []

    def make(*extra):
        s = Server(data_dir, *extra)
        servers.append(s)
        return s.start()

    yield make
    for s in servers:
        if s.process and s.process.poll() is None:
            s.process.kill()
