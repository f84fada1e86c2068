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
        let digits = Array(hex.utf8)
        guard digits.count == 40 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        var i = 0
        while i < 40 {
            guard let high = Self.nibble(digits[i]), let low = Self.nibble(digits[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
            i += 2
        }
        self.init(bytes: bytes)
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
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(40)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func < (l: ObjectID, r: ObjectID) -> Bool { l.description < r.description }
}
