"""session.start / get / end, locally built KS v1, expiry, forgery and secret rotation."""

import base64
import time

import pytest
from KalturaClient import KalturaClient
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Core import KalturaSessionInfo, KalturaSessionType

import audience
from checks import ADMIN_USER, check_total, client_with_ks, expect_error, live_filter, new_client

OVERVIEW = audience.REALTIME_REPORTS["10005"]


def check_reads_own_overview(client, server, partner, entry):
    total = client.report.getTotal("10005", live_filter(entryIdIn=entry))
    check_total(total, OVERVIEW.total, audience.expected_total(OVERVIEW, server.live(partner, entries=[entry])), what=f"partner {partner.id}")


def local_ks(secret: str, partner_id: int, user: str = "local@x", expiry: int = 86400, type_=KalturaSessionType.ADMIN) -> str:
    ks = KalturaClient.generateSession(secret, user, type_, partner_id, expiry, "")
    return ks.decode() if isinstance(ks, bytes) else ks


def split_v1(ks: str) -> tuple[bytes, list[bytes]]:
    signature, info = base64.b64decode(ks).split(b"|", 1)
    return signature, info.split(b";")


def join_v1(signature: bytes, fields: list[bytes]) -> str:
    return base64.b64encode(signature + b"|" + b";".join(fields)).decode()


def test_start_returns_a_ks_that_get_describes(server):
    client = new_client(server.url)
    before = time.time()
    ks = client.session.start(server.a.admin_secret, ADMIN_USER, KalturaSessionType.ADMIN, server.a.id, 86400, "")
    assert isinstance(ks, str) and len(ks) > 20
    client.setKs(ks)
    info = client.session.get()
    assert isinstance(info, KalturaSessionInfo)
    assert info.partnerId == server.a.id
    assert info.sessionType.getValue() == KalturaSessionType.ADMIN
    assert info.userId == ADMIN_USER
    assert before + 86400 - 5 <= info.expiry <= time.time() + 86400 + 5
    check_reads_own_overview(client, server, server.a, audience.TOWN_HALL)


def test_each_partner_gets_its_own_session(server):
    client = new_client(server.url)
    before = time.time()
    ks = client.session.start(server.b.admin_secret, "ops@b.example", KalturaSessionType.ADMIN, server.b.id, 3600, "")
    client.setKs(ks)
    info = client.session.get()
    assert info.partnerId == server.b.id
    assert info.userId == "ops@b.example"
    assert before + 3600 - 5 <= info.expiry <= time.time() + 3600 + 5
    check_reads_own_overview(client, server, server.b, audience.B_LECTURE)


def test_user_session(server):
    client = new_client(server.url)
    ks = client.session.start(server.a.user_secret, "viewer@example.com", KalturaSessionType.USER, server.a.id, 600, "")
    client.setKs(ks)
    info = client.session.get()
    assert info.partnerId == server.a.id
    assert info.sessionType.getValue() == KalturaSessionType.USER
    assert info.userId == "viewer@example.com"


def test_locally_generated_v1_ks_is_accepted(server):
    client = client_with_ks(server.url, local_ks(server.a.admin_secret, server.a.id))
    info = client.session.get()
    assert info.partnerId == server.a.id
    assert info.userId == "local@x"
    assert info.sessionType.getValue() == KalturaSessionType.ADMIN
    check_reads_own_overview(client, server, server.a, audience.BREAKOUT)


def test_v1_ks_signed_with_another_partners_secret_is_invalid(server):
    forged = local_ks(server.b.admin_secret, server.a.id)
    expect_error("INVALID_KS", client_with_ks(server.url, forged).report.getTotal, "10005", live_filter())


@pytest.mark.parametrize("field,value", [(0, "other partner"), (2, "later expiry"), (5, "other user")])
def test_v1_ks_with_an_altered_field_is_invalid(server, field, value):
    signature, fields = split_v1(local_ks(server.b.admin_secret, server.b.id))
    if value == "other partner":
        fields[0] = fields[1] = str(server.a.id).encode()
    elif value == "later expiry":
        fields[2] = str(int(fields[2]) + 86400).encode()
    else:
        fields[5] = b"someone-else"
    expect_error("INVALID_KS", client_with_ks(server.url, join_v1(signature, fields)).report.getTotal, "10005", live_filter())


def test_v1_ks_with_a_wrong_signature_is_invalid(server):
    signature, fields = split_v1(local_ks(server.a.admin_secret, server.a.id))
    flipped = (b"0" if signature[:1] != b"0" else b"1") + signature[1:]
    expect_error("INVALID_KS", client_with_ks(server.url, join_v1(flipped, fields)).report.getTotal, "10005", live_filter())


def test_expired_local_ks_is_invalid(server):
    expired = local_ks(server.a.admin_secret, server.a.id, expiry=-60)
    expect_error("INVALID_KS", client_with_ks(server.url, expired).report.getTotal, "10005", live_filter())


def test_started_session_expires(server):
    client = new_client(server.url)
    ks = client.session.start(server.a.admin_secret, ADMIN_USER, KalturaSessionType.ADMIN, server.a.id, 1, "")
    client.setKs(ks)
    time.sleep(2.5)
    expect_error("INVALID_KS", client.report.getTotal, "10005", live_filter())


def test_end_revokes_only_that_session(server):
    ended = new_client(server.url)
    ended.setKs(ended.session.start(server.a.admin_secret, ADMIN_USER, KalturaSessionType.ADMIN, server.a.id, 86400, ""))
    other = new_client(server.url)
    other.setKs(other.session.start(server.a.admin_secret, ADMIN_USER, KalturaSessionType.ADMIN, server.a.id, 86400, ""))
    check_reads_own_overview(ended, server, server.a, audience.TOWN_HALL)

    ended.session.end()

    expect_error("INVALID_KS", ended.report.getTotal, "10005", live_filter())
    expect_error("INVALID_KS", ended.session.get)
    check_reads_own_overview(other, server, server.a, audience.TOWN_HALL)
    fresh = new_client(server.url)
    fresh.setKs(fresh.session.start(server.a.admin_secret, ADMIN_USER, KalturaSessionType.ADMIN, server.a.id, 86400, ""))
    check_reads_own_overview(fresh, server, server.a, audience.TOWN_HALL)


def test_wrong_secret_is_start_session_error(server):
    client = new_client(server.url)
    expect_error("START_SESSION_ERROR", client.session.start, "0" * 32, ADMIN_USER, KalturaSessionType.ADMIN, server.a.id, 86400, "")
    expect_error("START_SESSION_ERROR", client.session.start, server.b.admin_secret, ADMIN_USER, KalturaSessionType.ADMIN, server.a.id, 86400, "")


def test_user_secret_cannot_start_an_admin_session(server):
    client = new_client(server.url)
    expect_error("START_SESSION_ERROR", client.session.start, server.a.user_secret, ADMIN_USER, KalturaSessionType.ADMIN, server.a.id, 86400, "")


def test_unknown_partner_gets_no_session(server):
    client = new_client(server.url)
    unknown = max(server.a.id, server.b.id, server.c.id) + 12345
    with pytest.raises(KalturaException):
        client.session.start(server.a.admin_secret, ADMIN_USER, KalturaSessionType.ADMIN, unknown, 86400, "")


def test_rotated_admin_secret(server):
    c = server.c
    assert c.rotate_error is None, c.rotate_error
    assert c.old_admin_secret and c.old_admin_secret != c.admin_secret
    client = new_client(server.url)
    expect_error("START_SESSION_ERROR", client.session.start, c.old_admin_secret, ADMIN_USER, KalturaSessionType.ADMIN, c.id, 86400, "")
    client.setKs(client.session.start(c.admin_secret, ADMIN_USER, KalturaSessionType.ADMIN, c.id, 86400, ""))
    assert client.session.get().partnerId == c.id
