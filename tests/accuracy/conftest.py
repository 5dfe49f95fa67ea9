"""A seeded simulated webcast, backfilled at full speed into a real server, and its ground truth.

The simulator (`webcast-analytics simulate`) writes what its audience really did to a JSON file;
the tests read reports through the official Kaltura client and compare them with that file."""

from __future__ import annotations

import json
import time

import pytest
import requests
from KalturaClient import KalturaClient, KalturaConfiguration
from KalturaClient.Plugins.Core import KalturaSessionType

DAY = int(time.time()) // 86400 * 86400


class Shape:
    """One seeded webcast: its shape, its seed, its size, and when it ran (all in the past)."""

    def __init__(self, shape, seed, entry, viewers, duration, start):
        self.shape, self.seed, self.entry, self.viewers, self.duration, self.start = shape, seed, entry, viewers, duration, start

    def __repr__(self):
        return f"{self.shape}-seed{self.seed}"


# Two days ago: every beacon is in the past and both events are over.
SHAPES = [
    Shape("town-hall", 11, "1_townhall", 400, 1800, DAY - 2 * 86400 + 10 * 3600),
    Shape("lecture", 23, "1_lecture", 300, 2700, DAY - 2 * 86400 + 14 * 3600),
]


def stored(url: str) -> int:
    for line in requests.get(url + "/metrics", timeout=5).text.splitlines():
        if line.startswith("beacons_stored_total "):
            return int(float(line.split()[1]))
    return 0


class Server:
    """The server the reports are read from (`url`), and every server the beacons are sent to."""

    def __init__(self, urls, partner, secret, cli):
        self.urls, self.partner, self.secret, self.cli = urls, partner, secret, cli
        self.url = urls[-1]

    def stored(self) -> int:
        return sum(stored(url) for url in self.urls)

    def simulate(self, shape, viewers, duration, seed, start, entry, truth_file):
        """Backfills a simulated webcast, signed in with the partner's admin secret, and returns its truth."""
        before = [stored(url) for url in self.urls]
        urls = [argument for url in self.urls for argument in ("--url", url)]
        self.cli(
            "simulate", *urls, "--partner", self.partner, "--entry", entry, "--viewers", viewers,
            "--duration", f"{duration}s", "--speed", "max", "--secret", self.secret, "--seed", seed,
            "--start", start, "--shape", shape, "--truth", truth_file,
        )
        truth = json.loads(truth_file.read_text())
        deadline = time.monotonic() + 30
        while self.stored() < sum(before) + truth["totals"]["beacons"]:
            assert time.monotonic() < deadline, "not every simulated beacon was stored"
            time.sleep(0.05)
        assert self.stored() == sum(before) + truth["totals"]["beacons"]
        if len(self.urls) > 1 and truth["totals"]["beacons"] > 10_000:
            assert all(stored(url) > count for url, count in zip(self.urls, before)), "every server took a share"
        return truth


class Event:
    def __init__(self, shape, truth):
        self.shape, self.truth = shape, truth
        self.entry = shape.entry
        self.start = shape.start
        self.end = shape.start + shape.duration


@pytest.fixture(scope="session")
def server(store, launch, cli):
    """The same suite runs on the embedded store (with its rollups), on ClickHouse, and on a cluster
    with two servers in front of it: the beacons take turns between them, the reports are read from
    the second, so every number must count what both took."""
    launched = [launch("accuracy", "--flush-interval-ms", "50", store=store)]
    if store.name == "clickhouse-cluster":
        launched.append(launch("accuracy-second", "--flush-interval-ms", "50", store=store))
    first = launched[0]
    return Server([node.url for node in launched], first.partner["id"], first.partner["adminSecret"], cli)


@pytest.fixture(scope="session", params=SHAPES, ids=repr)
def event(request, server, tmp_path_factory):
    shape = request.param
    truth_file = tmp_path_factory.mktemp(repr(shape)) / "truth.json"
    truth = server.simulate(shape.shape, shape.viewers, shape.duration, shape.seed, shape.start, shape.entry, truth_file)
    return Event(shape, truth)


@pytest.fixture(scope="session")
def client(server):
    config = KalturaConfiguration()
    config.serviceUrl = server.url
    client = KalturaClient(config)
    client.setKs(client.session.start(server.secret, "accuracy", KalturaSessionType.ADMIN, server.partner, 3600, ""))
    return client
