"""Pager, order, delimiter, skipEmptyDates, intervals and date bounds."""

import time

import pytest
from KalturaClient.Plugins.Core import KalturaFilterPager

import audience
from audience import DAY, REALTIME_REPORTS, REHEARSAL
from checks import (
    BIG_PAGE,
    assert_empty_table,
    assert_no_rows,
    assert_zero_total,
    check_series,
    check_table,
    check_total,
    column,
    graph_series,
    live_filter,
    options,
    report_filter,
    table_rows,
    total_values,
)

USERS = REALTIME_REPORTS["10008"]
PLATFORMS = REALTIME_REPORTS["10004"]
OVERVIEW = REALTIME_REPORTS["10005"]


def users_by_view_time(server):
    rows = audience.expected_rows(USERS, server.live(server.a))
    return sorted(rows, key=lambda key: rows[key]["sum_view_time"], reverse=True)


# ------------------------------------------------------------------------------------------
# Pager
# ------------------------------------------------------------------------------------------


def test_pages_follow_the_order_and_count_every_row(server, client_a):
    ordered = [user_id for user_id, _ in users_by_view_time(server)]
    assert len(ordered) == 14, "precondition: 14 user keys, each with its own view count"
    seen = []
    for page in (1, 2, 3):
        table = client_a.report.getTable("10008", live_filter(), KalturaFilterPager(pageSize=5, pageIndex=page), "-sum_view_time")
        headers, rows = table_rows(table)
        assert len(rows) == (5 if page < 3 else 4), f"page {page}"
        assert table.totalCount == len(ordered), f"page {page}: totalCount is the count before paging"
        seen += column(rows, headers, "user_id")
    assert seen == ordered

    beyond = client_a.report.getTable("10008", live_filter(), KalturaFilterPager(pageSize=5, pageIndex=4), "-sum_view_time")
    assert table_rows(beyond)[1] == []


def test_default_page_size_is_ten(server, client_a):
    table = client_a.report.getTable("10008", live_filter(), KalturaFilterPager())
    headers, rows = table_rows(table)
    expected = audience.expected_rows(USERS, server.live(server.a))
    assert len(expected) > 10
    assert len(rows) == 10
    assert table.totalCount == len(expected)
    assert set(column(rows, headers, "user_id")) <= {user_id for user_id, _ in expected}


def test_first_page_larger_than_the_limit_is_clamped_not_refused(server, client_a):
    table = client_a.report.getTable("10004", live_filter(), KalturaFilterPager(pageSize=20000, pageIndex=1))
    check_table(table, PLATFORMS.table_headers, PLATFORMS.keys, audience.expected_rows(PLATFORMS, server.live(server.a)), what="10004 huge page")


# ------------------------------------------------------------------------------------------
# Order
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "order,metric,descending",
    [
        ("-view_unique_audience", "view_unique_audience", True),
        ("+view_unique_audience", "view_unique_audience", False),
        # No sign: descending, as kaltura/server's kKavaReportsMgr (`$order_by_dir = "-"` unless "+").
        ("view_unique_audience", "view_unique_audience", True),
        ("sum_view_time", "sum_view_time", True),
        ("-sum_view_time", "sum_view_time", True),
        ("+sum_view_time", "sum_view_time", False),
        ("-no_such_header", "view_unique_audience", True),  # unknown: the report's default order
    ],
)
def test_order(server, client_a, order, metric, descending):
    expected = audience.expected_rows(PLATFORMS, server.live(server.a))
    values = [v[metric] for v in expected.values()]
    assert len(set(values)) == len(values), "precondition: no ties"
    wanted = sorted(expected, key=lambda key: expected[key][metric], reverse=descending)
    headers, rows = table_rows(client_a.report.getTable("10004", live_filter(), BIG_PAGE, order))
    assert column(rows, headers, "device") == [device for (device,) in wanted]


# ------------------------------------------------------------------------------------------
# Delimiter
# ------------------------------------------------------------------------------------------


def test_pipe_delimiter_in_tables_totals_and_graphs(server, client_a):
    pipe = options(delimiter="|")
    bs = server.live(server.a)
    table = client_a.report.getTable("10004", live_filter(), BIG_PAGE, responseOptions=pipe)
    assert "," not in table.header
    check_table(table, PLATFORMS.table_headers, PLATFORMS.keys, audience.expected_rows(PLATFORMS, bs), delim="|", what="10004 |")

    total = client_a.report.getTotal("10004", live_filter(), responseOptions=pipe)
    check_total(total, PLATFORMS.total, audience.expected_total(PLATFORMS, bs), delim="|", what="10004 |")

    t0 = server.rehearsal.t0
    f = report_filter(fromDate=t0, toDate=t0 + 40, interval="ten_seconds", entryIdIn=REHEARSAL)
    graphs = client_a.report.getGraphs("10005", f, responseOptions=pipe)
    expected = audience.expected_series(OVERVIEW, server.between(server.a, t0, t0 + 40, entries=[REHEARSAL]), 10)
    check_series(graph_series(graphs, "|"), OVERVIEW.graphs, expected, what="10005 |")


def test_pipe_delimiter_splits_multi_value_filters(server, client_a):
    report = REALTIME_REPORTS["10012"]
    entries = [audience.TOWN_HALL, audience.BREAKOUT]
    table = client_a.report.getTable("10012", live_filter(entryIdIn="|".join(entries)), BIG_PAGE, responseOptions=options(delimiter="|"))
    expected = audience.expected_rows(report, server.live(server.a, entries=entries))
    check_table(table, report.table_headers, report.keys, expected, delim="|", what="10012 entryIdIn a|b")


# ------------------------------------------------------------------------------------------
# Buckets: skipEmptyDates, rounding, intervals
# ------------------------------------------------------------------------------------------


def rehearsal(server, lo, hi):
    return server.between(server.a, lo, hi, entries=[REHEARSAL])


def test_skip_empty_dates_false_fills_every_bucket_with_zeros(server, client_a):
    t0 = server.rehearsal.t0
    f = report_filter(fromDate=t0, toDate=t0 + 40, interval="ten_seconds", entryIdIn=REHEARSAL)
    bs = rehearsal(server, t0, t0 + 40)

    expected = audience.expected_series(OVERVIEW, bs, 10, t0, t0 + 40, skip_empty=False)
    assert sorted(expected) == [t0, t0 + 10, t0 + 20, t0 + 30]
    assert all(v == 0 for v in expected[t0 + 20].values())
    check_series(graph_series(client_a.report.getGraphs("10005", f, responseOptions=options(skip_empty=False))), OVERVIEW.graphs, expected, what="skipEmptyDates=False")
    table = client_a.report.getTable("10005", f, BIG_PAGE, responseOptions=options(skip_empty=False))
    check_table(table, OVERVIEW.table_headers, ["date_id"], {(str(s),): v for s, v in expected.items()}, what="table skipEmptyDates=False")

    skipped = audience.expected_series(OVERVIEW, bs, 10)
    assert sorted(skipped) == [t0, t0 + 10, t0 + 30]
    check_series(graph_series(client_a.report.getGraphs("10005", f, responseOptions=options(skip_empty=True))), OVERVIEW.graphs, skipped, what="skipEmptyDates=True")


def test_ten_second_bounds_are_rounded_up(server, client_a):
    t0 = server.rehearsal.t0
    f = report_filter(fromDate=t0 + 1, toDate=t0 + 31, interval="ten_seconds", entryIdIn=REHEARSAL)
    bs = rehearsal(server, t0 + 10, t0 + 40)  # [t0+1, t0+31) rounds up to [t0+10, t0+40)

    expected = audience.expected_series(OVERVIEW, bs, 10, t0 + 10, t0 + 40, skip_empty=False)
    assert sorted(expected) == [t0 + 10, t0 + 20, t0 + 30]
    check_series(graph_series(client_a.report.getGraphs("10005", f, responseOptions=options(skip_empty=False))), OVERVIEW.graphs, expected, what="rounded bounds")
    check_total(client_a.report.getTotal("10005", f), OVERVIEW.total, audience.expected_total(OVERVIEW, bs), what="rounded bounds")


@pytest.mark.parametrize("interval,size", [("minutes", 60), ("hours", 3600)])
def test_minute_and_hour_buckets(server, client_a, interval, size):
    t0 = server.rehearsal.t0
    f = report_filter(fromDate=t0 - 3600, toDate=t0 + 3600, interval=interval, entryIdIn=REHEARSAL)
    expected = audience.expected_series(OVERVIEW, rehearsal(server, t0 - 3600, t0 + 3600), size)
    assert sorted(expected) == [t0], "noon UTC starts a minute and an hour"
    check_series(graph_series(client_a.report.getGraphs("10005", f)), OVERVIEW.graphs, expected, what=interval)


# ------------------------------------------------------------------------------------------
# Dates
# ------------------------------------------------------------------------------------------


def test_from_day_to_day_are_whole_utc_days(server, client_a):
    r = server.rehearsal
    day = audience.day_start(r.t0)
    cases = [
        (r.day, r.day, day, day + DAY),
        (r.day_before, r.day, day - DAY, day + DAY),
        (r.day, r.day_after, day, day + 2 * DAY),
        (r.day_before, r.day_after, day - DAY, day + 2 * DAY),
    ]
    views = set()
    for from_day, to_day, lo, hi in cases:
        f = report_filter(fromDay=from_day, toDay=to_day, timeZoneOffset=0, entryIdIn=REHEARSAL)
        bs = rehearsal(server, lo, hi)
        views.add(len(audience.views_of(bs)))
        check_total(client_a.report.getTotal("10005", f), OVERVIEW.total, audience.expected_total(OVERVIEW, bs), what=f"{from_day}..{to_day}")
    assert len(views) == 3, "precondition: the beacons just outside the day change the counts"


def test_relative_dates_mean_seconds_from_now(server, client_a):
    now = time.time()
    relative = client_a.report.getTotal("10004", report_filter(fromDate=-600, toDate=600))
    absolute = client_a.report.getTotal("10004", report_filter(fromDate=int(now) - 600, toDate=int(now) + 600))
    expected = audience.expected_total(PLATFORMS, server.between(server.a, now - 600, now + 600))
    check_total(relative, PLATFORMS.total, expected, what="relative")
    check_total(absolute, PLATFORMS.total, expected, what="absolute")
    assert total_values(relative) == total_values(absolute)


def test_window_without_data(server, client_a):
    assert server.live(server.a), "precondition: there is data now"
    f = report_filter(fromDate=-7200, toDate=-3600)
    assert_empty_table(client_a.report.getTable("10004", f, BIG_PAGE))
    assert_zero_total(client_a.report.getTotal("10004", f))
    assert_no_rows(client_a.report.getTable("10008", f, BIG_PAGE))
