"""report.getUrlForReportAsCsv for Kaltura's own report types, and report.serve's access rule."""

import csv
import io
import json
import time

import requests


def call(server, action, **parameters):
    return requests.post(f"{server.url}/api_v3/service/report/action/{action}", json={"format": 1, **parameters}, timeout=10).json()


def ks(server, partner, secret):
    body = {"format": 1, "partnerId": partner, "secret": secret, "type": 2}
    return requests.post(f"{server.url}/api_v3/service/session/action/start", json=body, timeout=10).json()


def test_a_report_exports_its_total_and_table_for_its_partner_only(server):
    for index in range(3):
        server.view("1_csv", user=f"c{index}@example.com")
    time.sleep(0.5)
    session = ks(server, server.partner, server.secret)
    now = int(time.time())
    report_filter = {"objectType": "KalturaEndUserReportInputFilter", "fromDate": now - 600, "toDate": now + 10, "entryIdIn": "1_csv"}
    url = call(server, "getUrlForReportAsCsv", ks=session, reportTitle="Status", reportText="", headers="", reportType="10009",
               reportInputFilter=report_filter)
    assert url.startswith(server.url + "/api_v3/index.php/service/report/action/serve/")
    rows = list(csv.reader(io.StringIO(requests.get(url, timeout=10).text)))
    assert rows[0] == ["Status"]
    # USERS_STATUS has no total: a title, then the table of the three live viewers.
    table = [row for row in rows[1:] if row]
    assert len(table) == 4 and "user_id" in table[0]
    assert {row[table[0].index("user_id")] for row in table[1:]} == {f"c{index}@example.com" for index in range(3)}

    url = call(server, "getUrlForReportAsCsv", ks=session, reportTitle="Overview", reportText="", headers="", reportType="10005",
               reportInputFilter=report_filter)
    sections = requests.get(url, timeout=10).text.strip().split("\n\n")
    assert len(sections) == 3  # title, total, table
    assert list(csv.reader(io.StringIO(sections[1])))[1][0] == "3"

    other = json.loads(server.cli("partner", "add", "--data", server.data, "--name", "Other", "--json"))
    # Another partner's admin session gets Kaltura's error (XML, the default format), not the file.
    foreign = requests.get(url.replace(session, ks(server, other["id"], other["adminSecret"])), timeout=10).text
    assert "<code>FILE_DOESNT_EXIST</code>" in foreign and "c0@example.com" not in foreign
