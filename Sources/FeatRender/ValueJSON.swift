import FeatJSON
import FeatModel

extension JSON {
    /// A normalised feature value as JSON (durations as written, maps by sorted key).
    public init(_ value: Value) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .number(let d): self = .number(d)
        case .string(let s): self = .string(s)
        case .duration(let d): self = .string(d.text)
        case .list(let l): self = .array(l.map(JSON.init))
        case .map(let m): self = .object(m.sorted { $0.key < $1.key }.map { ($0.key, JSON($0.value)) })
        }
    }
}
