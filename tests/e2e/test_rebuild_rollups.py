"""`store rebuild-rollups` rebuilds a store's rollups offline and checks every realtime report from
them against the raw rows; a store whose rows it cannot read gets a clear error."""

import json
import os
import subprocess
import time
from pathlib import Path

BINARY = Path(os.environ.get("WEBCAST_BIN", Path(__file__).resolve().parents[2] / ".build" / "debug" / "webcast-analytics"))


def run(*args, timeout=300):
    return subprocess.run([str(BINARY), *map(str, args)], capture_output=True, text=True, timeout=timeout)


def test_rebuilt_rollups_answer_like_the_raw_rows(server, data_dir):
    partner = json.loads(run("partner", "add", "--data", data_dir, "--name", "rebuild", "--json").stdout)
    s = server("--flush-interval-ms", "50")
    now = time.time()
    simulated = run(
        "simulate", "--url", s.url, "--partner", partner["id"], "--entry", "1_rebuild", "--viewers", 60,
        "--duration", "10m", "--speed", "max", "--secret", partner["adminSecret"], "--seed", 9,
        "--start", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 3600)),
    )
    assert simulated.returncode == 0, simulated.stderr
    assert s.stop() == 0

    result = run("store", "rebuild-rollups", "--data", data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    stored = sum(int(line.split()[-1]) for line in run("store", "stats", "--data", data_dir).stdout.splitlines() if line.startswith("total:"))
    assert f"rebuilt the rollups of {stored} beacons" in result.stdout
    assert "checked 16 reports against the raw rows: all equal" in result.stdout


def test_a_missing_store_is_named(tmp_path):
    result = run("store", "rebuild-rollups", "--data", tmp_path / "nowhere")
    assert result.returncode == 64
    assert "no store at" in result.stderr and "nowhere" in result.stderr
