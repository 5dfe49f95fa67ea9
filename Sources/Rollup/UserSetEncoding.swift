/// The bytes of a ``UserSet`` as rollup rows store them, little-endian:
/// a format byte (1), the chunk count (UInt32), then per chunk its key (UInt16), its kind
/// (0 array, 1 bitmap) and either the member count (UInt16) and the members (UInt16 each), or
/// 1,024 words (UInt64 each).
extension UserSet {
    public enum DecodingError: Error, Equatable {
        case unknownFormat(UInt8)
        case truncated
        case invalidChunk(key: UInt16)
    }

    static let format: UInt8 = 1

    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [Self.format]
        bytes.reserveCapacity(5 + chunks.reduce(0) { $0 + 5 + (2 * min($1.count, Self.arrayLimit)) })
        Self.append(UInt32(chunks.count), to: &bytes)
        for (key, chunk) in zip(keys, chunks) {
            Self.append(key, to: &bytes)
            switch chunk {
            case .array(let values):
                bytes.append(0)
                Self.append(UInt16(values.count), to: &bytes)
                for value in values { Self.append(value, to: &bytes) }
            case .bitmap(let words, _):
                bytes.append(1)
                for word in words { Self.append(word, to: &bytes) }
            }
        }
        return bytes
    }

    public init(encoded bytes: [UInt8]) throws(DecodingError) {
        var reader = Reader(bytes: bytes)
        let format = try reader.byte()
        guard format == Self.format else { throw .unknownFormat(format) }
        let chunkCount = Int(try reader.integer(UInt32.self))
        self.init()
        for _ in 0..<chunkCount {
            let key = try reader.integer(UInt16.self)
            guard keys.last.map({ $0 < key }) ?? true else { throw .invalidChunk(key: key) }
            switch try reader.byte() {
            case 0:
                let count = Int(try reader.integer(UInt16.self))
                var values: [UInt16] = []
                values.reserveCapacity(count)
                for _ in 0..<count {
                    let value = try reader.integer(UInt16.self)
                    guard values.last.map({ $0 < value }) ?? true else { throw .invalidChunk(key: key) }
                    values.append(value)
                }
                guard count > 0, count <= Self.arrayLimit else { throw .invalidChunk(key: key) }
                chunks.append(.array(values))
            case 1:
                var words: [UInt64] = []
                words.reserveCapacity(Self.wordsPerBitmap)
                var members = 0
                for _ in 0..<Self.wordsPerBitmap {
                    let word = try reader.integer(UInt64.self)
                    members += word.nonzeroBitCount
                    words.append(word)
                }
                guard members > 0 else { throw .invalidChunk(key: key) }
                chunks.append(.bitmap(words, count: members))
            default:
                throw .invalidChunk(key: key)
            }
            keys.append(key)
        }
        guard reader.isAtEnd else { throw .truncated }
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        var little = value.littleEndian
        withUnsafeBytes(of: &little) { bytes.append(contentsOf: $0) }
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        mutating func byte() throws(DecodingError) -> UInt8 {
            guard offset < bytes.count else { throw .truncated }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func integer<T: FixedWidthInteger>(_: T.Type) throws(DecodingError) -> T {
            let size = MemoryLayout<T>.size
            guard offset + size <= bytes.count else { throw .truncated }
            var value: T = 0
            for index in 0..<size { value |= T(bytes[offset + index]) << (8 * index) }
            offset += size
            return value
        }
    }
}
