import Beacon
import NIOCore
import Store

/// Beacons to and from TabSeparated rows in ``SQLColumns/all`` order.
enum ClickHouseRows {
    static func encode(_ batch: [EnrichedBeacon]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(batch.count * 256)
        func text(_ value: String?) {
            buffer.writeString(TabSeparated.field(value))
            buffer.writeStaticString("\t")
        }
        func integer(_ value: (some BinaryInteger)?) {
            if let value { buffer.writeString(String(value)) } else { buffer.writeStaticString("\\N") }
            buffer.writeStaticString("\t")
        }
        func number(_ value: Double?) { text(Self.number(value)) }
        for beacon in batch {
            integer(beacon.timeMs)
            integer(beacon.partnerId)
            text(beacon.entryId)
            text(beacon.sessionId)
            integer(beacon.eventType.rawValue)
            integer(beacon.eventIndex)
            text(beacon.userId)
            text(beacon.userKey)
            text(beacon.playbackType?.rawValue)
            number(beacon.position)
            number(beacon.playTimeSum)
            number(beacon.bufferTime)
            number(beacon.bufferTimeSum)
            number(beacon.actualBitrate)
            number(beacon.bandwidth)
            number(beacon.droppedFramesRatio)
            number(beacon.segmentDownloadTime)
            number(beacon.manifestDownloadTime)
            integer(beacon.flavorParamsId)
            text(beacon.engagement)
            integer(beacon.engaged ? 1 : 0)
            text(beacon.device.rawValue)
            text(beacon.osFamily)
            text(beacon.browserFamily)
            text(beacon.country)
            text(beacon.clientIP)
            text(beacon.referrer)
            integer(beacon.errorCode)
            buffer.writeString(TabSeparated.field(SQLColumns.encodeExtra(beacon.extra)))
            buffer.writeStaticString("\n")
        }
        return buffer
    }

    /// A stored number: only finite values are stored (validation rejects the rest), so anything
    /// else becomes NULL rather than a field ClickHouse cannot parse.
    private static func number(_ value: Double?) -> String? {
        guard let value, value.isFinite else { return nil }
        return "\(value)"
    }

    static func decode(_ row: [String?]) -> EnrichedBeacon? {
        guard row.count == SQLColumns.all.count, let timeMs = row[0].flatMap({ Int64($0) }),
            let partnerId = row[1].flatMap({ Int($0) }), let entryId = row[2], let sessionId = row[3],
            let userKey = row[7]
        else { return nil }
        func double(_ index: Int) -> Double? { row[index].flatMap { Double($0) } }
        func integer(_ index: Int) -> Int64? { row[index].flatMap { Int64($0) } }
        return EnrichedBeacon(
            timeMs: timeMs,
            partnerId: partnerId,
            entryId: entryId,
            sessionId: sessionId,
            eventType: row[4].flatMap { Int($0) }.flatMap(EventType.init(rawValue:)) ?? .view,
            eventIndex: integer(5),
            userId: row[6],
            userKey: userKey,
            playbackType: row[8].flatMap(PlaybackType.init(rawValue:)),
            position: double(9),
            playTimeSum: double(10),
            bufferTime: double(11),
            bufferTimeSum: double(12),
            actualBitrate: double(13),
            bandwidth: double(14),
            droppedFramesRatio: double(15),
            segmentDownloadTime: double(16),
            manifestDownloadTime: double(17),
            flavorParamsId: integer(18),
            engagement: row[19],
            engaged: row[20] == "1",
            device: row[21].flatMap(DeviceClass.init(rawValue:)) ?? .other,
            osFamily: row[22] ?? "Other",
            browserFamily: row[23] ?? "Other",
            country: row[24],
            clientIP: row[25],
            referrer: row[26],
            errorCode: integer(27),
            extra: SQLColumns.decodeExtra(row[28])
        )
    }
}
