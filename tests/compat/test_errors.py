"""API errors as the official client raises them (KalturaException with the server's code)."""

import pytest
import requests
from lxml import etree
from KalturaClient.Plugins.Core import KalturaFilterPager, KalturaSessionType

from audience import REALTIME_REPORTS
from checks import BIG_PAGE, client_with_ks, expect_error, live_filter, new_client, table_rows

TABLE_ONLY = [rid for rid, r in REALTIME_REPORTS.items() if r.graphs is None and rid != "10014"]


def test_no_ks_is_missing_ks(server):
    client = new_client(server.url)
    expect_error("MISSING_KS", client.report.getTotal, "10005", live_filter())
    expect_error("MISSING_KS", client.report.getTable, "10004", live_filter(), BIG_PAGE)


@pytest.mark.parametrize("ks", ["not-a-ks", "djJ8MTIzfGJyb2tlbg==", "a" * 200])
def test_malformed_ks_is_invalid_ks(server, ks):
    expect_error("INVALID_KS", client_with_ks(server.url, ks).report.getTotal, "10005", live_filter())


def test_user_session_cannot_read_reports(server):
    client = new_client(server.url)
    ks = client.session.start(server.a.user_secret, "viewer@example.com", KalturaSessionType.USER, server.a.id, 86400, "")
    client.setKs(ks)
    expect_error("SERVICE_FORBIDDEN", client.report.getTotal, "10005", live_filter())
    expect_error("SERVICE_FORBIDDEN", client.report.getTable, "10004", live_filter(), BIG_PAGE)
    expect_error("SERVICE_FORBIDDEN", client.report.getGraphs, "10005", live_filter())


@pytest.mark.parametrize("rid", TABLE_ONLY)
def test_graphs_of_a_table_only_report_are_an_internal_error(client_a, rid):
    expect_error("INTERNAL_SERVERL_ERROR", client_a.report.getGraphs, rid, live_filter())


def test_total_of_users_status_is_an_internal_error(client_a):
    expect_error("INTERNAL_SERVERL_ERROR", client_a.report.getTotal, "10009", live_filter())


def test_unknown_report_type_is_invalid_enum_value(client_a):
    expect_error("INVALID_ENUM_VALUE", client_a.report.getTable, "99999", live_filter(), BIG_PAGE)
    expect_error("INVALID_ENUM_VALUE", client_a.report.getTotal, "99999", live_filter())


def test_unknown_interval_is_invalid_enum_value(client_a):
    expect_error("INVALID_ENUM_VALUE", client_a.report.getGraphs, "10005", live_filter(interval="weeks"))


def test_paging_past_the_result_limit_is_search_too_general(client_a):
    expect_error("SEARCH_TOO_GENERAL", client_a.report.getTable, "10004", live_filter(), KalturaFilterPager(pageSize=10000, pageIndex=2))


def test_an_error_does_not_break_the_next_call(server, client_a):
    expect_error("INVALID_ENUM_VALUE", client_a.report.getTotal, "99999", live_filter())
    headers, rows = table_rows(client_a.report.getTable("10004", live_filter(), BIG_PAGE))
    assert headers == list(REALTIME_REPORTS["10004"].table_headers) and rows


def raw_error(server, path, ks):
    """POSTs like the client (JSON body, XML answer) and returns the <error> element."""
    body = {
        "ks": ks,
        "format": "2",
        "reportType": "10005",
        "reportInputFilter": {"objectType": "KalturaReportInputFilter", "fromDate": "-3600", "toDate": "3600"},
    }
    r = requests.post(server.url + path, json=body, headers={"Accept": "text/xml"}, timeout=10)
    root = etree.fromstring(r.content)
    error = root.find("result/error")
    assert error is not None, f"no <result><error> in {r.text[:300]!r}"
    assert error.findtext("objectType") == "KalturaAPIException"
    assert error.findtext("message")
    return error


def test_unknown_service(server, ks_a):
    error = raw_error(server, "/api_v3/service/nosuchservice/action/list", ks_a)
    assert error.findtext("code") == "SERVICE_DOES_NOT_EXISTS"


def test_unknown_action(server, ks_a):
    error = raw_error(server, "/api_v3/service/report/action/nosuchaction", ks_a)
    assert error.findtext("code") == "ACTION_DOES_NOT_EXISTS"


def test_error_xml_carries_code_message_and_args(server):
    error = raw_error(server, "/api_v3/service/report/action/getTotal", "not-a-ks")
    assert error.findtext("code") == "INVALID_KS"
    assert error.find("args") is not None
