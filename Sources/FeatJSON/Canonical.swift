extension JSON {
    /// The RFC 8785 (JCS) serialisation: no whitespace, object keys sorted by their UTF-16
    /// code units, numbers as ECMAScript prints them, strings with the minimal escapes. Equal
    /// values give equal bytes, whatever order their keys were written in: what a digest is
    /// taken of.
    public func canonical() -> [UInt8] {
        var out: [UInt8] = []
        writeCanonical(into: &out)
        return out
    }

    func writeCanonical(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .number(let d): out.append(contentsOf: Self.ecmaScript(d).utf8)
        case .string(let s): Self.canonicalEscape(s, into: &out)
        case .array(let items):
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                item.writeCanonical(into: &out)
            }
            out.append(0x5D)
        case .object(let fields):
            out.append(0x7B)
            let sorted = fields.sorted { $0.0.utf16.lexicographicallyPrecedes($1.0.utf16) }
            for (i, (key, value)) in sorted.enumerated() {
                if i > 0 { out.append(0x2C) }
                Self.canonicalEscape(key, into: &out)
                out.append(0x3A)
                value.writeCanonical(into: &out)
            }
            out.append(0x7D)
        }
    }

    /// A double as ECMAScript's Number.prototype.toString prints it (RFC 8785 §3.2.2.3):
    /// integers below 10^21 in full, others in the shortest form that reads back the same,
    /// with `e+`/`e-` exponents and no leading zeros in them. NaN and infinities have no JSON
    /// form; they are written as null.
    static func ecmaScript(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == 0 { return "0" }
        if d == d.rounded(), abs(d) < 1e21 {
            if abs(d) < 9e18 { return String(Int64(d)) }
            return expanded("\(d)")
        }
        // Swift's description is the shortest round-trip form; only the exponent's spelling
        // differs from ECMAScript's (`1e-07` → `1e-7`, `1e+21` stays).
        var text = "\(d)"
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let mantissa = text[..<e]
            var exponent = text[text.index(after: e)...]
            var sign = "+"
            if exponent.first == "-" || exponent.first == "+" {
                sign = exponent.first == "-" ? "-" : "+"
                exponent = exponent.dropFirst()
            }
            let digits = exponent.drop { $0 == "0" }
            text = mantissa + "e" + sign + (digits.isEmpty ? "0" : digits)
        }
        return text
    }

    /// `1.2345e+20` written out in full: `123450000000000000000`.
    static func expanded(_ text: String) -> String {
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }),
            let exponent = Int(text[text.index(after: e)...])
        else { return text }
        var mantissa = String(text[..<e])
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa.removeFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        let digits = whole + fraction
        let point = whole.count + exponent
        let full = point >= digits.count ? digits + String(repeating: "0", count: point - digits.count) : digits
        return (negative ? "-" : "") + full
    }

    /// A string with RFC 8785's escapes: `"` and `\`, the two-letter forms for backspace, tab,
    /// line feed, form feed and carriage return, `\u00xx` (lower-case hex) for the other
    /// controls, every other character as its UTF-8 bytes.
    static func canonicalEscape(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        let hex = Array("0123456789abcdef".utf8)
        for c in s.utf8 {
            switch c {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, 0x62])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0C: out.append(contentsOf: [0x5C, 0x66])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0..<0x20: out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 0xF)]])
            default: out.append(c)
            }
        }
        out.append(0x22)
    }
}
