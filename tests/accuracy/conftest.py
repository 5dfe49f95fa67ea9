"""A seeded simulated webcast, backfilled at full speed into a real server, and its ground truth.

The simulator (`webcast-analytics simulate`) writes what its audience really did to a JSON file;
the tests read reports through the official Kaltura client and compare them with that file."""

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
from KalturaClient import KalturaClient, KalturaConfiguration
from KalturaClient.Plugins.Core import KalturaSessionType

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("WEBCAST_BIN", ROOT / ".build" / "debug" / "webcast-analytics"))
TOKEN = "accuracy-token"
ENTRY = "1_accuracy"
# Two days ago at 10:00 UTC, so every beacon is in the past and the event is over.
START = (int(time.time()) // 86400 - 2) * 86400 + 36000
DURATION = 1800
VIEWERS = 400
SEED = 11


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*args, timeout=300):
    result = subprocess.run([str(BINARY), *map(str, args)], capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args[0]} failed: {result.stderr}{result.stdout}"
    return result.stdout


def stored(url: str) -> int:
    for line in requests.get(url + "/metrics", timeout=5).text.splitlines():
        if line.startswith("beacons_stored_total "):
            return int(float(line.split()[1]))
    return 0


class Event:
    def __init__(self, url, partner, secret, truth):
        self.url, self.partner, self.secret, self.truth = url, partner, secret, truth
        self.start = START
        self.end = START + DURATION


@pytest.fixture(scope="session")
def event(tmp_path_factory):
    assert BINARY.exists(), f"build the binary first: {BINARY}"
    folder = tmp_path_factory.mktemp("accuracy")
    data = folder / "data"
    partner = json.loads(run("partner", "add", "--data", data, "--name", "Accuracy", "--json"))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(folder / "serve.log", "ab")
    process = subprocess.Popen(
        [str(BINARY), "serve", "--data", str(data), "--port", str(port), "--backfill-token", TOKEN, "--flush-interval-ms", "50"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if requests.get(url + "/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        truth_file = folder / "truth.json"
        run(
            "simulate", "--url", url, "--partner", partner["id"], "--entry", ENTRY, "--viewers", VIEWERS,
            "--duration", f"{DURATION}s", "--speed", "max", "--backfill-token", TOKEN, "--seed", SEED,
            "--start", START, "--truth", truth_file,
        )
        truth = json.loads(truth_file.read_text())
        deadline = time.monotonic() + 30
        while stored(url) < truth["totals"]["beacons"]:
            assert time.monotonic() < deadline, "not every simulated beacon was stored"
            time.sleep(0.05)
        assert stored(url) == truth["totals"]["beacons"]
        yield Event(url, partner["id"], partner["adminSecret"], truth)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def client(event):
    config = KalturaConfiguration()
    config.serviceUrl = event.url
    client = KalturaClient(config)
    client.setKs(client.session.start(event.secret, "accuracy", KalturaSessionType.ADMIN, event.partner, 3600, ""))
    return client
