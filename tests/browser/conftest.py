"""A real server on loopback, a partner, beacons sent over HTTP, and Debian's Chromium driven by playwright."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import requests
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("WEBCAST_ARTIFACTS", ROOT / "test-artifacts"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


class Server:
    def __init__(self, url, partner, secret, data, cli):
        self.url, self.partner, self.secret, self.data, self.cli = url, partner, secret, data, cli

    def view(self, entry, user=None, session=None, playback="live", bitrate=None, buffer=0.0, agent=None):
        """One VIEW beacon as the player sends it (GET, KAVA parameters)."""
        parameters = {
            "service": "analytics", "action": "trackEvent", "eventType": 99, "partnerId": self.partner,
            "entryId": entry, "sessionId": session or str(uuid.uuid4()), "eventIndex": 5, "playbackType": playback,
            "bufferTime": buffer, "soundMode": 2, "tabMode": 2,
        }
        if user:
            parameters["userId"] = user
        if bitrate is not None:
            parameters["actualBitrate"] = bitrate
        headers = {"User-Agent": agent or "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"}
        response = requests.get(self.url + "/api_v3/index.php", params=parameters, headers=headers, timeout=5)
        assert response.ok, response.text

    def stored(self):
        """Beacons the server has written to its store."""
        for line in requests.get(self.url + "/metrics", timeout=5).text.splitlines():
            if line.startswith("beacons_stored_total "):
                return int(float(line.split()[1]))
        return 0

    def simulate(self, *args):
        return self.cli("simulate", "--url", self.url, "--partner", self.partner, "--secret", self.secret, *args)


@pytest.fixture(scope="session")
def server(launch, cli):
    launched = launch("browser", "--flush-interval-ms", "100")
    return Server(launched.url, launched.partner["id"], launched.partner["adminSecret"], launched.data, cli)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, server, entry, secret=None, view="live"):
    """Opens `/live/{entry}` (or another view, e.g. `webcasts`) and signs in with the partner's secret."""
    page.goto(f"{server.url}/{view}/{entry}")
    page.fill("#partner-id", str(server.partner))
    page.fill("#secret", secret or server.secret)
    page.click("#signin button[type=submit]")


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
