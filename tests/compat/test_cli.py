"""The command line: partner management on a data folder, and `report` against the running server."""

import json
import re
import time

import audience
from audience import DAY, REALTIME_REPORTS
from binary import cli, json_output
from checks import check_value, days_around_today

HEX32 = re.compile(r"[0-9a-f]{32}")
NO_DATA = "no data. try adjusting the time frame."


# ------------------------------------------------------------------------------------------
# partner add / list / rotate-secret
# ------------------------------------------------------------------------------------------


def test_partner_add_list_and_rotate(tmp_path, store):
    """On every store, each time an empty one."""
    store = store.fresh()
    data = tmp_path / "data"
    data.mkdir()
    first = json_output(cli("partner", "add", "--data", data, "--name", "First Org", "--json", *store))
    assert set(first) == {"id", "name", "adminSecret", "userSecret"}
    assert isinstance(first["id"], int) and first["id"] > 0
    assert first["name"] == "First Org"
    assert HEX32.fullmatch(first["adminSecret"]) and HEX32.fullmatch(first["userSecret"])
    assert first["adminSecret"] != first["userSecret"]

    chosen = json_output(cli("partner", "add", "--data", data, "--name", "Chosen", "--id", 4242, "--json", *store))
    assert chosen["id"] == 4242 and chosen["name"] == "Chosen"
    third = json_output(cli("partner", "add", "--data", data, "--name", "Third", "--json", *store))
    assert third["id"] not in (first["id"], 4242)
    assert len({first["adminSecret"], chosen["adminSecret"], third["adminSecret"]}) == 3

    duplicate = cli("partner", "add", "--data", data, "--name", "Again", "--id", 4242, "--json", *store)
    assert duplicate.returncode != 0

    listed = cli("partner", "list", "--data", data, "--json", *store)
    partners = json_output(listed)
    assert sorted((p["id"], p["name"]) for p in partners) == sorted((p["id"], p["name"]) for p in (first, chosen, third))
    assert all(set(p) == {"id", "name"} for p in partners)
    for p in (first, chosen, third):
        assert p["adminSecret"] not in listed.stdout and p["userSecret"] not in listed.stdout

    admin = json_output(cli("partner", "rotate-secret", "--data", data, "--id", 4242, "--json", *store))
    assert set(admin) == {"id", "adminSecret"} and admin["id"] == 4242
    assert HEX32.fullmatch(admin["adminSecret"]) and admin["adminSecret"] != chosen["adminSecret"]
    user = json_output(cli("partner", "rotate-secret", "--data", data, "--id", 4242, "--user", "--json", *store))
    assert set(user) == {"id", "userSecret"} and user["id"] == 4242
    assert HEX32.fullmatch(user["userSecret"]) and user["userSecret"] != chosen["userSecret"]

    assert cli("partner", "rotate-secret", "--data", data, "--id", 999999, "--json", *store).returncode != 0


# ------------------------------------------------------------------------------------------
# report
# ------------------------------------------------------------------------------------------


def report(server, *args, secret=None):
    partner = server.a
    return cli("report", "--url", server.url, "--partner", partner.id, "--secret", secret or partner.admin_secret, *args, timeout=60)


def boxed_table(stdout: str):
    """(title, headers, rows, trailing lines) of a PrettyTable print-out."""
    lines = [line for line in stdout.splitlines() if line.strip()]
    assert lines, "no output"
    title = lines[0]
    assert not title.startswith(("+", "|")), f"expected a title line first, got {title!r}"
    boxed = [i for i, line in enumerate(lines) if line.startswith(("+", "|"))]
    assert boxed, f"no table in {stdout!r}"
    assert boxed == list(range(boxed[0], boxed[-1] + 1)), "the table is one block"
    for i in boxed:
        if lines[i].startswith("+"):
            assert re.fullmatch(r"\+(-+\+)+", lines[i]), f"border {lines[i]!r}"
    cells = [[c.strip() for c in lines[i].strip("|").split("|")] for i in boxed if lines[i].startswith("|")]
    return title, cells[0], cells[1:], lines[boxed[-1] + 1 :]


def rehearsal_day_rows(server):
    day = audience.day_start(server.rehearsal.t0)
    return server.between(server.a, day, day + DAY)


def test_users_overview_ten_seconds(server):
    r = server.rehearsal
    out = report(server, "--type", "USERS_OVERVIEW_REALTIME", "--from", r.day, "--to", r.day, "--interval", "ten_seconds")
    assert out.returncode == 0, out.stderr
    title, headers, rows, rest = boxed_table(out.stdout)
    overview = REALTIME_REPORTS["10005"]
    assert headers == list(overview.table_headers)
    series = audience.expected_series(overview, rehearsal_day_rows(server), 10)
    got = {row[0]: row for row in rows}
    assert sorted(got) == sorted(str(s) for s in series)
    for start, values in series.items():
        for h, v in values.items():
            check_value(got[str(start)][headers.index(h)], v, f"cli 10005 {start} {h}")
    assert rest == [str(len(series))], f"the total count after the table, got {rest}"


def test_no_data(server):
    day = time.strftime("%Y%m%d", time.gmtime(time.time() - 10 * DAY))
    out = report(server, "--type", "USERS_OVERVIEW_REALTIME", "--from", day, "--to", day, "--interval", "ten_seconds")
    assert out.returncode == 0, out.stderr
    assert NO_DATA in out.stdout
    assert not any(line.startswith("|") and any(ch.isdigit() for ch in line) for line in out.stdout.splitlines())


def platforms_today(server):
    from_day, to_day, lo, hi = days_around_today()
    platforms = REALTIME_REPORTS["10004"]
    return from_day, to_day, platforms, audience.expected_rows(platforms, server.between(server.a, lo, hi))


def check_rows(headers, rows, report, expected):
    assert headers == list(report.table_headers)
    got = {tuple(row[headers.index(k)] for k in report.keys): row for row in rows}
    assert set(got) == set(expected)
    for key, values in expected.items():
        for h, v in values.items():
            check_value(got[key][headers.index(h)], v, f"cli {report.id} {key} {h}")


def test_numeric_report_type(server):
    from_day, to_day, platforms, expected = platforms_today(server)
    out = report(server, "--type", "10004", "--from", from_day, "--to", to_day)
    assert out.returncode == 0, out.stderr
    _, headers, rows, rest = boxed_table(out.stdout)
    check_rows(headers, rows, platforms, expected)
    assert rest == [str(len(expected))]


def test_users_discovery_by_name(server):
    r = server.rehearsal
    users = REALTIME_REPORTS["10008"]
    out = report(server, "--type", "ENTRY_LEVEL_USERS_DISCOVERY_REALTIME", "--from", r.day, "--to", r.day)
    assert out.returncode == 0, out.stderr
    _, headers, rows, rest = boxed_table(out.stdout)
    expected = audience.expected_rows(users, rehearsal_day_rows(server))
    assert len(expected) == 3
    check_rows(headers, rows, users, expected)
    assert rest == [str(len(expected))]


def test_csv_format(server):
    from_day, to_day, platforms, expected = platforms_today(server)
    out = report(server, "--type", "10004", "--from", from_day, "--to", to_day, "--format", "csv")
    assert out.returncode == 0, out.stderr
    lines = [line for line in out.stdout.splitlines() if line.strip()]
    assert lines[0] == ",".join(platforms.table_headers)
    check_rows(lines[0].split(","), [line.split(",") for line in lines[1:]], platforms, expected)


def test_json_format(server):
    from_day, to_day, platforms, expected = platforms_today(server)
    out = report(server, "--type", "10004", "--from", from_day, "--to", to_day, "--format", "json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert {"header", "data", "totalCount"} <= set(doc)
    assert int(doc["totalCount"]) == len(expected)
    assert doc["data"].endswith(";")
    check_rows(doc["header"].split(","), [r.split(",") for r in doc["data"][:-1].split(";")], platforms, expected)


def test_wrong_secret_fails(server):
    r = server.rehearsal
    out = report(server, "--type", "10004", "--from", r.day, "--to", r.day, secret="0" * 32)
    assert out.returncode != 0
    assert "|" not in out.stdout
