"""The pane survives a server restart: it says it is reconnecting, waits longer after each failed
try (1 s, then 2 s, …), and on its own picks the stream up again, with the same session."""

from playwright.sync_api import expect

from conftest import Server, sign_in


def test_the_pane_reconnects_with_backoff_after_a_restart(page, launch, cli):
    launched = launch("restart", "--flush-interval-ms", "100")
    server = Server(launched.url, launched.partner["id"], launched.partner["adminSecret"], launched.data, cli)
    server.view("1_restart", user="before@example.com")
    sign_in(page, server, "1_restart")
    connection = page.locator("#connection")
    expect(connection).to_have_text("live")
    expect(page.locator("#attendees")).to_have_attribute("data-value", "1")

    launched.stop()
    # While the server is down every try fails, and the wait doubles.
    expect(connection).to_have_text("reconnecting in 1 s…", timeout=5000)
    expect(connection).to_have_text("reconnecting in 2 s…", timeout=5000)
    expect(connection).to_have_text("reconnecting in 4 s…", timeout=8000)

    launched.start()
    server.view("1_restart", user="after@example.com")
    expect(connection).to_have_text("live", timeout=15000)
    # The live state is in memory, so only beacons after the restart count: the new viewer.
    expect(page.locator("#attendees")).to_have_attribute("data-value", "1")
    expect(page.locator("#viewers tbody tr")).to_have_count(1)
    assert "after@example.com" in page.locator("#viewers").inner_text()
