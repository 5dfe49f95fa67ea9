"""Calling the server with the official Kaltura client, and checking what comes back.

Every check compares the server's strings with values computed in `audience.py` from the beacons
the tests sent: integers must match exactly ("5"), floats within a relative 1e-9 and formatted the
way PHP prints them (at most 14 significant digits, no trailing zeros, no exponent for our values).
"""

from __future__ import annotations

import math
import re
import time
from typing import Callable, Iterable, Optional

import pytest
from KalturaClient import KalturaClient, KalturaConfiguration
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Core import (
    KalturaEndUserReportInputFilter,
    KalturaFilterPager,
    KalturaReportGraph,
    KalturaReportInputFilter,
    KalturaReportResponseOptions,
    KalturaReportTable,
    KalturaReportTotal,
    KalturaSessionType,
)

ADMIN_USER = "admin@x"
LIVE_FROM, LIVE_TO = -3600, 3600  # relative window around "now" used for trackEvent beacons
BIG_PAGE = KalturaFilterPager(pageSize=500, pageIndex=1)


# --------------------------------------------------------------------------------------------
# Clients
# --------------------------------------------------------------------------------------------


def new_client(url: str) -> KalturaClient:
    config = KalturaConfiguration(serviceUrl=url)
    config.requestTimeout = 30
    return KalturaClient(config)


def start_admin_ks(url: str, partner, user: str = ADMIN_USER, expiry: int = 86400) -> str:
    client = new_client(url)
    return client.session.start(partner.admin_secret, user, KalturaSessionType.ADMIN, partner.id, expiry, "")


def client_with_ks(url: str, ks) -> KalturaClient:
    client = new_client(url)
    client.setKs(ks)
    return client


def report_filter(cls=KalturaReportInputFilter, **fields):
    f = cls()
    for name, value in fields.items():
        assert hasattr(f, name), f"{cls.__name__} has no field {name}"
        setattr(f, name, value)
    return f


def live_filter(cls=KalturaReportInputFilter, **fields):
    """The window around now in which every trackEvent beacon of the session falls."""
    return report_filter(cls, fromDate=LIVE_FROM, toDate=LIVE_TO, **fields)


def days_around_today() -> tuple[str, str, int, int]:
    """fromDay yesterday .. toDay tomorrow (UTC), and the absolute bounds [lo, hi) they stand for."""
    today = int(time.time() // 86400) * 86400
    day = lambda t: time.strftime("%Y%m%d", time.gmtime(t))  # noqa: E731
    return day(today - 86400), day(today + 86400), today - 86400, today + 2 * 86400


def day_filter(cls=KalturaReportInputFilter, **fields):
    from_day, to_day, _, _ = days_around_today()
    return report_filter(cls, fromDay=from_day, toDay=to_day, timeZoneOffset=0, **fields)


def end_user_filter(**fields):
    return report_filter(KalturaEndUserReportInputFilter, **fields)


def options(delimiter=NotImplemented, skip_empty=NotImplemented) -> KalturaReportResponseOptions:
    return KalturaReportResponseOptions(delimiter=delimiter, skipEmptyDates=skip_empty)


def expect_error(code: str, call: Callable, *args, **kwargs) -> KalturaException:
    """Runs a client call that must fail with the API error `code`."""
    try:
        result = call(*args, **kwargs)
    except KalturaException as e:
        assert e.code == code, f"expected {code}, got {e.code}: {e.message}"
        assert e.message, "an API error carries a message"
        return e
    pytest.fail(f"expected API error {code}, the call returned {result!r}")


# --------------------------------------------------------------------------------------------
# Reading results
# --------------------------------------------------------------------------------------------


def text(value) -> str:
    """A string property of a client object; '' for a missing (NotImplemented) or null one."""
    if value is None or value is NotImplemented:
        return ""
    assert isinstance(value, str), f"expected a string, got {value!r}"
    return value


def count(value) -> Optional[int]:
    return None if value is NotImplemented else value


def table_rows(table, delim: str = ",") -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of a KalturaReportTable; checks the row terminators and widths."""
    assert isinstance(table, KalturaReportTable), f"expected a KalturaReportTable, got {table!r}"
    header, data = text(table.header), text(table.data)
    if not header:
        assert not data, f"rows without a header: {data!r}"
        return [], []
    headers = header.split(delim)
    if not data:
        return headers, []
    assert data.endswith(";"), f"table data must end with ';': {data[-40:]!r}"
    rows = [r.split(delim) for r in data[:-1].split(";")]
    for r in rows:
        assert len(r) == len(headers), f"row {r} does not match header {headers}"
    return headers, rows


def assert_no_rows(table, delim: str = ","):
    _, rows = table_rows(table, delim)
    assert rows == [], f"expected no rows, got {rows}"
    assert count(table.totalCount) in (0, None), f"totalCount {table.totalCount} for an empty table"


def assert_empty_table(table):
    """The contract's empty table: header and data '' (or null), totalCount 0 (or null)."""
    assert isinstance(table, KalturaReportTable)
    assert text(table.header) == "" and text(table.data) == "", f"not empty: {table.header!r} / {table.data!r}"
    assert count(table.totalCount) in (0, None)


def total_values(total, delim: str = ",") -> tuple[list[str], dict[str, str]]:
    assert isinstance(total, KalturaReportTotal), f"expected a KalturaReportTotal, got {total!r}"
    header, data = text(total.header), text(total.data)
    if not header:
        assert not data
        return [], {}
    headers = header.split(delim)
    assert not data.endswith(";"), "a total has no row terminator"
    values = data.split(delim)
    assert len(values) == len(headers), f"total data {data!r} does not match header {header!r}"
    return headers, dict(zip(headers, values))


def assert_zero_total(total, delim: str = ","):
    """No data: either no header at all, or every value empty or 0."""
    _, values = total_values(total, delim)
    for h, v in values.items():
        assert v in ("", "0"), f"{h} = {v!r} where no data was expected"


def graph_series(graphs, delim: str = ",") -> dict[str, list[tuple[str, str]]]:
    """graph id -> [(x, y)] from a list of KalturaReportGraph, in the server's order."""
    assert isinstance(graphs, list), f"expected a list of graphs, got {graphs!r}"
    out: dict[str, list[tuple[str, str]]] = {}
    for g in graphs:
        assert isinstance(g, KalturaReportGraph), f"expected KalturaReportGraph, got {g!r}"
        data = text(g.data)
        points = []
        if data:
            assert data.endswith(";"), f"graph {g.id} data must end with ';'"
            for p in data[:-1].split(";"):
                parts = p.split(delim)
                assert len(parts) == 2, f"graph point {p!r} is not x{delim}y"
                points.append((parts[0], parts[1]))
        assert g.id not in out, f"graph {g.id} twice"
        out[g.id] = points
    return out


# --------------------------------------------------------------------------------------------
# Comparing values
# --------------------------------------------------------------------------------------------

PHP_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?")


def check_value(actual: str, expected, what: str = ""):
    if isinstance(expected, str):
        assert actual == expected, f"{what}: got {actual!r}, expected {expected!r}"
    elif isinstance(expected, int):
        assert actual == str(expected), f"{what}: got {actual!r}, expected {expected}"
    else:
        assert PHP_NUMBER.fullmatch(actual), f"{what}: {actual!r} is not a number as PHP prints it"
        significant = actual.lstrip("-").replace(".", "").lstrip("0")
        assert len(significant) <= 14, f"{what}: {actual!r} has more than 14 significant digits"
        assert math.isclose(float(actual), expected, rel_tol=1e-9, abs_tol=1e-12), f"{what}: got {actual}, expected {expected!r}"


def check_values(actual: dict[str, str], expected: dict, what: str = ""):
    for h, v in expected.items():
        assert h in actual, f"{what}: no {h} in {sorted(actual)}"
        check_value(actual[h], v, f"{what} {h}")


def check_table(
    table,
    headers: Iterable[str],
    keys: Iterable[str],
    expected: dict[tuple, dict],
    delim: str = ",",
    what: str = "",
    total_count: Optional[int] = None,
) -> list[list[str]]:
    """The table has exactly these headers, exactly the expected rows (matched by the key
    columns, in any order) with the expected values, and totalCount = number of rows."""
    got_headers, rows = table_rows(table, delim)
    assert got_headers == list(headers), f"{what}: header {got_headers} != {list(headers)}"
    index = {h: i for i, h in enumerate(got_headers)}
    keys = list(keys)
    got: dict[tuple, list[str]] = {}
    for r in rows:
        key = tuple(r[index[k]] for k in keys)
        assert key not in got, f"{what}: row {key} twice"
        got[key] = r
    assert set(got) == set(expected), f"{what}: rows {sorted(got)} != expected {sorted(expected)}"
    for key, values in expected.items():
        for h, v in values.items():
            check_value(got[key][index[h]], v, f"{what} row {key} {h}")
    assert count(table.totalCount) == (len(expected) if total_count is None else total_count), f"{what}: totalCount {table.totalCount}"
    return rows


def check_total(total, headers: Iterable[str], expected: dict, delim: str = ",", what: str = ""):
    got_headers, values = total_values(total, delim)
    assert got_headers == list(headers), f"{what}: total header {got_headers} != {list(headers)}"
    check_values(values, expected, f"{what} total")


def check_series(series: dict[str, list[tuple[str, str]]], ids: Iterable[str], expected: dict[int, dict], what: str = ""):
    """Graphs in exactly this id order, each with exactly the expected buckets and values."""
    assert list(series) == list(ids), f"{what}: graph ids {list(series)} != {list(ids)}"
    for gid, points in series.items():
        xs = [x for x, _ in points]
        assert xs == [str(s) for s in sorted(expected)], f"{what}: {gid} buckets {xs} != {sorted(expected)}"
        for x, y in points:
            check_value(y, expected[int(x)][gid], f"{what} {gid} @{x}")


def column(rows: list[list[str]], headers: list[str], name: str) -> list[str]:
    i = headers.index(name)
    return [r[i] for r in rows]
