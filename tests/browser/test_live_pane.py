"""The live pane in real Chromium: numbers follow the beacons within 2 s, DVR viewers stay out of the
live list, the last-minute bitrate is the beacons' mean, scroll-back, Alt+A, Export, and sign-in."""

import csv
import io
import time

import requests
from playwright.sync_api import expect

from conftest import screenshot, sign_in

IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"


def test_a_wrong_secret_gets_no_data(page, server):
    server.view("1_secret", user="someone@example.com")
    sign_in(page, server, "1_secret", secret="not-the-secret")
    expect(page.locator("#signin-error")).to_contain_text("Sign-in failed")
    expect(page.locator("#analytics")).to_be_hidden()
    assert page.locator("#viewers tbody tr").count() == 0
    for path in ["/live/1_secret/events?ks=forged", "/live/1_secret/viewers?ks=forged", "/live/1_secret/viewers"]:
        response = requests.get(server.url + path, timeout=5)
        assert response.status_code == 401, path
        assert "someone" not in response.text


def test_the_attendee_count_follows_beacons_within_two_seconds(page, server):
    sign_in(page, server, "1_count")
    expect(page.locator("#connection")).to_have_text("live")
    expect(page.locator("#attendees")).to_have_attribute("data-value", "0")
    sent = time.monotonic()
    for index in range(5):
        server.view("1_count", user=f"viewer{index}@example.com")
    expect(page.locator("#attendees")).to_have_attribute("data-value", "5", timeout=2000)
    assert time.monotonic() - sent <= 2.0
    server.view("1_count", user="viewer5@example.com", agent=IPHONE)
    expect(page.locator("#attendees")).to_have_attribute("data-value", "6", timeout=2000)
    expect(page.locator('#platforms li[data-platform="Mobile"] .count')).to_have_text("1")
    screenshot(page, "live-pane-1280x800")


def test_a_dvr_viewer_is_counted_apart_and_not_listed(page, server):
    for index in range(3):
        server.view("1_dvr", user=f"live{index}@example.com")
    server.view("1_dvr", user="rewinder@example.com", playback="dvr")
    sign_in(page, server, "1_dvr")
    expect(page.locator("#attendees")).to_have_attribute("data-value", "3")
    expect(page.locator("#dvr-attendees")).to_have_text("1")
    expect(page.locator("#viewers tbody tr")).to_have_count(3)
    expect(page.locator("#viewers-dvr")).to_have_text("1")
    assert "rewinder@example.com" not in page.locator("#viewers").inner_text()


def test_last_minute_bitrate_is_the_mean_of_the_sent_beacons(page, server):
    bitrates = [800, 1500, 3000, 4500]
    buffers = [0, 2.5, 0, 1]
    for index, (bitrate, buffer) in enumerate(zip(bitrates, buffers)):
        server.view("1_bitrate", user=f"b{index}@example.com", bitrate=bitrate, buffer=buffer)
    sign_in(page, server, "1_bitrate")
    expected = sum(bitrates) / len(bitrates)
    expect(page.locator("#bitrate")).to_have_attribute("data-value", str(expected).removesuffix(".0"))
    expect(page.locator("#bitrate")).to_have_text(f"{round(expected):,}")
    ratio = float(page.locator("#buffering").get_attribute("data-value"))
    assert abs(ratio - sum(buffers) / (len(buffers) * 10)) < 1e-12


def test_alt_a_and_the_icon_toggle_the_pane(page, server):
    sign_in(page, server, "1_toggle")
    expect(page.locator("#analytics")).to_be_visible()
    page.keyboard.press("Alt+A")
    expect(page.locator("#pane")).to_be_hidden()
    page.keyboard.press("Alt+A")
    expect(page.locator("#pane")).to_be_visible()
    page.click("#analytics-toggle")
    expect(page.locator("#pane")).to_be_hidden()
    expect(page.locator("#analytics-toggle")).to_have_attribute("aria-expanded", "false")
    page.click("#analytics-toggle")
    expect(page.locator("#pane")).to_be_visible()


def test_scrolling_back_shows_old_data_and_back_to_live_returns(page, server):
    # A 50-minute webcast still running: backfilled up to now through the batch endpoint.
    now = int(time.time())
    server.simulate("--entry", "1_long", "--viewers", "120", "--duration", "90m", "--speed", "max", "--start", now - 3000, "--seed", "9")
    sign_in(page, server, "1_long")
    scroller = page.locator("#scroller")
    expect(scroller).to_be_visible()
    chart = page.locator("#attendance-chart")
    expect(chart.locator("path.series")).to_have_count(1)
    latest_end = int(chart.get_attribute("data-to"))
    assert latest_end >= now - 20
    expect(page.locator("#back-to-live")).to_be_hidden()
    page.eval_on_selector("#scroller", "s => { s.value = s.min; s.dispatchEvent(new Event('input')); }")
    expect(page.locator("#back-to-live")).to_be_visible()
    old_end = int(chart.get_attribute("data-to"))
    assert old_end <= now - 3000 + 1800 + 10
    assert chart.locator("path.series").get_attribute("d").count("L") > 100  # old data is drawn
    time.sleep(1.5)
    assert int(chart.get_attribute("data-to")) == old_end  # new data arrives without moving the view
    screenshot(page, "live-pane-scrolled-back")
    page.click("#back-to-live")
    expect(page.locator("#back-to-live")).to_be_hidden()
    assert int(chart.get_attribute("data-to")) >= latest_end


def test_export_downloads_what_the_pane_shows(page, server):
    for index in range(4):
        server.view("1_export", user=f"e{index}@example.com", bitrate=1500 + index * 100, agent=IPHONE if index == 3 else None)
    sign_in(page, server, "1_export")
    expect(page.locator("#viewers tbody tr")).to_have_count(4)
    expect(page.locator("#attendees")).to_have_attribute("data-value", "4")
    with page.expect_download() as download:
        page.click("#export")
    text = open(download.value.path(), encoding="utf-8").read()
    sections = [list(csv.reader(io.StringIO(part))) for part in text.strip().split("\n\n")]
    assert sections[0][0] == ["Live analytics 1_export"]
    assert sections[0][1] == ["entry", "1_export"]
    assert sections[0][2][0] == "from" and sections[0][2][2] == "to"
    kpis = dict(sections[1][1:])
    assert kpis["attendees_live"] == page.locator("#attendees").get_attribute("data-value")
    assert float(kpis["avg_bitrate_kbps_last_minute"]) == float(page.locator("#bitrate").get_attribute("data-value"))
    assert kpis["peak_attendees"] == page.locator("#peak").get_attribute("data-value")
    platforms = {row[0]: row[1] for row in sections[2][1:]}
    for item in page.locator("#platforms li").all():
        assert platforms[item.get_attribute("data-platform")] == item.locator(".count").inner_text()
    screen = [row.locator("td").first.inner_text() for row in page.locator("#viewers tbody tr").all()]
    assert [row[0] for row in sections[4][1:]] == screen
    assert sections[3][0] == ["time", "attendees"] and int(sections[3][-1][1]) == 4


def test_the_pane_fits_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    server.view("1_phone", user="phone@example.com", bitrate=800)
    sign_in(page, server, "1_phone")
    expect(page.locator("#attendees")).to_have_attribute("data-value", "1")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways: {width}px"
    screenshot(page, "live-pane-phone")
    context.close()
