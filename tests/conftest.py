"""Shared by the pytest suites: the binary under test, and servers with a fresh partner on loopback."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import uuid
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
    """A `serve` process on a data folder; `stop()` and `start()` restart it on the same port."""

    def __init__(self, url, partner, data, command, log):
        self.url, self.partner, self.data = url, partner, data
        self.command, self.log, self.process = command, log, None

    def start(self):
        self.process = subprocess.Popen(self.command, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while True:
            try:
                if requests.get(self.url + "/health", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                pass
            assert self.process.poll() is None, "server exited"
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=20)


STORES = ["sqlite", "clickhouse", "clickhouse-cluster"]


def store_options(store: str) -> list[str]:
    """`serve` options for a store, each run in a database of its own; the ClickHouse server and the
    two-shard cluster are the ones `scripts/test` started."""
    if store == "sqlite":
        return []
    variable = "WEBCAST_CLICKHOUSE_URL" if store == "clickhouse" else "WEBCAST_CLICKHOUSE_CLUSTER_URL"
    url = os.environ.get(variable)
    if not url:
        pytest.fail(f"the {store} runs need {variable}: scripts/test starts ClickHouse and sets it")
    options = ["--store", "clickhouse", "--clickhouse-url", url, "--clickhouse-database", f"test_{uuid.uuid4().hex[:16]}"]
    if store == "clickhouse-cluster":
        options += ["--clickhouse-cluster", os.environ.get("WEBCAST_CLICKHOUSE_CLUSTER", "webcast_two_shards")]
    return options


class StoreOptions(list):
    """The options that choose a store; `fresh()` gives the same store with a database of its own."""

    def __init__(self, name: str):
        super().__init__(store_options(name))
        self.name = name

    def fresh(self) -> "StoreOptions":
        return StoreOptions(self.name)


@pytest.fixture(scope="session")
def clickhouse_store() -> StoreOptions:
    """One ClickHouse server's options, with a database of its own."""
    return StoreOptions("clickhouse")


@pytest.fixture(scope="session", params=STORES)
def store(request) -> StoreOptions:
    """The conformance suites (compat, accuracy) run once per store: the `serve` options of each."""
    return StoreOptions(request.param)


@pytest.fixture(scope="session")
def cli():
    assert BINARY.exists(), f"build the binary first: {BINARY}"
    return run_binary


@pytest.fixture(scope="session")
def launch(tmp_path_factory, cli):
    """`launch(name, *serve_options, store=[...])`: a partner in the store (by default the embedded one in a
    new data folder), and `serve` on it, up and healthy."""
    running = []

    def start(name, *extra, store=()):
        folder = tmp_path_factory.mktemp(name)
        data = folder / "data"
        partner = json.loads(cli("partner", "add", "--data", data, "--name", name, "--json", *store))
        port = free_port()
        command = [str(BINARY), "serve", "--data", str(data), "--port", str(port), *map(str, extra), *map(str, store)]
        launched = Launched(f"http://127.0.0.1:{port}", partner, data, command, open(folder / "serve.log", "ab"))
        running.append(launched)
        return launched.start()

    yield start
    for launched in running:
        launched.stop()
        launched.log.close()
