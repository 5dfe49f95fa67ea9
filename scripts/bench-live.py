#!/usr/bin/env python3
"""Beacon-to-pane latency and the cost of open panes, against a running server under load.

  scripts/bench-live.py --url http://127.0.0.1:8080 --partner 1001 --secret <admin secret> \
      [--probes 60] [--panes 100] [--entry 1_bench]

Latency: for each probe, a pane (server-sent events) opens on a fresh entry, then one VIEW is sent;
the time from sending the beacon to receiving the first snapshot that counts it is one sample.
Panes: N panes stay open on `--entry` (run the simulator on it for load) for 30 s; the script prints
the server's snapshot counters, so computed-per-second vs sent-per-second shows the fan-out.
"""

import argparse
import json
import statistics
import threading
import time
import uuid

import requests


def session(url, partner, secret):
    body = {"format": 1, "partnerId": partner, "secret": secret, "type": 2, "userId": "bench", "expiry": 3600}
    return requests.post(f"{url}/api_v3/service/session/action/start", json=body, timeout=10).json()


def snapshots(url, entry, ks, stop):
    with requests.get(f"{url}/live/{entry}/events", params={"ks": ks}, stream=True, timeout=30) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if stop.is_set():
                return
            if line.startswith(b"data: "):
                yield json.loads(line[6:])


def probe(url, partner, ks, index):
    entry = f"1_probe_{index}_{uuid.uuid4().hex[:6]}"
    stop = threading.Event()
    stream = snapshots(url, entry, ks, stop)
    next(stream)  # the full snapshot on connect: the pane is open
    sent = time.monotonic()
    requests.get(
        f"{url}/api_v3/index.php",
        params={"service": "analytics", "action": "trackEvent", "eventType": 99, "partnerId": partner, "entryId": entry,
                "sessionId": uuid.uuid4().hex, "playbackType": "live", "userId": f"probe{index}"},
        timeout=10,
    ).raise_for_status()
    for snapshot in stream:
        if snapshot["attending"]["live"] >= 1:
            stop.set()
            return time.monotonic() - sent


def metric(url, name):
    for line in requests.get(f"{url}/metrics", timeout=10).text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return 0.0


def panes(url, ks, entry, count, seconds):
    stop = threading.Event()
    received = [0] * count
    attending = [0]

    def pane(index):
        for snapshot in snapshots(url, entry, ks, stop):
            received[index] += 1
            attending[0] = max(attending[0], snapshot["attending"]["live"])

    threads = [threading.Thread(target=pane, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    computed, sent = metric(url, "live_snapshots_computed_total"), metric(url, "live_snapshots_sent_total")
    time.sleep(seconds)
    computed, sent = metric(url, "live_snapshots_computed_total") - computed, metric(url, "live_snapshots_sent_total") - sent
    stop.set()
    return computed / seconds, sent / seconds, min(received), attending[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--partner", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--probes", type=int, default=60)
    parser.add_argument("--panes", type=int, default=0)
    parser.add_argument("--entry", default="1_bench")
    args = parser.parse_args()
    ks = session(args.url, args.partner, args.secret)
    samples = sorted(probe(args.url, args.partner, ks, index) for index in range(args.probes))
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    print(f"beacon-to-pane latency over {len(samples)} probes: p50 {statistics.median(samples):.3f} s, "
          f"p95 {p95:.3f} s, max {samples[-1]:.3f} s")
    if args.panes:
        computed, sent, least, attending = panes(args.url, ks, args.entry, args.panes, 30)
        print(f"{args.panes} panes on {args.entry}: {computed:.2f} snapshots computed/s, {sent:.1f} sent/s "
              f"(every pane got at least {least}); live attendees shown: up to {attending}")


if __name__ == "__main__":
    main()
