import NIOCore
import Simulator

/// One batch line for a simulated beacon, written straight into the request body: Foundation's
/// JSONSerialization cost about 0.3 ms a line, which made the simulator, not the server, the limit.
enum NDJSONLine {
    static func write(_ beacon: SimulatedBeacon, into buffer: inout ByteBuffer) {
        buffer.writeString(#"{"eventTime":"#)
        buffer.writeString(String(beacon.time))
        buffer.writeString(#","userAgent":"#)
        string(beacon.userAgent, into: &buffer)
        // Sorted, so a batch is the same bytes for the same seed.
        for key in beacon.parameters.keys.sorted() {
            buffer.writeInteger(UInt8(ascii: ","))
            string(key, into: &buffer)
            buffer.writeInteger(UInt8(ascii: ":"))
            string(beacon.parameters[key]!, into: &buffer)
        }
        buffer.writeString("}\n")
    }

    static func string(_ text: String, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.writeString(#"\""#)
            case UInt8(ascii: "\\"): buffer.writeString(#"\\"#)
            case 0..<0x20: buffer.writeString("\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16))
            default: buffer.writeInteger(byte)
            }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }
}
