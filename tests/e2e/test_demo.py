"""The README's first command: `demo` serves a rising live audience within a minute, the `report`
command prints it, the past webcast is backfilled, and Ctrl-C stops everything cleanly."""

import re
import selectors
import signal
import subprocess
import time
import urllib.request

import os
import socket
from pathlib import Path

BINARY = Path(os.environ.get("WEBCAST_BIN", Path(__file__).resolve().parents[2] / ".build" / "debug" / "webcast-analytics"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_until(process, pattern, deadline, seen):
    """Reads the demo's stdout until `pattern` matches what it printed so far."""
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    while not (match := re.search(pattern, seen[0])):
        assert time.monotonic() < deadline, f"no {pattern!r} in:\n{seen[0]}"
        assert process.poll() is None, f"demo exited {process.returncode}:\n{seen[0]}"
        if selector.select(timeout=0.5):
            seen[0] += process.stdout.read1(65536).decode()
    return match


def test_demo_shows_a_rising_audience_within_a_minute(tmp_path):
    port = free_port()
    started = time.monotonic()
    process = subprocess.Popen(
        [str(BINARY), "demo", "--port", str(port), "--data", str(tmp_path / "demo")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    seen = [""]
    try:
        deadline = started + 60
        partner = read_until(process, r"Demo partner (\d+)\s+admin secret: (\S+)", deadline, seen)
        url = f"http://127.0.0.1:{port}"
        audience = []
        while time.monotonic() < deadline:
            time.sleep(5)
            report = subprocess.run(
                [str(BINARY), "report", "--url", url, "--partner", partner[1], "--secret", partner[2],
                 "--type", "USERS_OVERVIEW_REALTIME", "--from", "-120", "--to", "0", "--interval", "ten_seconds",
                 "--entry", "1_demo_live", "--format", "csv"],
                capture_output=True, text=True, timeout=30,
            )
            assert report.returncode == 0, report.stderr
            lines = report.stdout.strip().splitlines()
            if len(lines) < 2:
                continue
            column = lines[0].split(",").index("view_unique_audience")
            audience = [int(line.split(",")[column]) for line in lines[1:]]
            # Three ten-second buckets or more, the latest complete one above the first.
            if len(audience) >= 4 and audience[-2] > audience[0] > 0:
                break
        else:
            raise AssertionError(f"no rising audience within a minute: {audience}\n{seen[0]}")
        read_until(process, r"past webcast 1_demo_townhall backfilled: \d+ beacons", started + 180, seen)
        # The printed pane and post-event links open their pages.
        links = re.findall(r"http://127\.0\.0\.1:\d+/(?:live|webcasts)/\S+", seen[0])
        assert sorted(link.split("/")[3] for link in links) == ["live", "webcasts"], seen[0]
        for link in links:
            with urllib.request.urlopen(link, timeout=10) as page:
                assert page.status == 200 and b"<html" in page.read(), link
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
    assert code == 0, seen[0]
