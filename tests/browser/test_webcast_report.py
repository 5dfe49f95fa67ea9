"""The post-event view in real Chromium, for a simulated town hall that ended: every number on the
screen and in its CSV export equals the simulator's ground truth."""

import csv
import io
import json
import time

import pytest
from playwright.sync_api import expect

from conftest import screenshot, sign_in

ENTRY = "1_after"


@pytest.fixture(scope="module")
def truth(server, tmp_path_factory):
    """A 20-minute town hall that ended two hours ago, backfilled, and what really happened."""
    path = tmp_path_factory.mktemp("after") / "truth.json"
    start = int(time.time()) - 3 * 3600
    before = server.stored()
    server.simulate("--entry", ENTRY, "--viewers", "180", "--duration", "20m", "--speed", "max", "--start", start,
                    "--seed", "17", "--shape", "town-hall", "--truth", path)
    truth = json.loads(path.read_text())
    deadline = time.monotonic() + 30
    while server.stored() < before + truth["totals"]["beacons"]:
        assert time.monotonic() < deadline, "the backfill was not stored"
        time.sleep(0.1)
    return truth


def value(page, selector):
    return float(page.locator(selector).get_attribute("data-value"))


def close(a, b):
    assert abs(a - b) <= 1e-9 * max(1.0, abs(b)), (a, b)


def test_the_kpis_equal_the_ground_truth(page, server, truth):
    sign_in(page, server, ENTRY, view="webcasts")
    expect(page.locator("#report")).to_be_visible()
    expect(page.locator("#unique")).not_to_have_attribute("data-value", "0")
    totals = truth["totals"]
    watched = [bucket["users"] for bucket in truth["buckets"] if bucket["users"] > 0]
    assert value(page, "#peak") == max(watched)
    close(value(page, "#average"), sum(watched) / len(watched))
    assert value(page, "#unique") == totals["uniqueUsers"]
    assert value(page, "#unique-dvr") == totals["dvrUsers"]
    assert value(page, "#time-live") == totals["liveSlots"] * 10
    assert value(page, "#time-dvr") == totals["dvrSlots"] * 10
    close(value(page, "#time-average"), totals["slots"] * 10 / totals["uniqueUsers"])
    close(value(page, "#engagement"), totals["engagedSlots"] / totals["slots"])
    close(value(page, "#buffering"), totals["bufferSeconds"] / (totals["slots"] * 10))
    close(value(page, "#bitrate"), totals["bitrateSum"] / totals["bitrateSlots"])
    peak_at = int(page.locator("#peak-at").get_attribute("data-value"))
    assert peak_at == next(bucket["start"] for bucket in truth["buckets"] if bucket["users"] == max(watched))
    platforms = {row.get_attribute("data-platform"): row for row in page.locator("#platforms tbody tr").all()}
    assert set(platforms) == set(truth["devices"])
    for device, counts in truth["devices"].items():
        assert int(platforms[device].get_attribute("data-users")) == counts["users"]
        assert int(platforms[device].get_attribute("data-seconds")) == counts["viewSeconds"]
    screenshot(page, "webcast-report-1280x800")


def test_the_attendee_table_lists_everyone_live_and_dvr(page, server, truth):
    sign_in(page, server, ENTRY, view="webcasts")
    users = truth["users"]
    expect(page.locator("#users-total")).to_have_text(f"{len(users):,}")
    rows = page.locator("#users tbody tr")
    expect(rows).to_have_count(50)
    seen = {}
    while True:
        for row in rows.all():
            seen[row.get_attribute("data-user")] = (int(row.get_attribute("data-live")), int(row.get_attribute("data-dvr")))
        if page.locator("#next").is_disabled():
            break
        first = rows.first.get_attribute("data-user")
        page.click("#next")
        expect(rows.first).not_to_have_attribute("data-user", first)
    assert seen == {key: (user["liveSeconds"], user["dvrSeconds"]) for key, user in users.items()}
    # By default the longest live attendance comes first; the DVR header sorts by DVR time.
    page.click('#users th button[data-sort="sum_view_time_dvr"]')
    most = max(user["dvrSeconds"] for user in users.values())
    expect(rows.first).to_have_attribute("data-dvr", str(most))


def test_export_downloads_the_report_for_everyone(page, server, truth):
    sign_in(page, server, ENTRY, view="webcasts")
    expect(page.locator("#unique")).not_to_have_attribute("data-value", "0")
    with page.expect_download() as download:
        page.click("#export")
    text = open(download.value.path(), encoding="utf-8").read()
    sections = [list(csv.reader(io.StringIO(part))) for part in text.strip().split("\n\n")]
    assert sections[0][0] == [f"Webcast report {ENTRY}"]
    assert sections[0][1] == ["entry", ENTRY]
    kpis = dict(sections[1][1:])
    for name, selector in [("peak_attendees", "#peak"), ("unique_viewers", "#unique"), ("unique_viewers_dvr", "#unique-dvr"),
                           ("view_time_live_seconds", "#time-live"), ("view_time_dvr_seconds", "#time-dvr")]:
        assert float(kpis[name]) == value(page, selector), name
    for name, selector in [("average_attendees", "#average"), ("avg_view_time_per_viewer_seconds", "#time-average"),
                           ("engagement", "#engagement"), ("buffer_time_ratio", "#buffering"), ("avg_bitrate_kbps", "#bitrate")]:
        assert abs(float(kpis[name]) - value(page, selector)) <= 1e-9 * max(1.0, value(page, selector)), name
    platforms = {row[0]: row for row in sections[2][1:]}
    assert set(platforms) == set(truth["devices"])
    series = sections[3]
    assert series[0] == ["time", "attendees"]
    assert [int(row[1]) for row in series[1:]] == [bucket["users"] for bucket in truth["buckets"] if bucket["users"] > 0]
    header, *people = sections[4]
    assert header[:4] == ["user_id", "user_name", "sum_view_time_live", "sum_view_time_dvr"]
    assert len(people) == len(truth["users"])  # everyone, not one page
    for row in people:
        user = truth["users"][row[0]]
        assert (int(row[2]), int(row[3])) == (user["liveSeconds"], user["dvrSeconds"])


def test_a_wrong_secret_sees_no_report(page, server, truth):
    sign_in(page, server, ENTRY, secret="not-the-secret", view="webcasts")
    expect(page.locator("#signin-error")).to_contain_text("Sign-in failed")
    expect(page.locator("#report")).to_be_hidden()
    assert page.locator("#users tbody tr").count() == 0


def test_the_report_fits_a_phone(browser, server, truth):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    sign_in(page, server, ENTRY, view="webcasts")
    expect(page.locator("#report")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways: {width}px"
    screenshot(page, "webcast-report-phone")
    context.close()
