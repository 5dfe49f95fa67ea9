"""Every realtime report (10001-10016) through the official client, against values computed from
the beacons this suite sent.

"Live window" = fromDate -3600 / toDate +3600 (relative), which holds every trackEvent beacon.
Timeline reports are checked bucket by bucket on the backfilled rehearsal (exact times)."""

import time

import pytest
from KalturaClient.Plugins.Core import KalturaReportBaseTotal, KalturaReportType

import audience
from audience import REALTIME_REPORTS, REHEARSAL
from checks import (
    BIG_PAGE,
    check_series,
    check_table,
    check_total,
    check_value,
    client_with_ks,
    column,
    end_user_filter,
    graph_series,
    live_filter,
    report_filter,
    start_admin_ks,
    table_rows,
    total_values,
)

DIMENSION_REPORTS = ["10001", "10002", "10003", "10004", "10008", "10009", "10010", "10011", "10012"]
TIMELINE_REPORTS = ["10005", "10006", "10007", "10013", "10016"]
# 10016's "combined live" figures are checked on the all-live rehearsal only (see ambiguities).
LIVE_WINDOW_TOTALS = ["10001", "10002", "10003", "10004", "10005", "10006", "10007", "10008", "10010", "10011", "10012", "10013"]


def rehearsal_filter(server, start_offset=0, end_offset=40, **fields):
    t0 = server.rehearsal.t0
    return report_filter(fromDate=t0 + start_offset, toDate=t0 + end_offset, interval="ten_seconds", entryIdIn=REHEARSAL, **fields)


def rehearsal_beacons(server, start_offset=0, end_offset=40):
    t0 = server.rehearsal.t0
    return server.between(server.a, t0 + start_offset, t0 + end_offset, entries=[REHEARSAL])


def test_client_enum_names_match_the_report_ids():
    for rid, report in REALTIME_REPORTS.items():
        assert getattr(KalturaReportType, report.name) == rid


# ------------------------------------------------------------------------------------------
# Dimension tables over the live window
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rid", DIMENSION_REPORTS)
def test_table_over_live_window(server, client_a, rid):
    report = REALTIME_REPORTS[rid]
    table = client_a.report.getTable(rid, live_filter(), BIG_PAGE)
    expected = audience.expected_rows(report, server.live(server.a))
    assert expected, "the audience must give this report rows"
    check_table(table, report.table_headers, report.keys, expected, what=rid)


@pytest.mark.parametrize("rid", LIVE_WINDOW_TOTALS)
def test_total_over_live_window(server, client_a, rid):
    report = REALTIME_REPORTS[rid]
    total = client_a.report.getTotal(rid, live_filter())
    check_total(total, report.total, audience.expected_total(report, server.live(server.a)), what=rid)


@pytest.mark.parametrize("rid", LIVE_WINDOW_TOTALS)
def test_base_total_over_live_window(server, client_a, rid):
    """getBaseTotal answers with a list of KalturaReportBaseTotal; any item it holds is one of
    the report's total metrics with the right value (the contract does not say which ones)."""
    report = REALTIME_REPORTS[rid]
    result = client_a.report.getBaseTotal(rid, live_filter())
    assert isinstance(result, list)
    expected = audience.expected_total(report, server.live(server.a))
    for item in result:
        assert isinstance(item, KalturaReportBaseTotal)
        assert item.id in expected, f"{rid}: base total {item.id!r} is not a total metric"
        check_value(item.data, expected[item.id], f"{rid} base total {item.id}")


def test_geo_reports_put_everyone_in_unknown_country(server, client_a):
    bs = server.live(server.a)
    expected_views = str(len(audience.views_of(bs)))
    for rid in ("10001", "10002", "10003"):
        headers, rows = table_rows(client_a.report.getTable(rid, live_filter(), BIG_PAGE))
        assert column(rows, headers, "country") == ["Unknown"], rid
        assert column(rows, headers, "views") == [expected_views], rid


def test_users_are_counted_by_user_id_across_sessions_and_by_session_when_anonymous(server, client_a):
    report = REALTIME_REPORTS["10008"]
    headers, rows = table_rows(client_a.report.getTable("10008", live_filter(), BIG_PAGE))
    by_user = {r[headers.index("user_id")]: r for r in rows}
    alice_views = [b for b in audience.views_of(server.live(server.a)) if b.user == "alice@example.com"]
    assert len({b.session for b in alice_views}) == 2, "alice watches from two sessions"
    check_value(by_user["alice@example.com"][headers.index("sum_view_time")], len(alice_views) * 10, "alice")
    assert by_user["anon-01"][headers.index("user_name")] == "Unknown"
    assert by_user["alice@example.com"][headers.index("user_name")] == "alice@example.com"
    assert "known_flavor_params_view_count" not in headers, "no flavorParamsId was sent"
    assert list(headers) == list(report.table_headers)


def test_realtime_reports_leave_out_vod_plays(server, client_a):
    headers, rows = table_rows(client_a.report.getTable("10012", live_filter(), BIG_PAGE))
    entries = set(column(rows, headers, "entry_id"))
    vod_views = [b for b in server.between(server.a, 0, 2**31, realtime=False) if b.event == audience.VIEW]
    assert vod_views, "precondition: partner A sent VOD views in the window"
    assert entries == {audience.TOWN_HALL, audience.BREAKOUT, audience.COMMON}


def test_error_counts_error_events_only(server, client_a):
    headers, values = total_values(client_a.report.getTotal("10007", live_filter()))
    errors = [b for b in server.live(server.a) if b.event == audience.ERROR]
    assert len(errors) == 2, "precondition: two live ERROR beacons (the VOD one does not count)"
    check_value(values["error"], len(errors), "error")


# ------------------------------------------------------------------------------------------
# Filters
# ------------------------------------------------------------------------------------------


def test_entry_filter(server, client_a):
    report = REALTIME_REPORTS["10004"]
    table = client_a.report.getTable("10004", live_filter(entryIdIn=audience.TOWN_HALL), BIG_PAGE)
    expected = audience.expected_rows(report, server.live(server.a, entries=[audience.TOWN_HALL]))
    check_table(table, report.table_headers, report.keys, expected, what="10004 entryIdIn")


def test_several_entries_comma_separated(server, client_a):
    report = REALTIME_REPORTS["10012"]
    entries = [audience.TOWN_HALL, audience.COMMON]
    table = client_a.report.getTable("10012", live_filter(entryIdIn=",".join(entries)), BIG_PAGE)
    expected = audience.expected_rows(report, server.live(server.a, entries=entries))
    assert len(expected) == 2
    check_table(table, report.table_headers, report.keys, expected, what="10012 two entries")


def test_object_ids_filter_entries(server, client_a):
    report = REALTIME_REPORTS["10012"]
    table = client_a.report.getTable("10012", live_filter(), BIG_PAGE, objectIds=audience.BREAKOUT)
    expected = audience.expected_rows(report, server.live(server.a, entries=[audience.BREAKOUT]))
    check_table(table, report.table_headers, report.keys, expected, what="10012 objectIds")

    total_report = REALTIME_REPORTS["10005"]
    total = client_a.report.getTotal("10005", live_filter(), objectIds=audience.BREAKOUT)
    bs = server.live(server.a, entries=[audience.BREAKOUT])
    check_total(total, total_report.total, audience.expected_total(total_report, bs), what="10005 objectIds")


@pytest.mark.parametrize("playback", ["dvr", "live"])
def test_playback_type_filter_narrows_live_and_dvr(server, client_a, playback):
    for rid in ("10011", "10004"):
        report = REALTIME_REPORTS[rid]
        table = client_a.report.getTable(rid, live_filter(playbackTypeIn=playback), BIG_PAGE)
        expected = audience.expected_rows(report, server.live(server.a, playback=[playback]))
        check_table(table, report.table_headers, report.keys, expected, what=f"{rid} {playback}")


def test_playback_type_vod_gives_realtime_nothing(server, client_a):
    _, rows = table_rows(client_a.report.getTable("10011", live_filter(playbackTypeIn="vod"), BIG_PAGE))
    assert rows == []


def test_device_filter(server, client_a):
    report = REALTIME_REPORTS["10008"]
    table = client_a.report.getTable("10008", live_filter(deviceIn="Mobile"), BIG_PAGE)
    expected = audience.expected_rows(report, server.live(server.a, devices=["Mobile"]))
    check_table(table, report.table_headers, report.keys, expected, what="10008 Mobile")

    report = REALTIME_REPORTS["10004"]
    table = client_a.report.getTable("10004", live_filter(deviceIn="Mobile,Tablet"), BIG_PAGE)
    expected = audience.expected_rows(report, server.live(server.a, devices=["Mobile", "Tablet"]))
    check_table(table, report.table_headers, report.keys, expected, what="10004 Mobile,Tablet")


def test_user_ids_filter_on_end_user_filter(server, client_a):
    report = REALTIME_REPORTS["10008"]
    users = ["alice@example.com", "bob@example.com"]
    f = end_user_filter(fromDate=-3600, toDate=3600, userIds=",".join(users))
    table = client_a.report.getTable("10008", f, BIG_PAGE)
    expected = audience.expected_rows(report, server.live(server.a, users=users))
    assert set(expected) == {(u, u) for u in users}
    check_table(table, report.table_headers, report.keys, expected, what="10008 userIds")

    total = client_a.report.getTotal("10008", f)
    check_total(total, report.total, audience.expected_total(report, server.live(server.a, users=users)), what="10008 userIds")


# ------------------------------------------------------------------------------------------
# Timeline reports: 10-second buckets on the rehearsal
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rid", TIMELINE_REPORTS)
def test_graphs_in_ten_second_buckets(server, client_a, rid):
    report = REALTIME_REPORTS[rid]
    graphs = client_a.report.getGraphs(rid, rehearsal_filter(server))
    expected = audience.expected_series(report, rehearsal_beacons(server), 10)
    assert len(expected) == 3, "buckets t0, t0+10 and t0+30 hold views"
    check_series(graph_series(graphs), report.graphs, expected, what=rid)


@pytest.mark.parametrize("rid", TIMELINE_REPORTS)
def test_timeline_table_has_a_row_per_bucket(server, client_a, rid):
    report = REALTIME_REPORTS[rid]
    table = client_a.report.getTable(rid, rehearsal_filter(server), BIG_PAGE)
    series = audience.expected_series(report, rehearsal_beacons(server), 10)
    expected = {(str(start),): values for start, values in series.items()}
    check_table(table, report.table_headers, ["date_id"], expected, what=rid)


@pytest.mark.parametrize("rid", TIMELINE_REPORTS)
def test_timeline_total_on_rehearsal(server, client_a, rid):
    report = REALTIME_REPORTS[rid]
    total = client_a.report.getTotal(rid, rehearsal_filter(server))
    check_total(total, report.total, audience.expected_total(report, rehearsal_beacons(server)), what=rid)


@pytest.mark.parametrize("rid,additive", [("10005", ["views"]), ("10007", ["sum_view_time", "error"]), ("10013", ["viewers", "viewers_dvr", "sum_view_time", "error"])])
def test_live_window_graphs_add_up_to_the_total(server, client_a, rid, additive):
    """Bucket boundaries of "now" beacons are not known to the test, but sums over the buckets are."""
    report = REALTIME_REPORTS[rid]
    lo, hi = server.live_window()
    graphs = client_a.report.getGraphs(rid, live_filter(interval="ten_seconds"))
    series = graph_series(graphs)
    assert list(series) == list(report.graphs)
    expected = audience.realtime_metrics(server.live(server.a))
    for gid in additive:
        xs = [int(x) for x, _ in series[gid]]
        assert len(set(xs)) == len(xs) and all(x % 10 == 0 and lo - 10 <= x < hi for x in xs), f"{rid} {gid}: {xs}"
        got = sum(float(y) for _, y in series[gid])
        assert got == pytest.approx(expected[gid]), f"{rid} {gid}: buckets add up to {got}"


def test_qos_graph_ids_over_live_window(server, client_a):
    series = graph_series(client_a.report.getGraphs("10006", live_filter(interval="ten_seconds")))
    assert list(series) == list(REALTIME_REPORTS["10006"].graphs)
    assert all(points for points in series.values())


# ------------------------------------------------------------------------------------------
# 10014 / 10015 on partner C: a broadcast that ended three days ago and one live now
# ------------------------------------------------------------------------------------------

FIVE_DAYS = 5 * 86400


def c_client(server):
    return client_with_ks(server.url, start_admin_ks(server.url, server.c))


def test_top_live_now_entries(server):
    server.send(audience.live_now(server.c.id, "10015"))
    client = c_client(server)
    report = REALTIME_REPORTS["10015"]
    f = report_filter(fromDate=-FIVE_DAYS, toDate=600)
    table = client.report.getTable("10015", f, BIG_PAGE)
    now = time.time()
    live = server.between(server.c, now - FIVE_DAYS, now + 600, entries=[audience.C_LIVE])
    expected = audience.expected_rows(report, live)
    assert list(expected) == [(audience.C_LIVE, audience.C_LIVE)]
    check_table(table, report.table_headers, report.keys, expected, what="10015 (the ended entry is not live now)")


def test_top_ended_broadcast_entries(server):
    server.send(audience.live_now(server.c.id, "10014"))
    client = c_client(server)
    report = REALTIME_REPORTS["10014"]
    table = client.report.getTable("10014", report_filter(fromDate=-FIVE_DAYS, toDate=600), BIG_PAGE)
    now = time.time()
    ended = server.between(server.c, now - FIVE_DAYS, now + 600, entries=[audience.C_ENDED])
    expected = audience.expected_rows(report, ended)
    # One viewer, VIEWs 10 s apart: the peak of viewers per (dynamic) bucket is 1 whatever the bucket size.
    expected[(audience.C_ENDED, audience.C_ENDED)]["viewers"] = 1
    check_table(table, report.table_headers, report.keys, expected, what="10014 (the live entry is excluded)")
