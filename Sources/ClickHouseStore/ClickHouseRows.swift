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

    /// A row of a TabSeparated answer: every field is text, typed as the column is read.
    struct Row: SQLRowReading {
        let fields: [String?]

        func text(_ column: Int) -> String? { column < fields.count ? fields[column] : nil }
        func integer(_ column: Int) -> Int64? { text(column).flatMap { Int64($0) } }
        func real(_ column: Int) -> Double? { text(column).flatMap { Double($0) } }
    }

    static func decode(_ fields: [String?]) -> EnrichedBeacon? {
        guard fields.count == SQLColumns.all.count else { return nil }
        return SQLColumns.beacon(from: Row(fields: fields))
    }
}
