"""Raw wire details other Kaltura clients rely on: the double slash, format=1 JSON, form bodies,
`__null` parameters."""

import requests
from KalturaClient import KalturaClient, KalturaConfiguration
from KalturaClient.Plugins.Core import KalturaReportGraph, KalturaSessionType
from lxml import etree

import audience
from audience import REALTIME_REPORTS, REHEARSAL, TOWN_HALL
from checks import ADMIN_USER, BIG_PAGE, check_series, check_table, check_total, check_value, graph_series, live_filter

OVERVIEW = REALTIME_REPORTS["10005"]
PLATFORMS = REALTIME_REPORTS["10004"]


def town_hall_total(server) -> dict:
    return audience.expected_total(OVERVIEW, server.live(server.a, entries=[TOWN_HALL]))


def live_input_filter(**extra) -> dict:
    return {"objectType": "KalturaReportInputFilter", "fromDate": "-3600", "toDate": "3600", "entryIdIn": TOWN_HALL, **extra}


def check_delimited_total(header: str, data: str, server):
    headers = header.split(",")
    assert headers == list(OVERVIEW.total)
    values = dict(zip(headers, data.split(",")))
    for h, v in town_hall_total(server).items():
        check_value(values[h], v, h)


def xml_result(response):
    root = etree.fromstring(response.content)
    result = root.find("result")
    assert result is not None, response.text[:300]
    assert result.find("error") is None, response.text[:500]
    return result


def test_trailing_slash_service_url_gives_a_double_slash_that_works(server):
    client = KalturaClient(KalturaConfiguration(serviceUrl=server.url + "/"))
    client.setKs(client.session.start(server.a.admin_secret, ADMIN_USER, KalturaSessionType.ADMIN, server.a.id, 86400, ""))
    total = client.report.getTotal("10005", live_filter(entryIdIn=TOWN_HALL))
    check_total(total, OVERVIEW.total, town_hall_total(server), what="double slash")


def test_raw_double_slash(server, ks_a):
    body = {"ks": ks_a, "format": "2", "reportType": "10005", "reportInputFilter": live_input_filter()}
    result = xml_result(requests.post(f"{server.url}//api_v3/service/report/action/getTotal", json=body, timeout=10))
    assert result.findtext("objectType") == "KalturaReportTotal"
    check_delimited_total(result.findtext("header"), result.findtext("data"), server)


def test_form_encoded_flat_keys(server, ks_a):
    form = {
        "ks": ks_a,
        "format": "2",
        "reportType": "10005",
        "reportInputFilter:objectType": "KalturaReportInputFilter",
        "reportInputFilter:fromDate": "-3600",
        "reportInputFilter:toDate": "3600",
        "reportInputFilter:entryIdIn": TOWN_HALL,
    }
    result = xml_result(requests.post(f"{server.url}/api_v3/service/report/action/getTotal", data=form, timeout=10))
    check_delimited_total(result.findtext("header"), result.findtext("data"), server)


def test_null_parameters_are_accepted(server, client_a, ks_a):
    live = server.live(server.a)
    # order, objectIds and responseOptions explicitly None: sent as order__null, objectIds__null, ...
    table = client_a.report.getTable("10004", live_filter(), BIG_PAGE, None, None, None)
    check_table(table, PLATFORMS.table_headers, PLATFORMS.keys, audience.expected_rows(PLATFORMS, live), what="__null")
    total = client_a.report.getTotal("10005", live_filter(entryIdIn=TOWN_HALL), None, None)
    check_total(total, OVERVIEW.total, town_hall_total(server), what="__null")

    body = {"ks": ks_a, "format": "2", "reportType": "10005", "reportInputFilter": live_input_filter(), "objectIds__null": ""}
    result = xml_result(requests.post(f"{server.url}/api_v3/service/report/action/getTotal", json=body, timeout=10))
    check_delimited_total(result.findtext("header"), result.findtext("data"), server)


# ------------------------------------------------------------------------------------------
# format=1 (JSON), as the JavaScript clients ask for it
# ------------------------------------------------------------------------------------------


def post_json_format(server, action, body):
    r = requests.post(f"{server.url}/api_v3/service/report/action/{action}", json={**body, "format": "1"}, timeout=10)
    assert r.headers.get("Content-Type", "").startswith("application/json"), r.headers.get("Content-Type")
    return r.json()


def check_json_object(obj, object_type):
    assert isinstance(obj, dict), obj
    assert list(obj)[-1] == "objectType", f"objectType must come last: {list(obj)}"
    assert obj["objectType"] == object_type
    assert None not in obj.values(), f"nulls are omitted: {obj}"


def test_json_total(server, ks_a):
    obj = post_json_format(server, "getTotal", {"ks": ks_a, "reportType": "10005", "reportInputFilter": live_input_filter()})
    check_json_object(obj, "KalturaReportTotal")
    check_delimited_total(obj["header"], obj["data"], server)


def test_json_table(server, ks_a):
    body = {"ks": ks_a, "reportType": "10004", "reportInputFilter": live_input_filter(), "pager": {"objectType": "KalturaFilterPager", "pageSize": "500", "pageIndex": "1"}}
    obj = post_json_format(server, "getTable", body)
    check_json_object(obj, "KalturaReportTable")
    expected = audience.expected_rows(PLATFORMS, server.live(server.a, entries=[TOWN_HALL]))
    assert obj["header"] == ",".join(PLATFORMS.table_headers)
    assert obj["totalCount"] == len(expected)
    rows = {tuple(r.split(",")[:1]): r.split(",") for r in obj["data"].split(";") if r}
    assert set(rows) == set(expected)
    for key, values in expected.items():
        for h, v in values.items():
            check_value(rows[key][PLATFORMS.table_headers.index(h)], v, f"{key} {h}")


def test_json_empty_table_has_no_rows(server, ks_a):
    body = {"ks": ks_a, "reportType": "10004", "reportInputFilter": live_input_filter(fromDate="-7200", toDate="-3600"), "pager": {"objectType": "KalturaFilterPager"}}
    obj = post_json_format(server, "getTable", body)
    check_json_object(obj, "KalturaReportTable")
    assert not obj.get("data"), obj
    assert obj.get("totalCount", 0) == 0


def test_json_graphs(server, ks_a):
    t0 = server.rehearsal.t0
    f = {"objectType": "KalturaReportInputFilter", "fromDate": str(t0), "toDate": str(t0 + 40), "interval": "ten_seconds", "entryIdIn": REHEARSAL}
    graphs = post_json_format(server, "getGraphs", {"ks": ks_a, "reportType": "10005", "reportInputFilter": f})
    assert isinstance(graphs, list)
    for g in graphs:
        check_json_object(g, "KalturaReportGraph")

    series = graph_series([KalturaReportGraph(id=g["id"], data=g.get("data", "")) for g in graphs])
    expected = audience.expected_series(OVERVIEW, server.between(server.a, t0, t0 + 40, entries=[REHEARSAL]), 10)
    check_series(series, OVERVIEW.graphs, expected, what="json graphs")


def test_json_error(server):
    obj = post_json_format(server, "getTotal", {"ks": "not-a-ks", "reportType": "10005", "reportInputFilter": live_input_filter()})
    assert set(obj) == {"code", "message", "objectType", "args"}, obj
    assert obj["code"] == "INVALID_KS"
    assert obj["objectType"] == "KalturaAPIException"
    assert obj["message"]
    assert isinstance(obj["args"], (dict, list))
