"""Partner B's session never sees partner A's beacons, whatever it asks for.

Both partners have an entry called "1_common" and a session called "anon-01", with different
numbers, so any leak changes a value."""

import requests
from KalturaClient.exceptions import KalturaException
from lxml import etree

import audience
from audience import COMMON, REALTIME_REPORTS, TOWN_HALL
from checks import (
    BIG_PAGE,
    assert_no_rows,
    assert_zero_total,
    check_table,
    check_total,
    check_value,
    column,
    day_filter,
    live_filter,
    table_rows,
)

OVERVIEW = REALTIME_REPORTS["10005"]
CONTENT = REALTIME_REPORTS["10012"]


def own_total(server, partner, entry):
    return audience.expected_total(OVERVIEW, server.live(partner, entries=[entry]))


def test_precondition_the_partners_differ_on_the_shared_entry(server):
    a, b = own_total(server, server.a, COMMON), own_total(server, server.b, COMMON)
    assert a["views"] and b["views"] and a["views"] != b["views"]


def test_b_sees_only_its_own_entries(server, client_b):
    table = client_b.report.getTable("10012", live_filter(), BIG_PAGE)
    check_table(table, CONTENT.table_headers, CONTENT.keys, audience.expected_rows(CONTENT, server.live(server.b)), what="B 10012")
    total = client_b.report.getTotal("10005", live_filter())
    check_total(total, OVERVIEW.total, audience.expected_total(OVERVIEW, server.live(server.b)), what="B 10005")


def test_b_sees_nothing_through_entry_id_in(server, client_b):
    assert server.live(server.a, entries=[TOWN_HALL]), "precondition: A has data on its entry"
    assert_no_rows(client_b.report.getTable("10004", live_filter(entryIdIn=TOWN_HALL), BIG_PAGE))
    assert_no_rows(client_b.report.getTable("10008", live_filter(entryIdIn=TOWN_HALL), BIG_PAGE))
    assert_zero_total(client_b.report.getTotal("10005", live_filter(entryIdIn=TOWN_HALL)))


def test_b_sees_nothing_through_object_ids(server, client_b):
    assert_no_rows(client_b.report.getTable("10004", live_filter(), BIG_PAGE, objectIds=TOWN_HALL))
    assert_zero_total(client_b.report.getTotal("10005", live_filter(), objectIds=TOWN_HALL))


def test_shared_entry_id_shows_each_partner_its_own_beacons(server, client_a, client_b):
    check_total(client_b.report.getTotal("10005", live_filter(entryIdIn=COMMON)), OVERVIEW.total, own_total(server, server.b, COMMON), what="B common")
    check_total(client_a.report.getTotal("10005", live_filter(entryIdIn=COMMON)), OVERVIEW.total, own_total(server, server.a, COMMON), what="A common")


def test_same_session_id_in_two_partners(server, client_b):
    headers, rows = table_rows(client_b.report.getTable("10008", live_filter(), BIG_PAGE))
    row = dict(zip(headers, rows[column(rows, headers, "user_id").index("anon-01")]))
    b_views = [b for b in audience.views_of(server.live(server.b)) if b.session == "anon-01"]
    a_views = [b for b in audience.views_of(server.live(server.a)) if b.session == "anon-01"]
    assert len(a_views) != len(b_views)
    check_value(row["sum_view_time"], len(b_views) * 10, "B anon-01")


def test_b_top_content_holds_only_its_vod(server, client_b):
    headers, rows = table_rows(client_b.report.getTable("1", day_filter(), BIG_PAGE))
    assert column(rows, headers, "object_id") == [audience.B_VOD]


def test_partner_id_param_does_not_switch_partner(server, client_b):
    """A `partnerId` request setting naming A, with B's KS: either refused, or B's own data."""
    client_b.setPartnerId(server.a.id)
    try:
        total = client_b.report.getTotal("10005", live_filter(entryIdIn=TOWN_HALL))
    except KalturaException:
        pass  # a refusal is fine
    else:
        assert_zero_total(total)

    body = {
        "ks": client_b.getKs(),
        "partnerId": str(server.a.id),
        "format": "2",
        "reportType": "10005",
        "reportInputFilter": {"objectType": "KalturaReportInputFilter", "fromDate": "-3600", "toDate": "3600", "entryIdIn": TOWN_HALL},
    }
    root = etree.fromstring(requests.post(f"{server.url}/api_v3/service/report/action/getTotal", json=body, timeout=10).content)
    if root.find("result/error") is None:
        data = root.findtext("result/data") or ""
        assert all(v in ("", "0") for v in data.split(",")), f"B saw A's data: {data}"


def test_multirequest_mixing_sessions_keeps_each_call_to_its_partner(server, ks_a, ks_b):
    def call(ks):
        return {
            "service": "report",
            "action": "getTotal",
            "ks": ks,
            "reportType": "10005",
            "reportInputFilter": {"objectType": "KalturaReportInputFilter", "fromDate": "-3600", "toDate": "3600", "entryIdIn": COMMON},
        }

    for first, second, partners in ((ks_b, ks_a, (server.b, server.a)), (ks_a, ks_b, (server.a, server.b))):
        body = {"0": call(first), "1": call(second), "format": "2"}
        r = requests.post(f"{server.url}/api_v3/service/multirequest", json=body, timeout=10)
        items = etree.fromstring(r.content).findall("result/item")
        assert len(items) == 2, r.text[:500]
        for item, partner in zip(items, partners):
            assert item.find("error") is None, etree.tostring(item)
            assert item.findtext("objectType") == "KalturaReportTotal"
            headers = item.findtext("header").split(",")
            values = dict(zip(headers, item.findtext("data").split(",")))
            assert headers == list(OVERVIEW.total)
            for h, v in own_total(server, partner, COMMON).items():
                check_value(values[h], v, f"multirequest partner {partner.id} {h}")
