"""Shared by the pytest suites: the binary under test, and servers with a fresh partner on loopback."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

BINARY = Path(os.environ.get("WEBCAST_BIN", Path(__file__).resolve().parents[1] / ".build" / "debug" / "webcast-analytics"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_binary(*args, timeout=300) -> str:
    """Runs a `webcast-analytics` command to completion; fails the test on a non-zero exit."""
    result = subprocess.run([str(BINARY), *map(str, args)], capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args[0]} failed: {result.stderr}{result.stdout}"
    return result.stdout


class Launched:
    def __init__(self, url, partner, data):
        self.url, self.partner, self.data = url, partner, data


@pytest.fixture(scope="session")
def cli():
    assert BINARY.exists(), f"build the binary first: {BINARY}"
    return run_binary


@pytest.fixture(scope="session")
def launch(tmp_path_factory, cli):
    """`launch(name, *serve_options)`: a data folder with one partner, and `serve` on it, up and healthy."""
    running = []

    def start(name, *extra):
        folder = tmp_path_factory.mktemp(name)
        data = folder / "data"
        partner = json.loads(cli("partner", "add", "--data", data, "--name", name, "--json"))
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log = open(folder / "serve.log", "ab")
        process = subprocess.Popen(
            [str(BINARY), "serve", "--data", str(data), "--port", str(port), *map(str, extra)],
            stdout=log, stderr=subprocess.STDOUT,
        )
        running.append((process, log))
        deadline = time.monotonic() + 20
        while True:
            try:
                if requests.get(url + "/health", timeout=1).ok:
                    return Launched(url, partner, data)
            except requests.ConnectionError:
                pass
            assert process.poll() is None, "server exited"
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)

    yield start
    for process, log in running:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
        log.close()
