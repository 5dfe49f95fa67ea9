"""Beacons sent over HTTP, as a player sends them, survive SIGTERM/SIGINT and a restart."""

import json
import signal
import sqlite3
import time

import requests

QUERY = "service=analytics&action=trackEvent&eventType=99&partnerId=42&entryId=1_e2e"
BODY = {"playbackType": "live", "bufferTime": 0, "actualBitrate": 1500, "soundMode": 2, "tabMode": 2, "apiVersion": "3.3.0", "format": 1}


def stored(data_dir, partner=42):
    with sqlite3.connect(data_dir / "webcast.sqlite") as db:
        return db.execute("SELECT COUNT(*) FROM beacon WHERE partner_id = ?", (partner,)).fetchone()[0]


def send_views(url, count, start=0):
    """Half as KAVA's POST (query + JSON body), half as GET; every one must be acknowledged."""
    with requests.Session() as http:
        for i in range(start, start + count):
            if i % 2:
                r = http.post(f"{url}/api_v3/index.php?{QUERY}&sessionId=s{i % 700}", json=BODY)
            else:
                r = http.get(f"{url}/api_v3/service/analytics/action/trackEvent?{QUERY}&sessionId=s{i % 700}&bufferTime=0")
            assert r.status_code == 200, r.text
            assert r.json()["viewEventsEnabled"] is True


def test_ten_thousand_beacons_survive_sigterm_and_restart(server, data_dir):
    s = server()
    send_views(s.url, 10_000)
    assert s.stop(signal.SIGTERM) == 0
    assert stored(data_dir) == 10_000

    again = server()
    send_views(again.url, 1, start=10_000)
    assert again.stop(signal.SIGINT) == 0
    assert stored(data_dir) == 10_001


def test_acknowledged_beacon_reaches_the_file_within_a_flush_interval(server, data_dir):
    s = server("--flush-interval-ms", "500")
    send_views(s.url, 1)
    acknowledged = time.monotonic()
    while stored(data_dir) < 1 and time.monotonic() - acknowledged < 2:
        time.sleep(0.02)
    waited = time.monotonic() - acknowledged
    assert stored(data_dir) == 1
    assert waited < 1.0, f"took {waited:.3f} s"
    s.stop()


def test_rejections_are_counted_by_reason_and_good_lines_kept(server, data_dir):
    s = server()
    bad = [
        ("get", "eventType=99&partnerId=42&entryId=1_e2e", None, "missing_field"),
        ("get", "eventType=12345&partnerId=42&entryId=1_e2e&sessionId=x", None, "unknown_event_type"),
        ("get", "eventType=99&partnerId=forty&entryId=1_e2e&sessionId=x", None, "invalid_type"),
        ("post", f"{QUERY}&sessionId=x", "{broken", "invalid_json"),
    ]
    for method, query, body, reason in bad:
        url = f"{s.url}/api_v3/index.php?service=analytics&action=trackEvent&{query}"
        if method == "get":
            r = requests.get(url)
        else:
            r = requests.post(url, data=body, headers={"Content-Type": "application/json"})
        assert r.status_code == 400
        assert r.json()["error"]["reason"] == reason

    lines = [json.dumps({"eventType": 99, "partnerId": 42, "entryId": "1_e2e", "sessionId": f"b{i}"}) for i in range(1000)]
    lines[3] = "{"
    lines[600] = json.dumps({"eventType": 99, "partnerId": 42, "sessionId": "x"})
    lines[999] = json.dumps({"eventType": 99, "partnerId": 42, "entryId": "1_e2e", "sessionId": "x", "soundMode": 7})
    r = requests.post(f"{s.url}/api/v1/beacons", data="\n".join(lines), headers={"Content-Type": "application/x-ndjson"})
    assert r.status_code == 200
    reply = r.json()
    assert reply["accepted"] == 997
    assert [(x["line"], x["reason"]) for x in reply["rejected"]] == [(4, "invalid_json"), (601, "missing_field"), (1000, "invalid_value")]

    too_big = "\n".join([lines[0]] * 200_000)
    assert len(too_big) > 8 * 1024 * 1024
    r = requests.post(f"{s.url}/api/v1/beacons", data=too_big, headers={"Content-Type": "application/x-ndjson"})
    assert r.status_code == 413
    assert r.json()["error"]["reason"] == "body_too_large"

    metrics = requests.get(f"{s.url}/metrics").text
    for reason, count in [("missing_field", 2), ("unknown_event_type", 1), ("invalid_type", 1), ("invalid_json", 2), ("invalid_value", 1), ("body_too_large", 1)]:
        assert f'beacons_rejected_total{{reason="{reason}"}} {count}' in metrics, reason
    assert s.stop() == 0
    assert stored(data_dir) == 997


def test_secrets_are_not_logged(server, data_dir):
    s = server("--backfill-token", "tok-do-not-log")
    line = json.dumps({"eventType": 99, "partnerId": 42, "entryId": "1_e2e", "sessionId": "k", "ks": "djJ8ks-do-not-log", "eventTime": 1794000000})
    r = requests.post(f"{s.url}/api/v1/beacons", data=line, headers={"Content-Type": "application/x-ndjson", "Authorization": "Bearer tok-do-not-log"})
    assert r.json()["accepted"] == 1
    r = requests.post(f"{s.url}/api/v1/beacons", data=line, headers={"Content-Type": "application/x-ndjson", "Authorization": "Bearer nope"})
    assert r.status_code == 401
    assert r.json()["error"]["reason"] == "unauthorized"
    assert 'beacons_rejected_total{reason="unauthorized"} 1' in requests.get(f"{s.url}/metrics").text
    assert s.stop() == 0
    log = (data_dir.parent / f"serve-{s.port}.log").read_text()
    assert "do-not-log" not in log
    with sqlite3.connect(data_dir / "webcast.sqlite") as db:
        assert db.execute("SELECT time_ms FROM beacon").fetchall() == [(1794000000000,)]
        assert "do-not-log" not in repr(db.execute("SELECT * FROM beacon").fetchall())
