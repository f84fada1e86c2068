/// A normalised YAML value: what a field means, not how it was written.
/// Mappings are sorted by key, durations compare by value, quoting and comments are gone.
public indirect enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case duration(FeatureDuration)
    case list([Value])
    case map([String: Value])

    /// The value at a dotted path (`aggregation.window`).
    public subscript(path path: String) -> Value? {
        // The parser and the rules ask this dozens of times per file: an ASCII path (every
        // path feat writes) is cut at its '.' bytes without building an array of parts. Empty
        // parts are skipped, as `split` skips them.
        var contiguous = path
        return contiguous.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return value(atParts: path.split(separator: ".")) }
            var current = self
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: ".") { end += 1 }
                if end > start {
                    let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                    guard case .map(let fields) = current, let next = fields[key] else { return nil }
                    current = next
                }
                start = end + 1
            }
            return current
        }
    }

    private func value(atParts parts: [Substring]) -> Value? {
        var current: Value = self
        for part in parts {
            guard case .map(let fields) = current, let next = fields[String(part)] else { return nil }
            current = next
        }
        return current
    }

    /// True when a value is present in the sense of an obligation: not null, not empty, and
    /// for a list or a mapping, holding something present (`[{}]`, `['']`, `{dashboard: }` and
    /// `{x-note: ~}` meet nothing).
    public var isPresent: Bool {
        switch self {
        case .null: return false
        case .string(let s): return !s.trimmingWhitespace().isEmpty
        case .list(let l): return l.contains(where: \.isPresent)
        case .map(let m): return m.values.contains(where: \.isPresent)
        default: return true
        }
    }

    /// The items of a list, nil for any other value.
    public var listItems: [Value]? {
        if case .list(let items) = self { return items }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// A short human rendering for messages and text output.
    public var display: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) + ".0" : String(d)
        case .string(let s): return s
        case .duration(let d): return d.text
        case .list(let l): return "[" + l.map(\.display).joined(separator: ", ") + "]"
        case .map(let m):
            return "{" + m.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.display)" }.joined(separator: ", ")
                + "}"
        }
    }
}
