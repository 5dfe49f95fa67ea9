"""Bad command lines get a usage error that names the option and the reason, and exit 64."""

import subprocess

import pytest

import os
from pathlib import Path

BINARY = Path(os.environ.get("WEBCAST_BIN", Path(__file__).resolve().parents[2] / ".build" / "debug" / "webcast-analytics"))


@pytest.mark.parametrize(
    "args,named,reason",
    [
        (["--partner", "1001", "--duration", "ten minutes"], "--duration", "is not like 90s, 30m or 2h"),
        (["--partner", "1001", "--duration", "0s"], "--duration", "is not like"),
        (["--partner", "1001", "--viewers", "0"], "--viewers", "at least 1"),
        (["--partner", "1001", "--shape", "concert"], "--shape", "concert"),
        (["--partner", "1001", "--speed", "fast"], "--speed", "fast"),
        (["--partner", "1001", "--start", "yesterday"], "--start", "is not ISO 8601"),
        (["--partner", "0"], "--partner", "positive"),
        (["--entry", "1_x"], "--partner", "Missing"),
        (["--partner", "1001", "--speed", "max", "--url", "http://127.0.0.1:9"], "--secret", "needed for --speed max"),
    ],
)
def test_simulate_usage_errors(args, named, reason):
    result = subprocess.run([str(BINARY), "simulate", *args], capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 64, result.stderr
    assert named in result.stderr and reason in result.stderr, result.stderr
    assert "Usage: webcast-analytics simulate" in result.stderr or named == "--secret"


@pytest.mark.parametrize(
    "args,named,reason",
    [
        (["--viewers", "0"], "--viewers", "at least 1"),
        (["--duration", "5m"], "--duration", "at least 10m"),
        (["--duration", "soon"], "--duration", "is not a length"),
        (["--runs", "0"], "--runs", "at least 1"),
    ],
)
def test_bench_usage_errors(args, named, reason):
    result = subprocess.run([str(BINARY), "bench", *args], capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 64, result.stderr
    assert named in result.stderr and reason in result.stderr, result.stderr
