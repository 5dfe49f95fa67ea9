"""A webcast that is live right now: backfilled up to this moment, it must be the one live-now entry,
with every number equal to the truth so far, and the ended webcasts must stay out of its list."""

import time

import pytest

from test_accuracy import PAGE, close, ratio, report_filter, rows

ENTRY = "1_live_now"


class Live:
    def __init__(self, truth):
        self.truth = truth
        self.entry = ENTRY
        # Reports round times to ten seconds; the first bucket starts at or before the stream did.
        self.start = truth["settings"]["start"] // 10 * 10
        self.end = truth["settings"]["until"]


@pytest.fixture(scope="session")
def live(server, tmp_path_factory):
    # Started 15 minutes ago and planned for 30: the simulator sends what has happened up to now.
    start = int(time.time()) - 900
    truth = server.simulate("town-hall", 250, 1800, 5, start, ENTRY, tmp_path_factory.mktemp("live") / "truth.json")
    assert truth["settings"]["until"] >= start + 890, "the event should be cut at now"
    return Live(truth)


def test_the_running_webcast_is_the_only_live_now_entry(live, client):
    [row] = rows(client.report.getTable("10015", report_filter(live, entryIdIn=None), PAGE))
    totals = live.truth["totals"]
    assert row["entry_id"] == ENTRY
    assert int(row["views"]) == totals["slots"]
    close(row["avg_view_engagement"], ratio(totals["engagedSlots"], totals["slots"]))
    close(row["avg_view_buffering"], ratio(totals["bufferingSlots"], totals["slots"]))


def test_ended_broadcasts_leave_the_running_webcast_out(live, server, client, tmp_path):
    # A short lecture that ended 40 minutes ago, beside the running webcast.
    ended = server.simulate("lecture", 20, 300, 3, live.start - 1500, "1_ended_recently", tmp_path / "truth.json")
    last_hour = report_filter(live, entryIdIn=None)
    last_hour.fromDate = live.start - 1800
    [row] = rows(client.report.getTable("10014", last_hour, PAGE))
    assert row["entry_id"] == "1_ended_recently"
    assert int(row["viewers"]) == max(b["slots"] for b in ended["buckets"])


def test_users_overview_up_to_the_live_edge(live, client):
    table = client.report.getTable("10005", report_filter(live, interval="ten_seconds"), PAGE)
    got = {int(row["date_id"]): row for row in rows(table)}
    buckets = {b["start"]: b for b in live.truth["buckets"] if b["slots"] > 0}
    assert set(got) == set(buckets)
    # The last bucket with viewers is within half a minute of now: the event is running.
    assert max(buckets) >= time.time() - 40
    for start, bucket in buckets.items():
        assert int(got[start]["view_unique_audience"]) == bucket["users"], start
        assert int(got[start]["views"]) == bucket["slots"], start
