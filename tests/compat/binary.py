"""Running the `webcast-analytics` command line (path from $WEBCAST_BIN)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("WEBCAST_BIN", ROOT / ".build" / "debug" / "webcast-analytics"))


def cli(*args, timeout: float = 60) -> subprocess.CompletedProcess:
    assert BINARY.exists(), f"build the binary first: {BINARY}"
    return subprocess.run([str(BINARY), *map(str, args)], capture_output=True, text=True, timeout=timeout)


def json_output(result: subprocess.CompletedProcess):
    """The JSON document a `--json` command printed (its only stdout line)."""
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr}"
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one JSON line, got {result.stdout!r}"
    return json.loads(lines[0])
