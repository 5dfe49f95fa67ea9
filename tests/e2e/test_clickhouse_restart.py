"""ClickHouse killed in the middle of a webcast and started again: no acknowledged beacon is lost.

The test runs a ClickHouse server of its own (`scripts/clickhouse`), so that killing it does not
disturb the suites that share the one `scripts/test` started."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
DAY = int(time.time()) // 86400 * 86400


def free_port_block() -> int:
    """An HTTP port whose native (+877) and interserver (+886) ports are free too."""
    for _ in range(100):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + 886 > 65535:
            continue
        try:
            for other in (port + 877, port + 886):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", other))
            return port
        except OSError:
            continue
    raise RuntimeError("no free block of ports")


def clickhouse(command: str, folder: Path, port: int | None = None) -> str:
    args = [str(ROOT / "scripts" / "clickhouse"), command, str(folder)] + ([str(port)] if port else [])
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=120).stdout.strip()


def metric(url: str, name: str) -> float:
    for line in requests.get(url + "/metrics", timeout=5).text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return 0.0


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_a_clickhouse_restart_loses_no_acknowledged_beacon(tmp_path, launch, cli):
    folder, port = tmp_path / "clickhouse", free_port_block()
    url = clickhouse("start", folder, port)
    try:
        # Signing in reads the partner from ClickHouse, so the batches carry the backfill token instead.
        token = "restart-token"
        server = launch(
            "restart",
            "--flush-interval-ms", "50", "--backfill-token", token,
            store=["--store", "clickhouse", "--clickhouse-url", url, "--clickhouse-database", "restart"],
        )
        partner = server.partner["id"]

        def simulate(entry: str, seed: int, start: int) -> dict:
            truth_file = tmp_path / f"{entry}.json"
            cli(
                "simulate", "--url", server.url, "--partner", partner, "--entry", entry, "--viewers", 150,
                "--duration", "600s", "--speed", "max", "--backfill-token", token, "--seed", seed, "--start", start,
                "--truth", truth_file,
            )
            return json.loads(truth_file.read_text())["totals"]

        def stored() -> int:
            return int(metric(server.url, "beacons_stored_total"))

        before = simulate("1_before", 1, DAY - 86400 + 9 * 3600)["beacons"]
        wait_for(lambda: stored() == before, 30, "the first part was not stored")

        os.kill(int((folder / "pid").read_text()), signal.SIGKILL)
        wait_for(lambda: requests_fail(url), 10, "ClickHouse did not die")

        # Every beacon sent while ClickHouse is down is acknowledged and waits in the write buffer.
        during = simulate("1_during", 2, DAY - 86400 + 10 * 3600)["beacons"]
        time.sleep(1)
        assert stored() == before
        assert metric(server.url, "write_buffer_depth") == during
        assert metric(server.url, "write_buffer_flush_errors_total") >= 1

        clickhouse("start", folder, port)
        after = simulate("1_after", 3, DAY - 86400 + 11 * 3600)["beacons"]
        wait_for(lambda: stored() == before + during + after, 60, "the buffered beacons were not written after the restart")

        answer = requests.post(
            url,
            params={"database": "restart"},
            data="SELECT entry_id, count() FROM beacon GROUP BY entry_id ORDER BY entry_id FORMAT TabSeparated",
            timeout=10,
        )
        counts = dict(line.split("\t") for line in answer.text.split("\n") if line)
        assert counts == {"1_after": str(after), "1_before": str(before), "1_during": str(during)}
        assert metric(server.url, "write_buffer_depth") == 0
        server.stop()
    finally:
        clickhouse("stop", folder)


def requests_fail(url: str) -> bool:
    try:
        requests.get(url + "/ping", timeout=1)
        return False
    except requests.ConnectionError:
        return True
