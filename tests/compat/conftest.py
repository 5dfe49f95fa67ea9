"""One real `webcast-analytics` server for the whole compatibility suite.

Before the server starts, three partners are made with the CLI on its data folder (A, B with a
chosen id, C whose admin secret is then rotated). Once it is healthy, the audience of
`audience.py` is sent the way players send it (trackEvent, GET and POST alternating) plus the
backfilled rehearsal at exact past times, and the fixture waits until `beacons_stored_total`
says every one is stored. Every expected number is later computed from `server.beacons`.
"""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

import audience  # noqa: E402
import checks  # noqa: E402
from binary import BINARY, cli, json_output  # noqa: E402

BACKFILL_TOKEN = "compat-backfill-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Partner:
    id: int
    name: str
    admin_secret: str
    user_secret: str
    old_admin_secret: Optional[str] = None  # C only: the secret before `rotate-secret`
    rotate_error: Optional[str] = None


def add_partner(data: Path, store: list[str], name: str, partner_id: Optional[int] = None) -> Partner:
    args = ["partner", "add", "--data", data, "--name", name, "--json", *store]
    if partner_id is not None:
        args += ["--id", partner_id]
    out = json_output(cli(*args))
    return Partner(id=out["id"], name=out["name"], admin_secret=out["adminSecret"], user_secret=out["userSecret"])


class CompatServer:
    def __init__(self, data: Path, a: Partner, b: Partner, c: Partner, store: list[str]):
        self.data, self.store = data, store
        self.a, self.b, self.c = a, b, c
        self.token = BACKFILL_TOKEN
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.beacons: list[audience.Beacon] = []
        self.rehearsal: Optional[audience.Backfill] = None
        self.process = None
        self.http = requests.Session()
        self._posted = 0

    # -- process ---------------------------------------------------------------------------

    def start(self):
        self.log_path = self.data.parent / f"serve-{self.port}.log"
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [
                str(BINARY),
                "serve",
                "--data",
                str(self.data),
                "--port",
                str(self.port),
                "--flush-interval-ms",
                "50",
                "--backfill-token",
                self.token,
                *self.store,
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"server exited with {self.process.returncode}; see {self.log_path}"
            try:
                if requests.get(self.url + "/health", timeout=1).status_code == 200:
                    return self
            except requests.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("server did not become healthy in 20 s")

    def stop(self) -> Optional[int]:
        """SIGTERM, as an operator stops it; kill only if it does not exit in 20 s."""
        self.http.close()
        if self.process is None:
            return None
        try:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGTERM)
                try:
                    self.process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            return self.process.returncode
        finally:
            self.log.close()

    # -- beacons ---------------------------------------------------------------------------

    def send(self, beacons: list[audience.Beacon]):
        """Sends each beacon as a player does; exact-time ones through the backfill batch."""
        exact = [b for b in beacons if b.exact]
        live = [b for b in beacons if not b.exact]
        for i, b in enumerate(live):
            self._track_event(b, as_post=bool(i % 2))
        if exact:
            self._backfill(exact)
        self.beacons += beacons
        self.wait_stored()

    def _track_event(self, b: audience.Beacon, as_post: bool):
        params = b.params()
        headers = {"User-Agent": b.user_agent}
        b.at = time.time()
        if as_post:
            # KAVA's POST: the routing ids in the query, everything else in a JSON body.
            ids = {k: params.pop(k) for k in ("eventType", "partnerId", "entryId", "sessionId")}
            query = {"service": "analytics", "action": "trackEvent", **ids}
            r = self.http.post(f"{self.url}/api_v3/index.php", params=query, json=params, headers=headers, timeout=10)
        else:
            query = {"service": "analytics", "action": "trackEvent", **params}
            r = self.http.get(f"{self.url}/api_v3/index.php", params=query, headers=headers, timeout=10)
        assert r.status_code == 200, f"beacon {params} refused: {r.status_code} {r.text}"
        assert "time" in r.json()
        self._posted += 1

    def _backfill(self, beacons: list[audience.Beacon]):
        body = "\n".join(json.dumps(b.batch_line()) for b in beacons)
        r = self.http.post(
            f"{self.url}/api/v1/beacons",
            data=body,
            headers={"Content-Type": "application/x-ndjson", "Authorization": f"Bearer {self.token}"},
            timeout=10,
        )
        assert r.status_code == 200, r.text
        reply = r.json()
        assert reply["accepted"] == len(beacons), reply
        self._posted += len(beacons)

    def stored(self) -> int:
        text = self.http.get(self.url + "/metrics", timeout=5).text
        m = re.search(r"^beacons_stored_total\s+([0-9.eE+]+)\s*$", text, re.M)
        return int(float(m.group(1))) if m else -1

    def wait_stored(self, timeout: float = 15):
        deadline = time.monotonic() + timeout
        while True:
            n = self.stored()
            if n == self._posted:
                return
            assert n < self._posted, f"{n} beacons stored, only {self._posted} sent"
            assert time.monotonic() < deadline, f"only {n} of {self._posted} beacons stored after {timeout}s"
            time.sleep(0.02)

    # -- expectations ----------------------------------------------------------------------

    def live_window(self) -> tuple[float, float]:
        """Absolute bounds of the relative window checks.LIVE_FROM..LIVE_TO, evaluated now."""
        now = time.time()
        return now + checks.LIVE_FROM, now + checks.LIVE_TO

    def live(self, partner: Partner, **filters) -> list[audience.Beacon]:
        """The beacons of `partner` a realtime query over the live window sees."""
        lo, hi = self.live_window()
        return audience.select(self.beacons, partner.id, lo, hi, **filters)

    def between(self, partner: Partner, lo: float, hi: float, **filters) -> list[audience.Beacon]:
        return audience.select(self.beacons, partner.id, lo, hi, **filters)


@pytest.fixture(scope="session")
def server(tmp_path_factory, store):
    """One server per store: the suite runs on the embedded store, on ClickHouse and on a cluster."""
    base = tmp_path_factory.mktemp("compat")
    data = base / "data"
    data.mkdir()
    a = add_partner(data, store, "Compat Partner A")
    b = add_partner(data, store, "Compat Partner B", partner_id=a.id + 1000)
    c = add_partner(data, store, "Compat Partner C")
    rotated = cli("partner", "rotate-secret", "--data", data, "--id", c.id, "--json", *store)
    try:
        new = json_output(rotated)
        assert new["id"] == c.id
        c.old_admin_secret, c.admin_secret = c.admin_secret, new["adminSecret"]
    except (AssertionError, KeyError, ValueError) as e:  # checked by test_session
        c.rotate_error = f"{e}; stdout={rotated.stdout!r} stderr={rotated.stderr!r}"

    s = CompatServer(data, a, b, c, store)
    try:
        s.start()
        now = time.time()
        s.rehearsal = audience.rehearsal(a.id, now)
        s.send(audience.live_audience(a.id, b.id))
        s.send(s.rehearsal.beacons)
        s.send(audience.ended_broadcast(c.id, now))
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="session")
def ks_a(server) -> str:
    return checks.start_admin_ks(server.url, server.a)


@pytest.fixture(scope="session")
def ks_b(server) -> str:
    return checks.start_admin_ks(server.url, server.b)


@pytest.fixture
def client_a(server, ks_a):
    """A fresh client (so no test inherits another's multirequest state) with A's admin KS."""
    return checks.client_with_ks(server.url, ks_a)


@pytest.fixture
def client_b(server, ks_b):
    return checks.client_with_ks(server.url, ks_b)
