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
        var current: Value = self
        for part in path.split(separator: ".") {
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
