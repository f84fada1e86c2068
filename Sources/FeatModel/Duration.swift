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
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
