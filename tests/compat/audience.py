"""A deterministic audience of KAVA beacons, and the report values it must produce.

Pure Python, no I/O: the tests send these beacons to the server, then compute every expected
number here from the very list they sent. The formulas are the server contract's (reference
kaltura-compatibility.md §3.2-3.4):

* the user key for uniques is the userId when given, else the sessionId;
* only VIEW (99) beacons count, except `error` (count of ERROR 98 events);
* engaged = soundMode 2 and tabMode 2; buffering = bufferTime > 0; a bitrate counts when > 0;
* realtime reports (10001-10016) only see playbackType live/dvr; TOP_CONTENT only vod unless
  playbackTypeIn says otherwise;
* one VIEW = 10 seconds watched; zero denominators give 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

IMPRESSION, PLAY, ERROR, VIEW = 1, 3, 98, 99
REACHED_25, REACHED_50, REACHED_75, REACHED_100 = 11, 12, 13, 14
REACHED = (REACHED_25, REACHED_50, REACHED_75, REACHED_100)

USER_AGENTS = {
    "Computer": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mobile": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Tablet": "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
}

REALTIME_PLAYBACK = ("live", "dvr")
DAY = 86400


@dataclass
class Beacon:
    partner: int
    entry: str
    session: str
    event: int = VIEW
    user: Optional[str] = None
    playback: str = "live"
    buffer: Optional[float] = None
    bitrate: Optional[int] = None
    sound: Optional[int] = None
    tab: Optional[int] = None
    device: str = "Computer"
    error_code: Optional[int] = None
    index: int = 1
    # Unix seconds. Backfilled beacons carry their exact eventTime (`exact=True`); beacons sent to
    # trackEvent get the client's clock just before sending (the server stamps its receive time).
    at: Optional[float] = None
    exact: bool = False

    @property
    def user_key(self) -> str:
        return self.user or self.session

    @property
    def engaged(self) -> bool:
        return self.sound == 2 and self.tab == 2

    @property
    def buffering(self) -> bool:
        return (self.buffer or 0) > 0

    @property
    def has_bitrate(self) -> bool:
        return self.bitrate is not None and self.bitrate > 0

    @property
    def user_agent(self) -> str:
        return USER_AGENTS[self.device]

    def params(self) -> dict:
        """The KAVA parameters, typed as a player's JSON body types them."""
        p = {
            "eventType": self.event,
            "partnerId": self.partner,
            "entryId": self.entry,
            "sessionId": self.session,
            "eventIndex": self.index,
            "playbackType": self.playback,
        }
        if self.user is not None:
            p["userId"] = self.user
        if self.buffer is not None:
            p["bufferTime"] = self.buffer
        if self.bitrate is not None:
            p["actualBitrate"] = self.bitrate
        if self.sound is not None:
            p["soundMode"] = self.sound
        if self.tab is not None:
            p["tabMode"] = self.tab
        if self.error_code is not None:
            p["errorCode"] = self.error_code
        return p

    def batch_line(self) -> dict:
        assert self.exact and self.at is not None
        return {**self.params(), "eventTime": self.at, "userAgent": self.user_agent}


# --------------------------------------------------------------------------------------------
# The audience
# --------------------------------------------------------------------------------------------

BUFFERS = (0, 0, 1.5, 0, 3.0, 0, 0.25)  # quarter multiples: sums are exact in binary
BITRATES = (1500, 2200, None, 800, -1, 2000, 0, 1200)  # -1 = "could not measure", 0 and None: no bitrate


@dataclass
class Viewer:
    """One player session watching a live entry."""

    session: str
    user: Optional[str]
    device: str
    entry: str
    views: int
    playback: str  # "live", "dvr" or "mixed" (every third VIEW is dvr)
    seed: int
    loads: bool = True  # sends IMPRESSION and PLAY before the first VIEW
    error_code: Optional[int] = None  # sends one ERROR after the views
    muted: bool = False  # soundMode 1 on every VIEW: never engaged
    unfocused: bool = False  # tabMode 1 on every VIEW: never engaged
    steady: bool = False  # bufferTime 0 on every VIEW: never buffering

    def playback_of(self, i: int) -> str:
        if self.playback == "mixed":
            return "dvr" if i % 3 == 2 else "live"
        return self.playback

    def beacons(self, partner: int) -> list[Beacon]:
        common = dict(partner=partner, entry=self.entry, session=self.session, user=self.user, device=self.device)
        out: list[Beacon] = []
        index = 1
        if self.loads:
            out.append(Beacon(event=IMPRESSION, playback=self.playback_of(0), index=1, **common))
            out.append(Beacon(event=PLAY, playback=self.playback_of(0), index=2, **common))
            index = 3
        for i in range(self.views):
            k = self.seed + i
            out.append(
                Beacon(
                    event=VIEW,
                    playback=self.playback_of(i),
                    buffer=0 if self.steady else BUFFERS[k % 7],
                    bitrate=BITRATES[(3 * k + 1) % 8],
                    sound=1 if self.muted or k % 4 == 3 else 2,
                    tab=1 if self.unfocused or k % 5 == 4 else 2,
                    index=index,
                    **common,
                )
            )
            index += 1
        if self.error_code is not None:
            out.append(Beacon(event=ERROR, playback=self.playback_of(0), error_code=self.error_code, index=index, **common))
        return out


@dataclass
class VodSession:
    """One player session on a VOD entry: loads, maybe plays, reaches quartiles, watches."""

    session: str
    user: Optional[str]
    device: str
    entry: str
    played: bool = True
    reached: int = 0  # how many of PLAY_REACHED_25/50/75/100 it sends
    views: int = 0
    error_code: Optional[int] = None

    def beacons(self, partner: int) -> list[Beacon]:
        common = dict(partner=partner, entry=self.entry, session=self.session, user=self.user, device=self.device, playback="vod")
        out = [Beacon(event=IMPRESSION, index=1, **common)]
        if self.played:
            out.append(Beacon(event=PLAY, index=2, **common))
        for i in range(self.views):
            out.append(Beacon(event=VIEW, index=len(out) + 1, buffer=0, bitrate=1000 + 100 * i, sound=2, tab=2, **common))
        for event in REACHED[: self.reached]:
            out.append(Beacon(event=event, index=len(out) + 1, **common))
        if self.error_code is not None:
            out.append(Beacon(event=ERROR, index=len(out) + 1, error_code=self.error_code, **common))
        return out


# Entry ids of partner A. "1_common" is also used by partner B, with other numbers.
TOWN_HALL = "1_townhall"
BREAKOUT = "1_breakout"
COMMON = "1_common"
KEYNOTE_VOD = "0_keynote_vod"
PANEL_VOD = "0_panel_vod"
REHEARSAL = "1_rehearsal"  # backfilled at exact past times, for the 10-second bucket tests
# Partner B
B_LECTURE = "1_b_lecture"
B_VOD = "0_b_vod"
# Partner C (volatile tests: live-now / ended broadcasts)
C_LIVE = "1_c_live"
C_ENDED = "1_c_ended"

# Every user key of A has a different number of views (1..14), so sum_view_time orders are strict.
# Devices: Computer 6 users / 52 views, Mobile 5 / 21, Tablet 4 / 32, so ordering 10004 by
# view_unique_audience and by sum_view_time give different device orders.
A_VIEWERS = [
    Viewer("s-alice-desk", "alice@example.com", "Computer", TOWN_HALL, 6, "live", 0),
    Viewer("s-alice-phone", "alice@example.com", "Mobile", TOWN_HALL, 3, "dvr", 1),
    Viewer("s-bob", "bob@example.com", "Mobile", TOWN_HALL, 7, "mixed", 2, error_code=7000),
    Viewer("s-carol", "carol@example.com", "Tablet", TOWN_HALL, 5, "live", 3),
    Viewer("s-dave", "dave@example.com", "Computer", BREAKOUT, 4, "live", 4, steady=True),
    Viewer("s-erin", "erin@example.com", "Tablet", BREAKOUT, 3, "dvr", 5, muted=True),
    Viewer("anon-01", None, "Mobile", TOWN_HALL, 1, "live", 6),
    Viewer("anon-02", None, "Mobile", TOWN_HALL, 2, "live", 7, loads=False, muted=True, steady=True),
    Viewer("anon-03", None, "Computer", BREAKOUT, 6, "mixed", 8, error_code=3016),
    Viewer("anon-04", None, "Mobile", BREAKOUT, 8, "live", 9, loads=False, unfocused=True),
    Viewer("anon-05", None, "Computer", TOWN_HALL, 10, "mixed", 10),
    Viewer("anon-06", None, "Tablet", TOWN_HALL, 11, "live", 11, loads=False),
    Viewer("anon-07", None, "Computer", BREAKOUT, 12, "dvr", 12),
    Viewer("anon-08", None, "Tablet", TOWN_HALL, 13, "mixed", 13),
    Viewer("anon-09", None, "Computer", COMMON, 14, "live", 14),
]

A_VOD = [
    VodSession("v-alice", "alice@example.com", "Computer", KEYNOTE_VOD, reached=4, views=6),
    VodSession("v-anon-1", None, "Mobile", KEYNOTE_VOD, reached=2, views=3),
    VodSession("v-henry-1", "henry@example.com", "Computer", KEYNOTE_VOD, reached=1, views=2),
    VodSession("v-henry-2", "henry@example.com", "Tablet", KEYNOTE_VOD, reached=4, views=5),
    VodSession("v-anon-2", None, "Mobile", KEYNOTE_VOD, played=False),
    VodSession("v-ivan", "ivan@example.com", "Tablet", PANEL_VOD, reached=1, views=2, error_code=1001),
    VodSession("v-anon-3", None, "Computer", PANEL_VOD, played=False),
    VodSession("v-anon-4", None, "Mobile", PANEL_VOD, played=False),
]

# Partner B reuses A's session id "anon-01" and entry id "1_common" on purpose.
B_VIEWERS = [
    Viewer("anon-01", None, "Computer", B_LECTURE, 4, "live", 20),
    Viewer("s-kim", "kim@example.com", "Mobile", B_LECTURE, 3, "mixed", 21, error_code=2002),
    Viewer("s-lee", "lee@example.com", "Computer", COMMON, 2, "live", 22),
]
B_VOD_SESSIONS = [VodSession("bv-1", "kim@example.com", "Mobile", B_VOD, reached=2, views=2)]


def live_audience(a: int, b: int) -> list[Beacon]:
    """Partners A and B, beacons for trackEvent (time = when sent)."""
    out: list[Beacon] = []
    for v in A_VIEWERS:
        out += v.beacons(a)
    for s in A_VOD:
        out += s.beacons(a)
    for v in B_VIEWERS:
        out += v.beacons(b)
    for s in B_VOD_SESSIONS:
        out += s.beacons(b)
    return out


def day_start(t: float) -> int:
    return int(t // DAY) * DAY


def yyyymmdd(t: float) -> str:
    import time as _time

    return _time.strftime("%Y%m%d", _time.gmtime(t))


@dataclass
class Backfill:
    """Partner A's rehearsal, three days ago (UTC), at exact times; all live."""

    t0: int  # a 10-second-aligned (in fact hour-aligned) bucket start: noon UTC of `day`
    day: str  # YYYYMMDD of t0
    day_before: str
    day_after: str
    beacons: list[Beacon] = field(default_factory=list)


def rehearsal(a: int, now: float) -> Backfill:
    start = day_start(now) - 3 * DAY
    t0 = start + 12 * 3600
    common = dict(partner=a, entry=REHEARSAL, playback="live", exact=True)
    rita = dict(session="rh-rita", user="rita@example.com", device="Computer")
    bs = [
        Beacon(event=VIEW, sound=2, tab=2, buffer=0, bitrate=1000, at=t0 + 0.5, index=1, **rita, **common),
        Beacon(event=VIEW, session="rh-s2", device="Mobile", sound=1, tab=2, buffer=2.0, bitrate=600, at=t0 + 3.2, index=1, **common),
        Beacon(event=ERROR, session="rh-s2", device="Mobile", error_code=1002, at=t0 + 4.0, index=2, **common),
        Beacon(event=VIEW, sound=2, tab=2, buffer=0, bitrate=1200, at=t0 + 9.9, index=2, **rita, **common),
        Beacon(event=VIEW, session="rh-s3", device="Tablet", sound=2, tab=2, buffer=1.0, bitrate=-1, at=t0 + 12.0, index=1, **common),
        Beacon(event=VIEW, sound=2, tab=1, buffer=0.5, bitrate=1400, at=t0 + 35.0, index=3, **rita, **common),
        # Just outside the day, on both sides, for fromDay/toDay.
        Beacon(event=VIEW, session="rh-early", device="Computer", sound=2, tab=2, buffer=0, bitrate=900, at=start - 5, index=1, **common),
        Beacon(event=VIEW, session="rh-late", device="Mobile", sound=2, tab=2, buffer=0, bitrate=900, at=start + DAY + 5, index=1, **common),
    ]
    return Backfill(t0=t0, day=yyyymmdd(t0), day_before=yyyymmdd(start - DAY), day_after=yyyymmdd(start + DAY), beacons=bs)


def ended_broadcast(c: int, now: float) -> list[Beacon]:
    """Partner C: one viewer, three VIEWs ten seconds apart, three days ago (peak viewers = 1)."""
    t = day_start(now) - 3 * DAY + 13 * 3600
    common = dict(partner=c, entry=C_ENDED, session="c-old", user="olga@example.com", device="Computer", playback="live", exact=True)
    return [
        Beacon(event=VIEW, sound=2, tab=2, buffer=0, bitrate=1000, at=t + 1, index=1, **common),
        Beacon(event=VIEW, sound=1, tab=2, buffer=1.0, bitrate=1000, at=t + 11, index=2, **common),
        Beacon(event=VIEW, sound=2, tab=2, buffer=0, bitrate=1000, at=t + 21, index=3, **common),
    ]


def live_now(c: int, tag: str) -> list[Beacon]:
    """Partner C: two viewers on the live entry, sent right before a live-now query."""
    common = dict(partner=c, entry=C_LIVE, playback="live")
    return [
        Beacon(event=VIEW, session=f"c-{tag}-1", device="Computer", sound=2, tab=2, buffer=0, bitrate=1500, index=1, **common),
        Beacon(event=VIEW, session=f"c-{tag}-1", device="Computer", sound=2, tab=1, buffer=0.5, bitrate=1500, index=2, **common),
        Beacon(event=VIEW, session=f"c-{tag}-2", user="pia@example.com", device="Mobile", sound=2, tab=2, buffer=0, bitrate=900, index=1, **common),
    ]


# --------------------------------------------------------------------------------------------
# Selecting the beacons a query sees
# --------------------------------------------------------------------------------------------

BOUNDARY_MARGIN = 5.0  # a beacon sent "now" must be this far from a query bound to be unambiguous


def select(
    beacons: Iterable[Beacon],
    partner: int,
    lo: float,
    hi: float,
    *,
    realtime: bool = True,
    entries: Optional[Iterable[str]] = None,
    playback: Optional[Iterable[str]] = None,
    devices: Optional[Iterable[str]] = None,
    users: Optional[Iterable[str]] = None,
) -> list[Beacon]:
    """The beacons of `partner` with time in [lo, hi) that a report query with these filters sees."""
    allowed = set(REALTIME_PLAYBACK if realtime else ("vod",))
    if playback is not None:
        allowed = allowed & set(playback) if realtime else set(playback)
    entries = set(entries) if entries is not None else None
    devices = set(devices) if devices is not None else None
    users = set(users) if users is not None else None
    out = []
    for b in beacons:
        if b.partner != partner:
            continue
        assert b.at is not None, "beacon not sent yet"
        if not b.exact:
            near = min(abs(b.at - lo), abs(b.at - hi))
            assert near > BOUNDARY_MARGIN, f"test design: a live beacon is {near:.1f}s from a query bound"
        if not lo <= b.at < hi:
            continue
        if b.playback not in allowed:
            continue
        if entries is not None and b.entry not in entries:
            continue
        if devices is not None and b.device not in devices:
            continue
        if users is not None and b.user not in users:
            continue
        out.append(b)
    return out


# --------------------------------------------------------------------------------------------
# Metric formulas
# --------------------------------------------------------------------------------------------


def ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def views_of(bs: Iterable[Beacon]) -> list[Beacon]:
    return [b for b in bs if b.event == VIEW]


def realtime_metrics(bs: list[Beacon], bucket_multiple: int = 1) -> dict:
    """Every realtime metric header -> expected value (int: exact; float: within 1e-9)."""
    v = views_of(bs)
    n = len(v)
    engaged = [b for b in v if b.engaged]
    buffering = [b for b in v if b.buffering]
    dvr = [b for b in v if b.playback == "dvr"]
    live = [b for b in v if b.playback == "live"]
    with_bitrate = [b for b in v if b.has_bitrate]
    uniques = len({b.user_key for b in v})
    engaged_users = len({b.user_key for b in engaged})
    return {
        "views": n,
        "sum_view_time": n * 10,
        "sum_view_time_live": len(live) * 10,
        "sum_view_time_dvr": len(dvr) * 10,
        "view_unique_audience": uniques,
        "view_unique_engaged_users": engaged_users,
        "view_unique_buffering_users": len({b.user_key for b in buffering}),
        "view_unique_audience_dvr": len({b.user_key for b in dvr}),
        "avg_view_engagement": ratio(len(engaged), n),
        "avg_view_buffering": ratio(len(buffering), n),
        "avg_view_dvr": ratio(len(dvr), n),
        "view_buffer_time_ratio": ratio(sum(b.buffer or 0 for b in v), n * 10),
        "avg_view_bitrate": ratio(sum(b.bitrate for b in with_bitrate), len(with_bitrate)),
        # The audience never sends bandwidth, latency, dropped frames or download times:
        # their denominators are zero, so they are 0.
        "avg_view_downstream_bandwidth": 0.0,
        "avg_view_live_latency": 0.0,
        "avg_view_dropped_frames_ratio": 0.0,
        "avg_view_segment_download_time_sec": 0.0,
        "avg_view_manifest_download_time_sec": 0.0,
        "error": sum(1 for b in bs if b.event == ERROR),
        # Dynamic-bucket reports (10007/10013), reference §3.2.
        "viewers": math.ceil(n / bucket_multiple),
        "viewers_buffering": len(buffering) / bucket_multiple,
        "viewers_engagement": len(engaged) / bucket_multiple,
        "viewers_dvr": len(dvr) / bucket_multiple,
        # 10016: there are no meeting events, so the combined figures are the player's.
        "view_unique_combined_live_audience": uniques,
        "view_unique_combined_live_engaged_users": engaged_users,
        "view_event_combined": n,
        "combined_live_avg_view_engagement": ratio(len(engaged), n),
    }


def top_content_metrics(bs: list[Beacon]) -> dict:
    v = views_of(bs)
    plays = [b for b in bs if b.event == PLAY]
    loads = sum(1 for b in bs if b.event == IMPRESSION)
    minutes = len(v) * 10 / 60
    reached = sum(1 for b in bs if b.event in REACHED)
    completed = sum(1 for b in bs if b.event == REACHED_100)
    return {
        "count_plays": len(plays),
        "sum_time_viewed": minutes,
        "avg_time_viewed": ratio(minutes, len(plays)),
        "count_loads": loads,
        "load_play_ratio": ratio(len(plays), loads),
        "avg_view_drop_off": ratio(reached / 4, len(plays)),
        "unique_known_users": len({b.user for b in plays if b.user}),
        "sum_view_period": minutes,
        "avg_view_period_time": ratio(minutes, len(plays)),
        "avg_completion_rate": ratio(completed, len(plays)),
    }


# --------------------------------------------------------------------------------------------
# Report definitions (reference §3.3, §3.4 and the server contract)
# --------------------------------------------------------------------------------------------

GEO_METRICS = [
    "view_unique_audience",
    "view_unique_buffering_users",
    "view_unique_engaged_users",
    "avg_view_buffering",
    "avg_view_engagement",
    "view_buffer_time_ratio",
    "views",
]
DISCOVERY_METRICS = [
    "view_unique_audience",
    "view_unique_engaged_users",
    "view_unique_buffering_users",
    "avg_view_downstream_bandwidth",
    "view_unique_audience_dvr",
    "avg_view_bitrate",
    "sum_view_time",
    "avg_view_live_latency",
    "avg_view_dropped_frames_ratio",
    "avg_view_buffering",
    "avg_view_engagement",
    "avg_view_dvr",
    "view_buffer_time_ratio",
    "avg_view_segment_download_time_sec",
    "avg_view_manifest_download_time_sec",
    "error",
]
DISCOVERY_VIEW_METRICS = [
    "viewers",
    "viewers_buffering",
    "viewers_engagement",
    "viewers_dvr",
    "avg_view_downstream_bandwidth",
    "avg_view_bitrate",
    "sum_view_time",
    "avg_view_live_latency",
    "avg_view_dropped_frames_ratio",
    "view_buffer_time_ratio",
    "avg_view_segment_download_time_sec",
    "avg_view_manifest_download_time_sec",
    "error",
]

DIMENSIONS: dict[str, Callable[[Beacon], str]] = {
    "device": lambda b: b.device,
    "user_id": lambda b: b.user_key,
    "user_name": lambda b: b.user or "Unknown",
    "playback_type": lambda b: b.playback,
    "entry_id": lambda b: b.entry,
    "entry_name": lambda b: b.entry,
    "country": lambda b: "Unknown",
}


@dataclass(frozen=True)
class Report:
    id: str
    name: str
    dims: tuple = ()  # table dimension headers, in order
    keys: tuple = ()  # the dimension headers whose values the tests compute (row identity)
    metrics: tuple = ()  # table metric headers, in order
    graphs: Optional[tuple] = None  # graph ids (None: getGraphs is an error)
    total: Optional[tuple] = None  # total headers (None: getTotal is an error)
    dynamic: bool = False  # graph buckets sized from the range, not the interval

    @property
    def timeline(self) -> bool:
        return not self.dims

    @property
    def table_headers(self) -> tuple:
        if self.timeline:
            return ("date_id",) + tuple(self.graphs)
        return tuple(self.dims) + tuple(self.metrics)


REALTIME_REPORTS = {
    r.id: r
    for r in [
        Report("10001", "MAP_OVERLAY_COUNTRY_REALTIME", ("object_id", "country", "coordinates"), ("country",), tuple(GEO_METRICS), None, tuple(GEO_METRICS)),
        Report("10002", "MAP_OVERLAY_REGION_REALTIME", ("country", "region", "coordinates"), ("country",), tuple(GEO_METRICS), None, tuple(GEO_METRICS)),
        Report("10003", "MAP_OVERLAY_CITY_REALTIME", ("country", "region", "city", "coordinates"), ("country",), tuple(GEO_METRICS), None, tuple(GEO_METRICS)),
        Report("10004", "PLATFORMS_REALTIME", ("device",), ("device",), ("view_unique_audience", "sum_view_time"), None, ("view_unique_audience", "sum_view_time")),
        Report(
            "10005",
            "USERS_OVERVIEW_REALTIME",
            graphs=("view_unique_audience", "view_unique_engaged_users", "views", "avg_view_engagement"),
            total=("view_unique_audience", "view_unique_engaged_users", "views", "avg_view_engagement"),
        ),
        Report(
            "10006",
            "QOS_OVERVIEW_REALTIME",
            graphs=("view_unique_audience", "view_unique_buffering_users", "avg_view_downstream_bandwidth", "view_buffer_time_ratio", "avg_view_bitrate"),
            total=("view_unique_audience", "view_unique_buffering_users", "avg_view_downstream_bandwidth", "view_buffer_time_ratio", "avg_view_bitrate"),
        ),
        Report("10007", "DISCOVERY_REALTIME", graphs=tuple(DISCOVERY_METRICS), total=tuple(DISCOVERY_METRICS), dynamic=True),
        Report(
            "10008",
            "ENTRY_LEVEL_USERS_DISCOVERY_REALTIME",
            ("user_id", "user_name"),
            ("user_id", "user_name"),
            ("sum_view_time_live", "sum_view_time_dvr", "sum_view_time", "avg_view_buffering", "avg_view_engagement", "view_buffer_time_ratio"),
            None,
            ("sum_view_time_live", "sum_view_time_dvr", "sum_view_time", "avg_view_buffering", "avg_view_engagement", "view_buffer_time_ratio"),
        ),
        Report("10009", "ENTRY_LEVEL_USERS_STATUS_REALTIME", ("user_id", "playback_type"), ("user_id", "playback_type"), (), None, None),
        Report(
            "10010",
            "PLATFORMS_DISCOVERY_REALTIME",
            ("device",),
            ("device",),
            ("view_unique_audience", "view_unique_engaged_users", "view_unique_buffering_users", "sum_view_time", "avg_view_buffering", "avg_view_engagement", "view_buffer_time_ratio"),
            None,
            ("view_unique_audience", "view_unique_engaged_users", "view_unique_buffering_users", "sum_view_time", "avg_view_buffering", "avg_view_engagement", "view_buffer_time_ratio"),
        ),
        Report("10011", "PLAYBACK_TYPE_REALTIME", ("playback_type",), ("playback_type",), ("sum_view_time",), None, ("sum_view_time",)),
        Report(
            "10012",
            "CONTENT_REALTIME",
            ("entry_id",),
            ("entry_id",),
            ("avg_view_engagement", "avg_view_buffering", "avg_view_downstream_bandwidth", "view_unique_audience"),
            None,
            ("avg_view_engagement", "avg_view_buffering", "avg_view_downstream_bandwidth", "view_unique_audience"),
        ),
        Report("10013", "DISCOVERY_VIEW_REALTIME", graphs=tuple(DISCOVERY_VIEW_METRICS), total=tuple(DISCOVERY_VIEW_METRICS[4:]), dynamic=True),
        Report(
            "10014",
            "TOP_ENDED_BROADCAST_ENTRIES",
            ("entry_id", "entry_name"),
            ("entry_id", "entry_name"),
            ("viewers", "avg_view_engagement", "avg_view_buffering", "avg_view_downstream_bandwidth"),
        ),
        Report(
            "10015",
            "TOP_LIVE_NOW_ENTRIES",
            ("entry_id", "entry_name", "creator_name"),
            ("entry_id", "entry_name"),
            ("views", "avg_view_engagement", "avg_view_buffering", "avg_view_downstream_bandwidth"),
        ),
        Report(
            "10016",
            "LIVE_MEETING_USERS_OVERVIEW_REALTIME",
            graphs=("view_unique_combined_live_audience", "view_unique_combined_live_engaged_users", "view_event_combined", "combined_live_avg_view_engagement"),
            total=("view_unique_combined_live_audience", "view_unique_combined_live_engaged_users", "view_event_combined", "combined_live_avg_view_engagement"),
        ),
    ]
}

TOP_CONTENT_HEADERS = (
    "object_id",
    "entry_name",
    "count_plays",
    "sum_time_viewed",
    "avg_time_viewed",
    "count_loads",
    "load_play_ratio",
    "avg_view_drop_off",
    "unique_known_users",
    "sum_view_period",
    "avg_view_period_time",
    "avg_completion_rate",
)
TOP_CONTENT_METRICS = TOP_CONTENT_HEADERS[2:]
TOP_CONTENT_GRAPHS = ("count_plays", "sum_time_viewed", "avg_time_viewed", "count_loads", "sum_view_period", "avg_view_period_time")


def expected_rows(report: Report, bs: list[Beacon]) -> dict[tuple, dict]:
    """Dimension table rows: key (values of report.keys) -> {header: value} for the metrics.

    Rows come from VIEW beacons (the audience sends non-VIEW live events only from sessions
    that also send VIEWs with the same device, entry and playback type)."""
    groups: dict[tuple, list[Beacon]] = {}
    for b in views_of(bs):
        key = tuple(DIMENSIONS[k](b) for k in report.keys)
        groups.setdefault(key, []).append(b)
    rows = {}
    for key, group in groups.items():
        m = realtime_metrics(group)
        rows[key] = {h: m[h] for h in report.metrics}
    return rows


def expected_total(report: Report, bs: list[Beacon]) -> dict:
    m = realtime_metrics(bs)
    return {h: m[h] for h in report.total}


def bucket_of(t: float, size: int) -> int:
    return int(t // size) * size


def expected_series(
    report: Report,
    bs: list[Beacon],
    size: int,
    lo: Optional[int] = None,
    hi: Optional[int] = None,
    skip_empty: bool = True,
    bucket_multiple: int = 1,
) -> dict[int, dict]:
    """bucket start -> {graph id: value}; with skip_empty=False every bucket in [lo, hi)."""
    groups: dict[int, list[Beacon]] = {}
    for b in bs:
        groups.setdefault(bucket_of(b.at, size), []).append(b)
    if skip_empty:
        starts = sorted(k for k, g in groups.items() if views_of(g))
    else:
        starts = list(range(bucket_of(lo, size), hi, size))
    out = {}
    for s in starts:
        m = realtime_metrics(groups.get(s, []), bucket_multiple)
        out[s] = {h: m[h] for h in report.graphs}
    return out


def expected_top_content(bs: list[Beacon]) -> dict[str, dict]:
    """entry id -> TOP_CONTENT metric values, for entries with any event in `bs`."""
    by_entry: dict[str, list[Beacon]] = {}
    for b in bs:
        by_entry.setdefault(b.entry, []).append(b)
    return {e: top_content_metrics(g) for e, g in by_entry.items()}
