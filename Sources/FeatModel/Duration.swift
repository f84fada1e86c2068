/// A length of time written `90s`, `30m`, `1h`, `7d` or `2w`, compared by value (`7d` == `168h`).
public struct FeatureDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let seconds: Int64
    /// As written, for messages.
    public let text: String

    static let units: [(Character, Int64)] = [("s", 1), ("m", 60), ("h", 3600), ("d", 86400), ("w", 604_800)]

    public init?(_ text: String) {
        let t = text.trimmingWhitespace()
        guard let unit = t.last, let factor = Self.units.first(where: { $0.0 == unit })?.1 else { return nil }
        let digits = t.dropLast()
        guard !digits.isEmpty, digits.count <= 12, digits.allSatisfy(\.isASCIIDigit), let n = Int64(digits)
        else { return nil }
        seconds = n * factor
        self.text = t
    }

    public static func == (a: Self, b: Self) -> Bool { a.seconds == b.seconds }
    public func hash(into h: inout Hasher) { h.combine(seconds) }
    public static func < (a: Self, b: Self) -> Bool { a.seconds < b.seconds }
    public var description: String { text }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { (0x30...0x39).contains($0) } ?? false }
}

extension StringProtocol {
    /// Drops leading and trailing white space, judged by Unicode scalar: "\r\n" is one
    /// `Character`, equal to neither "\r" nor "\n", so comparing characters missed it.
    func trimmingWhitespace() -> String {
        // Text that begins and ends with an ASCII byte other than white space (nearly all) is
        // returned whole, without asking Unicode about each end.
        let bytes = Substring(self).utf8
        if let first = bytes.first, let last = bytes.last, first < 0x80, last < 0x80, !Self.isASCIIWhitespace(first),
            !Self.isASCIIWhitespace(last)
        {
            return String(self)
        }
        let scalars = Substring(self).unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace {
            end = scalars.index(before: end)
        }
        return String(Substring(scalars[start..<end]))
    }

    /// The ASCII scalars Unicode calls white space: tab, line feed, vertical tab, form feed,
    /// carriage return and space.
    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        (0x09...0x0D).contains(byte) || byte == 0x20
    }
}
