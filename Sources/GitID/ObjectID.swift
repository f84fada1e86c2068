/// A git object id (SHA-1) as a plain value: what leaves the git layer and what reports name.
/// The git module converts it to and from libgit2's `git_oid`; nothing here needs libgit2.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible, Comparable {
    var a: UInt64
    var b: UInt64
    var c: UInt32

    /// The id as three words (its 20 bytes in memory order), for compact storage.
    public var words: (UInt64, UInt64, UInt32) { (a, b, c) }

    public init(words: (UInt64, UInt64, UInt32)) {
        (a, b, c) = words
    }

    /// The 20 bytes of the id.
    public var bytes: [UInt8] {
        var copy = (a, b, c)
        return withUnsafeBytes(of: &copy) { raw in Array(raw.prefix(20)) }
    }

    /// The id of 20 bytes; nil for another count.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 20 else { return nil }
        var words: (UInt64, UInt64, UInt32) = (0, 0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            for (i, byte) in bytes.enumerated() { raw[i] = byte }
        }
        self.init(words: words)
    }

    /// Parses 40 hexadecimal digits.
    public init?(hex: String) {
        var hex = hex
        guard let id = hex.withUTF8({ ObjectID(hexDigits: $0) }) else { return nil }
        self = id
    }

    /// Parses 40 hexadecimal digits given as bytes (a protocol line's field), allocating nothing.
    public init?(hexDigits digits: UnsafeBufferPointer<UInt8>) {
        guard digits.count == 40 else { return nil }
        var words: (UInt64, UInt64, UInt32) = (0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &words) { raw -> Bool in
            for i in 0..<20 {
                guard let high = Self.nibble(digits[2 * i]), let low = Self.nibble(digits[2 * i + 1]) else {
                    return false
                }
                raw[i] = high << 4 | low
            }
            return true
        }
        guard parsed else { return nil }
        self.init(words: words)
    }

    static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 0x30...0x39: return digit - 0x30
        case 0x61...0x66: return digit - 0x61 + 10
        case 0x41...0x46: return digit - 0x41 + 10
        default: return nil
        }
    }

    /// The 40-digit hexadecimal form.
    public var description: String {
        var copy = (a, b, c)
        return withUnsafeBytes(of: &copy) { raw in
            String(unsafeUninitializedCapacity: 40) { out in
                // 0–9 are 0x30–0x39, a–f are 0x61–0x66.
                func digit(_ value: UInt8) -> UInt8 { value < 10 ? 0x30 + value : 0x57 + value }
                for i in 0..<20 {
                    out[2 * i] = digit(raw[i] >> 4)
                    out[2 * i + 1] = digit(raw[i] & 0xF)
                }
                return 40
            }
        }
    }

    public static func < (l: ObjectID, r: ObjectID) -> Bool { l.description < r.description }
}
