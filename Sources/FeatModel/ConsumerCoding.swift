/// A consumer as compact bytes and back, so that what a consumer file's blob declares can be
/// remembered (`.git/feat/consumers.bin`) rather than parsed again on every check. Every
/// field is kept except the path, which belongs to the tree entry, not the blob.
extension Consumer {
    /// The consumer's fields as bytes (see `init?(decoding:path:)`).
    public func encoded() -> [UInt8] {
        var out = ByteWriter()
        out.string(name)
        out.optional(kind?.rawValue)
        out.string(stage.rawValue)
        out.optional(owner)
        out.optional(description)
        out.count(reads.count)
        for read in reads {
            out.identity(read.identity)
            out.string(read.role)
            out.optional(read.line)
        }
        out.count(acknowledgements.count)
        for a in acknowledgements {
            out.identity(a.identity)
            out.string(a.impact)
            out.optional(a.reason)
            out.optional(a.expires.map { [$0.year, $0.month, $0.day] })
            out.optional(a.line)
        }
        out.count(lines.count)
        for (key, line) in lines.sorted(by: { $0.key < $1.key }) {
            out.string(key)
            out.int(line)
        }
        return out.bytes
    }

    /// The consumer `encoded()` wrote, at `path`; nil when the bytes are not exactly one.
    public init?(decoding bytes: ArraySlice<UInt8>, path: String) {
        var r = ByteReader(bytes)
        guard let name = r.string(), let kind = r.optionalString(), let stageName = r.string(),
            let stage = Stage(rawValue: stageName), let owner = r.optionalString(),
            let description = r.optionalString(), let readCount = r.count()
        else { return nil }
        var reads: [Read] = []
        for _ in 0..<readCount {
            guard let identity = r.identity(), let role = r.string(), let line = r.optionalInt() else { return nil }
            reads.append(Read(identity: identity, role: role, line: line))
        }
        guard let ackCount = r.count() else { return nil }
        var acknowledgements: [Acknowledgement] = []
        for _ in 0..<ackCount {
            guard let identity = r.identity(), let impact = r.string(), let reason = r.optionalString(),
                let date = r.optionalDate(), let line = r.optionalInt()
            else { return nil }
            acknowledgements.append(
                Acknowledgement(identity: identity, impact: impact, reason: reason, expires: date, line: line))
        }
        guard let lineCount = r.count() else { return nil }
        var lines: [String: Int] = [:]
        for _ in 0..<lineCount {
            guard let key = r.string(), let line = r.int() else { return nil }
            lines[key] = line
        }
        guard r.isAtEnd else { return nil }
        let kindValue: Kind?
        if let kind {
            guard let known = Kind(rawValue: kind) else { return nil }
            kindValue = known
        } else {
            kindValue = nil
        }
        self.init(
            name: name, kind: kindValue, stage: stage, owner: owner, description: description, reads: reads,
            acknowledgements: acknowledgements, path: path, lines: lines)
    }
}

/// Little-endian lengths and integers, strings as their UTF-8 bytes, optionals behind a flag.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    mutating func count(_ value: Int) { int(value) }

    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        int(utf8.count)
        bytes += utf8
    }

    mutating func identity(_ value: Identity) {
        string(value.feature)
        int(value.version)
    }

    mutating func optional(_ value: String?) {
        bytes.append(value == nil ? 0 : 1)
        if let value { string(value) }
    }

    mutating func optional(_ value: Int?) {
        bytes.append(value == nil ? 0 : 1)
        if let value { int(value) }
    }

    mutating func optional(_ value: [Int]?) {
        bytes.append(value == nil ? 0 : 1)
        for item in value ?? [] { int(item) }
    }
}

/// Reads what `ByteWriter` wrote; every read is nil past the end or on a malformed value.
struct ByteReader {
    private let bytes: ArraySlice<UInt8>
    private var at: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        at = bytes.startIndex
    }

    var isAtEnd: Bool { at == bytes.endIndex }

    mutating func int() -> Int? {
        guard bytes.endIndex - at >= 8 else { return nil }
        var value = 0
        for i in 0..<8 { value |= Int(bytes[at + i]) << (8 * i) }
        at += 8
        return value
    }

    /// A count of items that fits in what is left (each item takes a byte at least).
    mutating func count() -> Int? {
        guard let n = int(), n >= 0, n <= bytes.endIndex - at else { return nil }
        return n
    }

    mutating func string() -> String? {
        guard let n = count() else { return nil }
        defer { at += n }
        return String(validating: bytes[at..<(at + n)], as: UTF8.self)
    }

    mutating func identity() -> Identity? {
        guard let feature = string(), let version = int() else { return nil }
        return Identity(feature: feature, version: version)
    }

    private mutating func flag() -> Bool? {
        guard at < bytes.endIndex, bytes[at] <= 1 else { return nil }
        defer { at += 1 }
        return bytes[at] == 1
    }

    /// `.some(nil)` for an absent value, nil when the bytes are malformed.
    mutating func optionalString() -> String?? {
        guard let present = flag() else { return nil }
        guard present else { return .some(nil) }
        return string().map { .some($0) }
    }

    mutating func optionalInt() -> Int?? {
        guard let present = flag() else { return nil }
        guard present else { return .some(nil) }
        return int().map { .some($0) }
    }

    mutating func optionalDate() -> CalendarDate?? {
        guard let present = flag() else { return nil }
        guard present else { return .some(nil) }
        guard let year = int(), let month = int(), let day = int() else { return nil }
        return .some(CalendarDate(year: year, month: month, day: day))
    }
}
