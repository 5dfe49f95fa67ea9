"""Every number a report shows for the simulated webcast equals what the simulator says happened.

Counts, sums and unique counts must match exactly (the store counts distinct users exactly);
ratios are compared to 1e-9 relative, the precision of the 14 digits Kaltura prints."""

import math

import pytest
from KalturaClient.Plugins.Core import (
    KalturaEndUserReportInputFilter,
    KalturaFilterPager,
    KalturaReportResponseOptions,
)

PAGE = KalturaFilterPager(pageSize=12000, pageIndex=1)


def report_filter(event, **extra):
    """The event's whole time range and its entry; `entryIdIn=None` leaves the entry out."""
    fields = {"fromDate": event.start, "toDate": event.end + 10, "entryIdIn": event.entry, **extra}
    return KalturaEndUserReportInputFilter(**{name: value for name, value in fields.items() if value is not None})


def rows(table):
    assert table.header, "the report is empty"
    header = table.header.split(",")
    return [dict(zip(header, row.split(","))) for row in table.data.split(";") if row]


def total(result):
    return dict(zip(result.header.split(","), result.data.split(",")))


def close(text, expected):
    assert math.isclose(float(text), expected, rel_tol=1e-9, abs_tol=1e-12), f"{text} != {expected}"


def ratio(numerator, denominator):
    return numerator / denominator if denominator else 0


def test_users_overview_every_ten_seconds_over_the_whole_event(event, client):
    table = client.report.getTable("10005", report_filter(event, interval="ten_seconds"), PAGE)
    got = {int(row["date_id"]): row for row in rows(table)}
    buckets = {b["start"]: b for b in event.truth["buckets"] if b["slots"] > 0}
    assert set(got) == set(buckets)
    # Nearly every one of the event's ten-second buckets has viewers.
    assert len(got) >= event.shape.duration // 10 * 0.95
    for start, bucket in buckets.items():
        row = got[start]
        views = bucket["slots"]
        assert int(row["view_unique_audience"]) == bucket["users"], start
        assert int(row["view_unique_engaged_users"]) == bucket["engagedUsers"], start
        assert int(row["views"]) == views, start
        close(row["avg_view_engagement"], ratio(bucket["engagedSlots"], views))


def test_quality_every_ten_seconds(event, client):
    graphs = client.report.getGraphs("10006", report_filter(event, interval="ten_seconds"))
    series = {g.id: dict(point.split(",") for point in g.data.split(";") if point) for g in graphs}
    for bucket in event.truth["buckets"]:
        views = bucket["slots"]
        if not views:
            continue
        key = str(bucket["start"])
        assert int(series["view_unique_audience"][key]) == bucket["users"]
        assert int(series["view_unique_buffering_users"][key]) == bucket["bufferingUsers"]
        close(series["view_buffer_time_ratio"][key], ratio(bucket["bufferSeconds"], views * 10))
        close(series["avg_view_bitrate"][key], ratio(bucket["bitrateSum"], bucket["bitrateSlots"]))


def test_platforms(event, client):
    got = {row["device"]: row for row in rows(client.report.getTable("10004", report_filter(event), PAGE))}
    assert set(got) == set(event.truth["devices"])
    for device, truth in event.truth["devices"].items():
        assert int(got[device]["view_unique_audience"]) == truth["users"]
        assert int(got[device]["sum_view_time"]) == truth["viewSeconds"]


def test_every_user_live_and_dvr(event, client):
    table = client.report.getTable("10008", report_filter(event), PAGE, "-sum_view_time")
    got = {row["user_id"]: row for row in rows(table)}
    users = event.truth["users"]
    assert table.totalCount == len(users)
    assert set(got) == set(users)
    for key, user in users.items():
        row = got[key]
        assert row["user_name"] == (user.get("userId") or "Unknown")
        assert int(row["sum_view_time_live"]) == user["liveSeconds"]
        assert int(row["sum_view_time_dvr"]) == user["dvrSeconds"]
        assert int(row["sum_view_time"]) == user["liveSeconds"] + user["dvrSeconds"]
        close(row["avg_view_buffering"], ratio(user["bufferingSlots"], user["slots"]))
        close(row["avg_view_engagement"], ratio(user["engagedSlots"], user["slots"]))
        close(row["view_buffer_time_ratio"], ratio(user["bufferSeconds"], user["slots"] * 10))
    times = [int(row["sum_view_time"]) for row in rows(table)]
    assert times == sorted(times, reverse=True)


def test_discovery_totals(event, client):
    totals = event.truth["totals"]
    got = total(client.report.getTotal("10007", report_filter(event)))
    assert int(got["view_unique_audience"]) == totals["uniqueUsers"]
    assert int(got["view_unique_engaged_users"]) == totals["engagedUsers"]
    assert int(got["view_unique_buffering_users"]) == totals["bufferingUsers"]
    assert int(got["view_unique_audience_dvr"]) == totals["dvrUsers"]
    assert int(got["sum_view_time"]) == totals["slots"] * 10
    assert int(got["error"]) == totals["errors"]
    close(got["avg_view_dvr"], ratio(totals["dvrSlots"], totals["slots"]))
    close(got["view_buffer_time_ratio"], ratio(totals["bufferSeconds"], totals["slots"] * 10))
    close(got["avg_view_bitrate"], ratio(totals["bitrateSum"], totals["bitrateSlots"]))


def test_the_audience_has_the_features_the_reports_must_separate(event):
    totals = event.truth["totals"]
    assert totals["dvrUsers"] > 0 and totals["bufferingUsers"] > 0 and totals["errors"] >= 0
    # Rejoins after a network drop open new sessions.
    assert totals["sessions"] > event.shape.viewers
    assert any(user.get("userId") is None for user in event.truth["users"].values())


def test_playback_types(event, client):
    got = {row["playback_type"]: int(row["sum_view_time"]) for row in rows(client.report.getTable("10011", report_filter(event), PAGE))}
    totals = event.truth["totals"]
    assert got == {"live": totals["liveSlots"] * 10, "dvr": totals["dvrSlots"] * 10}


def test_concurrent_viewers_per_dynamic_bucket(event, client):
    options = KalturaReportResponseOptions(skipEmptyDates=True)
    graphs = client.report.getGraphs("10013", report_filter(event), responseOptions=options)
    viewers = dict(point.split(",") for point in next(g for g in graphs if g.id == "viewers").data.split(";") if point)
    # Both events are under 10,000 s long, so dynamic buckets are 10 s: viewers = VIEWs per bucket.
    assert event.end + 10 - event.start < 10000
    for bucket in event.truth["buckets"]:
        views = bucket["slots"]
        if views:
            assert int(viewers[str(bucket["start"])]) == views


@pytest.mark.parametrize("field,truth_key", [("count_plays", "plays"), ("count_loads", "impressions")])
def test_top_content_of_the_live_event(event, client, field, truth_key):
    got = rows(client.report.getTable("1", report_filter(event, playbackTypeIn="live,dvr"), PAGE))
    assert [row["object_id"] for row in got] == [event.entry]
    assert int(got[0][field]) == event.truth["totals"][truth_key]


def test_users_status_lists_who_watched_live_and_who_in_dvr(event, client):
    got = {(row["user_id"], row["playback_type"]) for row in rows(client.report.getTable("10009", report_filter(event), PAGE))}
    expected = set()
    for key, user in event.truth["users"].items():
        if user["liveSeconds"]:
            expected.add((key, "live"))
        if user["dvrSeconds"]:
            expected.add((key, "dvr"))
    assert got == expected


def test_content_row_of_the_event(event, client):
    totals = event.truth["totals"]
    [row] = rows(client.report.getTable("10012", report_filter(event), PAGE))
    assert row["entry_id"] == event.entry
    close(row["avg_view_engagement"], ratio(totals["engagedSlots"], totals["slots"]))
    close(row["avg_view_buffering"], ratio(totals["bufferingSlots"], totals["slots"]))
    assert int(row["view_unique_audience"]) == totals["uniqueUsers"]


def test_ended_broadcast_shows_its_peak(event, client):
    [row] = rows(client.report.getTable("10014", report_filter(event), PAGE))
    peak = max(b["slots"] for b in event.truth["buckets"])
    assert row["entry_id"] == event.entry
    assert int(row["viewers"]) == peak
    totals = event.truth["totals"]
    close(row["avg_view_engagement"], ratio(totals["engagedSlots"], totals["slots"]))
    # Two days later, the event is not live now.
    assert not client.report.getTable("10015", report_filter(event), PAGE).data


def test_geo_before_enrichment_puts_everyone_in_unknown(event, client):
    [row] = rows(client.report.getTable("10001", report_filter(event), PAGE))
    assert row["country"] == "Unknown"
    assert int(row["view_unique_audience"]) == event.truth["totals"]["uniqueUsers"]
    assert int(row["views"]) == event.truth["totals"]["slots"]
