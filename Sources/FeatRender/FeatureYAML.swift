import FeatModel
import Foundation

/// A feature written back as YAML for `feat show`: the file's own key order (from the position of
/// each field), multi-line text as literal blocks, and any text a YAML reader would take for
/// something else (a number, `yes`, a leading `#`) quoted, so the output can be pasted back.
enum FeatureYAML {
    /// The definition as a YAML mapping, one line per scalar field.
    static func render(_ f: Feature, style: Style) -> String {
        guard case .map(let fields) = f.definition else { return "" }
        var out = ""
        for key in orderedKeys(fields, path: "", in: f) {
            guard let value = fields[key] else { continue }
            out += entry(key, value, indent: "", path: key, in: f, style: style)
        }
        return out
    }

    /// Keys in the order the file wrote them. A field the file does not hold (the default
    /// `version`) goes right after `feature`; any other such field goes last, by name.
    static func orderedKeys(_ fields: [String: Value], path: String, in f: Feature) -> [String] {
        func place(_ key: String) -> (Double, String) {
            let full = path.isEmpty ? key : path + "." + key
            if let n = f.order[full] ?? f.order[withoutIndices(full)] { return (Double(n), key) }
            if path.isEmpty, key == "version", let n = f.order["feature"] { return (Double(n) + 0.5, key) }
            return (Double(Int.max), key)
        }
        return fields.keys.sorted { place($0) < place($1) }
    }

    /// `x-runs[0].name` → `x-runs.name`: free-form lists record the line of their keys without the index.
    static func withoutIndices(_ path: String) -> String {
        var out = ""
        var inIndex = false
        for c in path {
            if c == "[" { inIndex = true } else if c == "]" { inIndex = false } else if !inIndex { out.append(c) }
        }
        return out
    }

    /// `key: value`, or `key:` and its block, at an indentation.
    static func entry(_ key: String, _ value: Value, indent: String, path: String, in f: Feature, style: Style)
        -> String
    {
        let head = indent + style.bold(scalar(key)) + ":"
        switch value {
        case .map(let m) where !m.isEmpty:
            var out = head + "\n"
            for k in orderedKeys(m, path: path, in: f) {
                guard let v = m[k] else { continue }
                out += entry(k, v, indent: indent + "  ", path: path + "." + k, in: f, style: style)
            }
            return out
        case .list(let items) where !items.isEmpty:
            if let flow = flowList(items) { return head + " " + flow + "\n" }
            var out = head + "\n"
            for (i, item) in items.enumerated() {
                out += listItem(item, indent: indent + "  ", path: "\(path)[\(i)]", in: f, style: style)
            }
            return out
        case .string(let s):
            if let block = literalBlock(s, indent: indent + "  ") { return head + " " + block }
            return head + " " + scalar(s) + "\n"
        default:
            return head + " " + inline(value) + "\n"
        }
    }

    /// `- value` in a block list: a mapping's first key sits on the dash line.
    static func listItem(_ value: Value, indent: String, path: String, in f: Feature, style: Style) -> String {
        switch value {
        case .map(let m) where !m.isEmpty:
            var out = ""
            for (n, k) in orderedKeys(m, path: path, in: f).enumerated() {
                guard let v = m[k] else { continue }
                let text = entry(k, v, indent: indent + "  ", path: path + "." + k, in: f, style: style)
                out += n == 0 ? indent + "- " + text.dropFirst(indent.count + 2) : text
            }
            return out
        case .list(let items) where !items.isEmpty:
            if let flow = flowList(items) { return indent + "- " + flow + "\n" }
            var out = indent + "-\n"
            for (i, item) in items.enumerated() {
                out += listItem(item, indent: indent + "  ", path: "\(path)[\(i)]", in: f, style: style)
            }
            return out
        case .string(let s):
            return indent + "- " + scalar(s) + "\n"
        default:
            return indent + "- " + inline(value) + "\n"
        }
    }

    /// A short list of single-line scalars as `[a, b]`, the way such lists are usually written.
    static func flowList(_ items: [Value]) -> String? {
        var parts: [String] = []
        for item in items {
            switch item {
            case .map, .list: return nil
            case .string(let s): parts.append(isPlain(s, flow: true) ? s : quoted(s))
            default: parts.append(inline(item))
            }
        }
        let text = "[" + parts.joined(separator: ", ") + "]"
        return text.count <= 72 && !text.contains("\n") ? text : nil
    }

    /// A value that fits on one line.
    static func inline(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .number(let d): return number(d)
        case .string(let s): return scalar(s)
        case .duration(let d): return scalar(d.text)
        case .list: return "[]"
        case .map: return "{}"
        }
    }

    /// A number every YAML reader takes for a float: always with a `.` (`1.0e-05`, not `1e-05`).
    static func number(_ d: Double) -> String {
        if d.isNaN { return ".nan" }
        if d.isInfinite { return d < 0 ? "-.inf" : ".inf" }
        var text = Value.number(d).display
        if !text.contains(".") {
            if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
                text.insert(contentsOf: ".0", at: e)
            } else {
                text += ".0"
            }
        }
        return text
    }

    /// Text as a plain scalar when that reads back as the same text, quoted otherwise.
    static func scalar(_ s: String) -> String {
        isPlain(s, flow: false) ? s : quoted(s)
    }

    /// A literal block (`|`, `|-` or `|+`) for multi-line text, its lines at `indent`;
    /// nil when the text is one line or holds characters a block cannot carry.
    static func literalBlock(_ s: String, indent: String) -> String? {
        guard s.contains("\n"),
            s.unicodeScalars.allSatisfy({ $0 == "\n" || $0 == "\t" || isPrintable($0) }),
            s.contains(where: { $0 != "\n" })
        else { return nil }
        var body = Substring(s)
        var trailing = 0
        while body.hasSuffix("\n") {
            body = body.dropLast()
            trailing += 1
        }
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        var header = "|"
        // The indentation is read from the first line with text; give it when that line starts with a space:
        // counted from the key, whose block sits two spaces further in.
        if let first = lines.first(where: { !$0.isEmpty }), first.hasPrefix(" ") { header += "2" }
        header += trailing == 0 ? "-" : trailing == 1 ? "" : "+"
        var out = header + "\n"
        for line in lines { out += line.isEmpty ? "\n" : indent + line + "\n" }
        if trailing > 1 { out += String(repeating: "\n", count: trailing - 1) }
        return out
    }

    /// Whether text can be written unquoted: it must read back as the same text in feat and in
    /// YAML 1.1 readers (PyYAML reads `yes`, `on`, `0x1F`, `1_000` and `1:30` as other types).
    static func isPlain(_ s: String, flow: Bool) -> Bool {
        guard let first = s.first, let last = s.last, !first.isWhitespace, !last.isWhitespace else { return false }
        if "-?:,[]{}#&*!|>'\"%@`".contains(first) { return false }
        if s.hasSuffix(":") || s.contains(": ") || s.contains(" #") || s.hasPrefix("...") { return false }
        if flow, s.contains(where: { ",[]{}".contains($0) }) { return false }
        guard s.unicodeScalars.allSatisfy(isPrintable) else { return false }
        // Covers feat's own reading of plain text too (null, true, false, decimal numbers).
        return !readsAsOtherType(s)
    }

    static let otherWords: Set<String> = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
        "true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL", "~", "<<", "=",
    ]

    /// Words and numerals some YAML reader resolves to a boolean, null or number.
    static func readsAsOtherType(_ s: String) -> Bool {
        if otherWords.contains(s) { return true }
        var digits = Substring(s)
        if digits.hasPrefix("+") || digits.hasPrefix("-") { digits = digits.dropFirst() }
        guard let first = digits.first else { return false }
        if [".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"].contains(String(digits)) { return true }
        guard isDecimalASCII(first) || first == "." else { return false }
        let bare = digits.filter { $0 != "_" }
        if !bare.isEmpty, bare.allSatisfy({ isDecimalASCII($0) || ".eE+-".contains($0) }), Double(bare) != nil {
            return true
        }
        let radix = digits.prefix(2).lowercased()
        if ["0x", "0o", "0b"].contains(radix), digits.count > 2,
            digits.dropFirst(2).allSatisfy({ $0.isHexDigit || $0 == "_" })
        {
            return true
        }
        // Sexagesimal: 1:30 is 90 to a YAML 1.1 reader.
        return digits.contains(":") && digits.allSatisfy { isDecimalASCII($0) || ":._".contains($0) }
    }

    static func isPrintable(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x20...0x7E: return true
        case 0xA0...0xD7FF, 0xE000...0xFFFD: return u.value != 0xFEFF && u.value != 0x2028 && u.value != 0x2029
        case 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// Single quotes when the text is printable, double quotes with escapes otherwise.
    static func quoted(_ s: String) -> String {
        if s.unicodeScalars.allSatisfy(isPrintable) {
            return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default:
                if isPrintable(u) {
                    out.unicodeScalars.append(u)
                } else if u.value <= 0xFF {
                    out += "\\x" + hex(u.value, 2)
                } else {
                    out += "\\u" + hex(u.value, 4)
                }
            }
        }
        return out + "\""
    }

    static func hex(_ v: UInt32, _ width: Int) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// 0-9 only (`Character.isNumber` also takes other scripts' digits).
private func isDecimalASCII(_ c: Character) -> Bool {
    c.isASCII && c.isNumber
}
