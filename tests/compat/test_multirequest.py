"""Multirequest: results in call order, a failing call becomes a KalturaException in its place."""

import requests
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Core import KalturaSessionInfo
from lxml import etree

import audience
from audience import REALTIME_REPORTS, REHEARSAL
from checks import BIG_PAGE, check_series, check_table, check_total, check_value, graph_series, live_filter, report_filter

OVERVIEW = REALTIME_REPORTS["10005"]
PLATFORMS = REALTIME_REPORTS["10004"]


def test_results_in_order_with_failures_in_place(server, client_a):
    t0 = server.rehearsal.t0
    rehearsal = report_filter(fromDate=t0, toDate=t0 + 40, interval="ten_seconds", entryIdIn=REHEARSAL)

    client_a.startMultiRequest()
    client_a.report.getTotal("10005", live_filter())
    client_a.report.getTable("10004", live_filter(), BIG_PAGE)
    client_a.report.getGraphs("10004", live_filter())  # table-only report: fails
    client_a.report.getGraphs("10005", rehearsal)
    client_a.report.getTotal("99999", live_filter())  # unknown report type: fails
    client_a.session.get()
    results = client_a.doMultiRequest()

    assert len(results) == 6
    live = server.live(server.a)
    check_total(results[0], OVERVIEW.total, audience.expected_total(OVERVIEW, live), what="call 1")
    check_table(results[1], PLATFORMS.table_headers, PLATFORMS.keys, audience.expected_rows(PLATFORMS, live), what="call 2")
    assert isinstance(results[2], KalturaException) and results[2].code == "INTERNAL_SERVERL_ERROR"
    expected = audience.expected_series(OVERVIEW, server.between(server.a, t0, t0 + 40, entries=[REHEARSAL]), 10)
    check_series(graph_series(results[3]), OVERVIEW.graphs, expected, what="call 4")
    assert isinstance(results[4], KalturaException) and results[4].code == "INVALID_ENUM_VALUE"
    assert isinstance(results[5], KalturaSessionInfo) and results[5].partnerId == server.a.id

    # The client is back to single calls.
    check_total(client_a.report.getTotal("10005", live_filter()), OVERVIEW.total, audience.expected_total(OVERVIEW, live), what="after")


def total_call(ks=None):
    call = {
        "service": "report",
        "action": "getTotal",
        "reportType": "10005",
        "reportInputFilter": {"objectType": "KalturaReportInputFilter", "fromDate": "-3600", "toDate": "3600", "entryIdIn": audience.TOWN_HALL},
    }
    if ks is not None:
        call["ks"] = ks
    return call


def post_multirequest(server, body):
    r = requests.post(f"{server.url}/api_v3/service/multirequest", json=body, timeout=10)
    return etree.fromstring(r.content).findall("result/item")


def check_item_total(item, server):
    assert item.find("error") is None, etree.tostring(item)
    assert item.findtext("objectType") == "KalturaReportTotal"
    values = dict(zip(item.findtext("header").split(","), item.findtext("data").split(",")))
    for h, v in audience.expected_total(OVERVIEW, server.live(server.a, entries=[audience.TOWN_HALL])).items():
        check_value(values[h], v, h)


def test_one_based_keys_as_the_javascript_clients_send(server, ks_a):
    items = post_multirequest(server, {"1": total_call(ks_a), "2": total_call(ks_a), "format": "2"})
    assert len(items) == 2
    for item in items:
        check_item_total(item, server)


def test_a_call_without_ks_fails_alone(server, ks_a):
    items = post_multirequest(server, {"0": total_call(ks_a), "1": total_call(), "format": "2"})
    assert len(items) == 2
    check_item_total(items[0], server)
    assert items[1].findtext("error/code") == "MISSING_KS"
