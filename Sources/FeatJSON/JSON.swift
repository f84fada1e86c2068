/// A JSON value whose objects keep their key order, so output reads as the spec shows it.
public indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool { a.serialized() == b.serialized() }

    public static func optional(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }

    /// Compact or pretty (two-space indent) text.
    public func serialized(pretty: Bool = true) -> String {
        var bytes = serializedBytes(pretty: pretty)
        bytes.removeLast()
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The same as UTF-8 bytes, ending in a newline: large documents go to stdout without
    /// another copy.
    public func serializedBytes(pretty: Bool = true) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(into: &out, depth: pretty ? 0 : nil)
        out.append(0x0A)
        return out
    }

    /// Writes UTF-8 bytes; `depth` is nil for compact output.
    func write(into out: inout [UInt8], depth: Int?) {
        func newline(_ level: Int) {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: level * 2))
        }
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .number(let d):
            let text = d.isFinite ? (d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)) : "null"
            out.append(contentsOf: text.utf8)
        case .string(let s): JSON.escape(s, into: &out)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                if let depth { newline(depth + 1) }
                item.write(into: &out, depth: depth.map { $0 + 1 })
            }
            if let depth { newline(depth) }
            out.append(0x5D)
        case .object(let fields):
            if fields.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(0x7B)
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out.append(0x2C) }
                if let depth { newline(depth + 1) }
                JSON.escape(key, into: &out)
                out.append(0x3A)
                if depth != nil { out.append(0x20) }
                value.write(into: &out, depth: depth.map { $0 + 1 })
            }
            if let depth { newline(depth) }
            out.append(0x7D)
        }
    }

    static func escape(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        // Most strings need no escape: one copy of their bytes instead of one append per byte.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out.append(contentsOf: s.utf8)
            out.append(0x22)
            return
        }
        for c in s.utf8 {
            switch c {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 0xF)]])
            default: out.append(c)
            }
        }
        out.append(0x22)
    }
}
