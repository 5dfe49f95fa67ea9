"""TOP_CONTENT (1): VOD by default, plays/loads/quartiles from the player's events (reference §3.4)."""

import pytest
from KalturaClient.Plugins.Core import KalturaReportType

import audience
from audience import TOP_CONTENT_GRAPHS, TOP_CONTENT_HEADERS, TOP_CONTENT_METRICS
from checks import BIG_PAGE, check_table, check_value, column, day_filter, days_around_today, graph_series, table_rows, total_values

TOP_CONTENT = KalturaReportType.TOP_CONTENT
KEYS = ["object_id", "entry_name"]


def seen(server, **filters):
    _, _, lo, hi = days_around_today()
    return server.between(server.a, lo, hi, realtime=False, **filters)


def expected_rows(bs):
    return {(entry, entry): values for entry, values in audience.expected_top_content(bs).items()}


def test_top_content_is_vod_only_by_default(server, client_a):
    assert TOP_CONTENT == "1"
    table = client_a.report.getTable(TOP_CONTENT, day_filter(), BIG_PAGE)
    expected = expected_rows(seen(server))
    assert set(expected) == {(e, e) for e in (audience.KEYNOTE_VOD, audience.PANEL_VOD)}
    rows = check_table(table, TOP_CONTENT_HEADERS, KEYS, expected, what="TOP_CONTENT")
    plays = [int(p) for p in column(rows, list(TOP_CONTENT_HEADERS), "count_plays")]
    assert plays == sorted(plays, reverse=True), "default order: count_plays descending"


def test_known_users_loads_and_quartiles(server, client_a):
    headers, rows = table_rows(client_a.report.getTable(TOP_CONTENT, day_filter(entryIdIn=audience.KEYNOTE_VOD), BIG_PAGE))
    assert len(rows) == 1
    row = dict(zip(headers, rows[0]))
    bs = seen(server, entries=[audience.KEYNOTE_VOD])
    plays = [b for b in bs if b.event == audience.PLAY]
    known = {b.user for b in plays if b.user}
    assert len(known) == 2 and len(plays) == 4, "precondition: henry plays twice, one play is anonymous"
    check_value(row["unique_known_users"], len(known), "unique_known_users")
    check_value(row["count_plays"], len(plays), "count_plays")
    check_value(row["count_loads"], sum(1 for b in bs if b.event == audience.IMPRESSION), "count_loads")
    quartiles = sum(1 for b in bs if b.event in audience.REACHED)
    check_value(row["avg_view_drop_off"], quartiles / 4 / len(plays), "avg_view_drop_off")
    check_value(row["avg_completion_rate"], sum(1 for b in bs if b.event == audience.REACHED_100) / len(plays), "avg_completion_rate")
    check_value(row["sum_view_period"], len(audience.views_of(bs)) * 10 / 60, "sum_view_period")


def test_order_ascending(server, client_a):
    headers, rows = table_rows(client_a.report.getTable(TOP_CONTENT, day_filter(), BIG_PAGE, "+count_plays"))
    assert column(rows, headers, "object_id") == [audience.PANEL_VOD, audience.KEYNOTE_VOD]


def test_entry_filter(server, client_a):
    table = client_a.report.getTable(TOP_CONTENT, day_filter(entryIdIn=audience.PANEL_VOD), BIG_PAGE)
    check_table(table, TOP_CONTENT_HEADERS, KEYS, expected_rows(seen(server, entries=[audience.PANEL_VOD])), what="TOP_CONTENT panel")


def test_playback_type_in_replaces_the_vod_default(server, client_a):
    table = client_a.report.getTable(TOP_CONTENT, day_filter(playbackTypeIn="live"), BIG_PAGE)
    expected = expected_rows(seen(server, playback=["live"]))
    assert set(expected) == {(e, e) for e in (audience.TOWN_HALL, audience.BREAKOUT, audience.COMMON)}
    check_table(table, TOP_CONTENT_HEADERS, KEYS, expected, what="TOP_CONTENT live")


def test_total(server, client_a):
    headers, values = total_values(client_a.report.getTotal(TOP_CONTENT, day_filter()))
    assert headers, "a total header"
    expected = audience.top_content_metrics(seen(server))
    for h in headers:
        assert h in TOP_CONTENT_METRICS, f"unexpected total header {h}"
        check_value(values[h], expected[h], f"TOP_CONTENT total {h}")


def test_graphs_add_up(server, client_a):
    series = graph_series(client_a.report.getGraphs(TOP_CONTENT, day_filter()))
    assert list(series) == list(TOP_CONTENT_GRAPHS)
    expected = audience.top_content_metrics(seen(server))
    for gid in ("count_plays", "count_loads", "sum_view_period", "sum_time_viewed"):
        got = sum(float(y) for _, y in series[gid])
        assert got == pytest.approx(expected[gid]), f"{gid}: buckets add up to {got}"
