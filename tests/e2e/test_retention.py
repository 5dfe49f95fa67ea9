"""`serve --retention` deletes the beacons of whole days older than the retention, with their
rollups, when it starts: reports over those days come back empty, the days it keeps answer as
before, and the deletion is logged and counted."""

import json
import re
import time

import requests

from test_rebuild_rollups import run


def stored(data_dir) -> int:
    stats = run("store", "stats", "--data", data_dir).stdout
    return int(re.search(r"total: (\d+)", stats).group(1))


def audience(partner, data_dir, url, entry, start, seed):
    result = run(
        "simulate", "--url", url, "--partner", partner["id"], "--entry", entry, "--viewers", 40,
        "--duration", "10m", "--speed", "max", "--secret", partner["adminSecret"], "--seed", seed,
        "--start", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start)),
    )
    assert result.returncode == 0, result.stderr


def views(partner, url, entry, start) -> list[int]:
    report = run(
        "report", "--url", url, "--partner", partner["id"], "--secret", partner["adminSecret"],
        "--type", "USERS_OVERVIEW_REALTIME", "--from", int(start), "--to", int(start) + 900,
        "--interval", "ten_minutes", "--entry", entry, "--format", "csv",
    )
    assert report.returncode == 0, report.stderr
    lines = report.stdout.strip().splitlines()
    if len(lines) < 2:
        return []
    column = lines[0].split(",").index("views")
    return [int(float(line.split(",")[column])) for line in lines[1:]]


def test_old_days_go_and_recent_ones_stay(server, data_dir):
    partner = json.loads(run("partner", "add", "--data", data_dir, "--name", "retention", "--json").stdout)
    now = time.time()
    old_start, recent_start = now - 4 * 86_400, now - 3_600
    s = server("--flush-interval-ms", "50")
    audience(partner, data_dir, s.url, "1_old", old_start, 3)
    assert s.stop() == 0
    old = stored(data_dir)
    s = server("--flush-interval-ms", "50")
    audience(partner, data_dir, s.url, "1_recent", recent_start, 4)
    assert s.stop() == 0
    total = stored(data_dir)
    s = server()
    recent_views = views(partner, s.url, "1_recent", recent_start)
    assert sum(views(partner, s.url, "1_old", old_start)) > 0 and sum(recent_views) > 0
    assert s.stop() == 0
    assert 0 < old < total

    s = server("--retention", "2d")
    log = s.data.parent / f"serve-{s.port}.log"
    deadline = time.monotonic() + 60
    while not re.search(rb"deleted=\d+.*\] retention", log.read_bytes()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert f"deleted={old}".encode() in log.read_bytes(), log.read_text()
    assert stored(data_dir) == total - old
    assert views(partner, s.url, "1_old", old_start) == []
    assert views(partner, s.url, "1_recent", recent_start) == recent_views
    metrics = requests.get(s.url + "/metrics", timeout=10).text
    assert re.search(rf"^retention_deleted_beacons_total {old}$", metrics, re.M), metrics
    assert s.stop() == 0


def test_a_retention_that_is_not_days_is_refused(tmp_path):
    result = run("serve", "--data", tmp_path / "data", "--retention", "7w")
    assert result.returncode == 64
    assert "--retention" in result.stderr and "7w" in result.stderr


def test_delete_days_empties_the_days_before_a_date(server, data_dir):
    partner = json.loads(run("partner", "add", "--data", data_dir, "--name", "delete", "--json").stdout)
    old_start = time.time() - 3 * 86_400
    s = server("--flush-interval-ms", "50")
    audience(partner, data_dir, s.url, "1_old", old_start, 5)
    assert s.stop() == 0
    old = stored(data_dir)
    s = server("--flush-interval-ms", "50")
    audience(partner, data_dir, s.url, "1_recent", time.time() - 1_800, 6)
    assert s.stop() == 0
    total = stored(data_dir)

    first_kept = time.strftime("%Y-%m-%d", time.gmtime(old_start + 2 * 86_400))
    result = run("store", "delete-days", "--before", first_kept, "--data", data_dir)
    assert result.returncode == 0, result.stderr
    deleted = int(re.search(r"deleted (\d+) beacons before " + first_kept, result.stdout).group(1))
    assert deleted == old and stored(data_dir) == total - old
    s = server()
    assert views(partner, s.url, "1_old", old_start) == []
    assert sum(views(partner, s.url, "1_recent", time.time() - 1_800)) > 0
    assert s.stop() == 0

    refused = run("store", "delete-days", "--before", "2026-02-30", "--data", data_dir)
    assert refused.returncode == 64 and "--before" in refused.stderr and "2026-02-30" in refused.stderr
