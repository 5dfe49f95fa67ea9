import Beacon

/// One viewer's player, sending what Kaltura's player analytics plugin sends (reference §4):
/// IMPRESSION, PLAY_REQUEST, PLAY, a VIEW at first play and then every 10 s of playback,
/// BUFFER_START/END, FLAVOR_SWITCH, SEEK into DVR and back, PAUSE/RESUME, ERROR.
struct Player {
    let viewer: Viewer
    let settings: AudienceSettings
    var random: SeededRandom

    private var sessionId = ""
    private var eventIndex = 1
    private var playTimeSum = 0.0
    private var bufferTimeSum = 0.0
    private var rung = 1
    private var engaged = true
    private var nextEngagementChange = 0.0
    private var fullScreen = false

    init(viewer: Viewer, settings: AudienceSettings, random: SeededRandom) {
        self.viewer = viewer
        self.settings = settings
        self.random = random
        engaged = viewer.engagedAtStart
    }

    var userKey: String { viewer.userId ?? sessionId }

    mutating func run(into beacons: inout [SimulatedBeacon], truth: inout TruthRecorder) {
        for visit in viewer.visits where settings.happened(visit.lowerBound) {
            guard play(visit, into: &beacons, truth: &truth) else { return }
        }
    }

    /// One session. Returns false when a fatal error ended the viewer's watching.
    private mutating func play(_ visit: ClosedRange<Double>, into beacons: inout [SimulatedBeacon], truth: inout TruthRecorder) -> Bool {
        sessionId = "\(random.hex(8))-\(random.hex(4))-\(random.hex(4))-\(random.hex(4))-\(random.hex(12))"
        eventIndex = 1
        playTimeSum = 0
        bufferTimeSum = 0
        truth.totals.sessions += 1
        let start = visit.lowerBound
        emit(.impression, at: start, into: &beacons)
        truth.totals.impressions += 1
        emit(.playRequest, at: start + 0.3, into: &beacons)
        let firstPlay = start + random.uniform(0.6...1.8)
        emit(.play, at: firstPlay, ["bufferTime": "0", "bufferTimeSum": "0", "actualBitrate": bitrateText], into: &beacons)
        if settings.happened(firstPlay) { truth.totals.plays += 1 }
        nextEngagementChange = firstPlay + random.exponential(mean: 300)

        var viewTime = firstPlay
        var first = true
        var pauseHandled = false
        var inDVR = false
        while viewTime < visit.upperBound {
            // Past the cut nothing has happened yet (a step emits from 10 s before its VIEW on);
            // the random draws before it are the same either way, so the audience is too.
            guard settings.happened(viewTime - 10) else { return false }
            if let fatal = viewer.fatalErrorAt, fatal <= viewTime, visit.contains(fatal) {
                emit(.error, at: fatal, ["errorCode": "7000", "errorPosition": "2"], into: &beacons)
                if settings.happened(fatal) { truth.recordError(at: fatal) }
                return false
            }
            if !pauseHandled, let pause = viewer.pause, pause.lowerBound < viewTime, visit.contains(pause.upperBound) {
                // No VIEW while paused; the countdown resumes where it stopped.
                pauseHandled = true
                let remaining = viewTime - pause.lowerBound
                emit(.pause, at: pause.lowerBound, into: &beacons)
                if pause.upperBound - pause.lowerBound > 30 {
                    // KAVA resets the session after 30 s without a VIEW.
                    eventIndex = 1
                    playTimeSum = 0
                    bufferTimeSum = 0
                }
                emit(
                    .resume,
                    at: pause.upperBound,
                    ["bufferTime": "0", "bufferTimeSum": text(bufferTimeSum), "actualBitrate": bitrateText],
                    into: &beacons
                )
                viewTime = pause.upperBound + remaining
                continue
            }
            updateEngagement(at: viewTime)
            // A viewer always joins at the live edge; seeking back comes later.
            let dvr = !first && (viewer.dvr?.contains(viewTime) ?? false)
            if dvr != inDVR {
                emit(.seek, at: viewTime - 1, ["targetPosition": dvr ? text(-random.uniform(130...900)) : "0"], into: &beacons)
                inDVR = dvr
            }
            var bufferTime = 0.0
            if !first, random.chance(viewer.device.bufferingChance) {
                bufferTime = (random.uniform(0.5...4) * 10).rounded() / 10
                emit(.bufferStart, at: viewTime - 8, into: &beacons)
                emit(.bufferEnd, at: viewTime - 8 + bufferTime, into: &beacons)
            }
            if !first { playTimeSum += 10 - bufferTime }
            bufferTimeSum += bufferTime
            let position = dvr ? -random.uniform(130...900) : -random.uniform(0...6)
            emit(
                .view,
                at: viewTime,
                [
                    "playTimeSum": text(playTimeSum), "bufferTime": text(bufferTime), "bufferTimeSum": text(bufferTimeSum),
                    "actualBitrate": bitrateText, "averageBitrate": bitrateText, "position": text(position),
                    "playbackType": dvr ? "dvr" : "live", "soundMode": engaged ? "2" : (random.chance(0.5) ? "1" : "2"),
                    "tabMode": engaged ? "2" : "1", "screenMode": fullScreen ? "2" : "1", "viewabilityMode": "2",
                    "flavorParamsId": String(BitrateLadder.flavorIds[rung]),
                ],
                into: &beacons
            )
            if settings.happened(viewTime) {
                let lastView = beacons[beacons.count - 1].parameters
                truth.record(
                    TruthRecorder.Slot(
                        time: viewTime,
                        userKey: userKey,
                        userId: viewer.userId,
                        name: viewer.name,
                        device: viewer.device.device.rawValue,
                        dvr: dvr,
                        engaged: lastView["soundMode"] == "2" && lastView["tabMode"] == "2",
                        bufferTime: bufferTime,
                        bitrate: BitrateLadder.kbps[rung]
                    )
                )
            }
            if random.chance(0.05), viewTime + 2 < visit.upperBound {
                let up = random.chance(0.6)
                let next = max(0, min(viewer.device.maxRung, rung + (up ? 1 : -1)))
                if next != rung {
                    rung = next
                    emit(.flavorSwitch, at: viewTime + 2, ["actualBitrate": bitrateText], into: &beacons)
                }
            }
            first = false
            viewTime += 10
        }
        return true
    }

    private mutating func updateEngagement(at time: Double) {
        while time >= nextEngagementChange {
            engaged.toggle()
            fullScreen = engaged && random.chance(0.2)
            nextEngagementChange += random.exponential(mean: engaged ? 400 : 150)
        }
    }

    private var bitrateText: String { text(BitrateLadder.kbps[rung]) }

    private func text(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String((value * 100).rounded() / 100)
    }

    private mutating func emit(_ type: EventType, at time: Double, _ extra: [String: String] = [:], into beacons: inout [SimulatedBeacon]) {
        guard settings.happened(time) else { return }
        var parameters = extra
        parameters["eventType"] = String(type.rawValue)
        parameters["partnerId"] = String(settings.partnerId)
        parameters["entryId"] = settings.entryId
        parameters["sessionId"] = sessionId
        parameters["eventIndex"] = String(eventIndex)
        parameters["playbackType"] = parameters["playbackType"] ?? "live"
        parameters["clientVer"] = "3.17.0"
        parameters["deliveryType"] = "hls"
        if let userId = viewer.userId { parameters["userId"] = userId }
        eventIndex += 1
        beacons.append(SimulatedBeacon(time: (time * 1000).rounded() / 1000, userAgent: viewer.userAgent, parameters: parameters))
    }
}
