/// A plain (unquoted) scalar that another YAML reader takes for something other than what feat
/// reads (SPEC §2: no value may read differently in another YAML reader).
///
/// feat resolves plain scalars as YAML 1.2's core schema does; PyYAML and most pipelines follow
/// YAML 1.1, where `no` is a boolean, `010` is 8 and `1:30` is 90. The forms refused are exactly
/// these: the spellings PyYAML reads as booleans and `y`, `Y`, `n`, `N`; an integer with a
/// leading zero, a `0b`, `0o` or `0x` prefix, or `_` separators; digits and colons; a number
/// with an exponent but no `.` or no exponent sign. Dates, `true`, `null` and decimal numbers
/// read alike everywhere and are not refused.
public struct AmbiguousScalar: Sendable, Hashable {
    /// The text as written.
    public var text: String
    /// What feat reads: "the integer 10", "the text 'yes'".
    public var featReading: String
    /// Who reads it otherwise: "a YAML 1.1 reader (PyYAML)".
    public var reader: String
    /// What that reader takes it for: "the integer 8 (octal)", "the boolean false".
    public var otherReading: String
    /// The spelling every reader takes for the value most likely meant, when there is one: the
    /// number feat reads (`10` for `010`, `1000.0` for `1e3`), or the value the other reader
    /// sees where feat reads text (`31` for `0x1F`, `true` for `yes`).
    public var unambiguous: String?
    /// True when the other reading is a boolean (`yes`, `off`, `n`).
    public var isBoolean: Bool

    static let pyYAML = "a YAML 1.1 reader (PyYAML)"

    /// Classifies a plain scalar; nil when every YAML reader takes it as feat does.
    public init?(_ text: String) {
        self.text = text
        // Every boolean spelling is at most three bytes long; a longer text needs no lookup.
        if text.utf8.count <= 3, let truth = Self.booleans[text] {
            isBoolean = true
            featReading = "the text '\(text)'"
            unambiguous = truth ? "true" : "false"
            reader = text.count == 1 ? "a YAML 1.1 reader that follows its type list" : Self.pyYAML
            otherReading = "the boolean \(truth)"
            return
        }
        isBoolean = false
        guard Self.mayBeNumeral(text.utf8), let numeral = Self.numeral(text) else { return nil }
        (featReading, reader, otherReading, unambiguous) = numeral
    }

    /// The difference, to follow "which": "a YAML 1.1 reader (PyYAML) takes for the integer 8
    /// (octal) and feat for the integer 10".
    public var difference: String {
        "\(reader) takes for \(otherReading) and feat for \(featReading)"
    }

    /// `yes`, `on`, … as PyYAML reads them, and the one-letter booleans of the YAML 1.1 type list.
    static let booleans: [String: Bool] = {
        var table: [String: Bool] = ["y": true, "Y": true, "n": false, "N": false]
        for (word, truth) in [("yes", true), ("no", false), ("on", true), ("off", false)] {
            for form in [word, word.prefix(1).uppercased() + word.dropFirst(), word.uppercased()] {
                table[form] = truth
            }
        }
        return table
    }()

    /// False when `numeral` is sure to find nothing, judged from the bytes alone: almost every
    /// plain scalar (a name, a sentence, `7d`, `0.01`, `2026-01-04`) is spared the reading
    /// Character by Character. Each form `numeral` refuses needs bytes this looks for: a
    /// digit or `.` after an optional sign, and then a `0b`, `0o` or `0x` prefix or a leading
    /// zero before another digit or `_`, or a `_`, `:`, `e` or `E` anywhere. (No character
    /// outside ASCII is canonically equal to one of these, so the bytes cannot miss a form.)
    static func mayBeNumeral(_ bytes: String.UTF8View) -> Bool {
        var i = bytes.startIndex
        guard i != bytes.endIndex else { return false }
        if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i = bytes.index(after: i) }
        guard i != bytes.endIndex else { return false }
        let first = bytes[i]
        guard (0x30...0x39).contains(first) || first == UInt8(ascii: ".") else { return false }
        let next = bytes.index(after: i)
        if first == UInt8(ascii: "0"), next != bytes.endIndex {
            switch bytes[next] {
            case UInt8(ascii: "b"), UInt8(ascii: "o"), UInt8(ascii: "x"), UInt8(ascii: "_"), 0x30...0x39: return true
            default: break
            }
        }
        return bytes.contains { byte in
            byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "e")
                || byte == UInt8(ascii: "E")
        }
    }

    /// The numeric forms: how feat and the other reader take them, and the unambiguous spelling.
    static func numeral(_ text: String) -> (String, String, String, String?)? {
        var body = Substring(text)
        var negative = false
        if let first = body.first, first == "+" || first == "-" {
            negative = first == "-"
            body = body.dropFirst()
        }
        let sign = negative ? "-" : ""
        guard let first = body.first, first.isASCIIDigit || first == "." else { return nil }
        let feat = reading(ofPlain: text)

        // A 0b, 0o or 0x prefix.
        for (prefix, radix, digits) in [("0b", 2, "01"), ("0o", 8, "01234567"), ("0x", 16, "0123456789abcdefABCDEF")]
        where body.hasPrefix(prefix) {
            let rest = body.dropFirst(2)
            guard !rest.isEmpty, rest.allSatisfy({ digits.contains($0) || $0 == "_" }),
                rest.contains(where: { $0 != "_" })
            else { return nil }
            let value = Int(rest.filter { $0 != "_" }, radix: radix).map { sign + String($0) }
            // YAML 1.1 has no 0o prefix (it writes octal with a leading zero); YAML 1.2 readers have.
            let who = prefix == "0o" ? "a YAML 1.2 reader (Go's yaml.v3, ruamel.yaml)" : pyYAML
            let what = value.map { "the integer \($0)" } ?? "an integer"
            return (feat, who, what, value)
        }

        let digitsOnly = body.allSatisfy { $0.isASCIIDigit || $0 == "_" }
        // A leading zero: octal to YAML 1.1 when its digits allow, else text there, while
        // feat reads a decimal integer.
        if digitsOnly, body.count >= 2, first == "0", body.contains(where: \.isASCIIDigit) {
            let digits = body.filter { $0 != "_" }
            let decimal = Int(digits).map { sign + String($0) }
            if body.allSatisfy({ ("0"..."7").contains($0) || $0 == "_" }), let octal = Int(digits, radix: 8) {
                return (feat, pyYAML, "the integer \(sign)\(octal) (octal)", decimal)
            }
            return (feat, pyYAML, "the text '\(text)'", decimal)
        }

        // `_` separators in a numeral: a number to YAML 1.1, text to feat.
        if body.contains("_"), body.allSatisfy({ $0.isASCIIDigit || $0 == "_" || $0 == "." }),
            body.filter({ $0 == "." }).count <= 1, body.contains(where: \.isASCIIDigit)
        {
            let bare = String(body.filter { $0 != "_" })
            if !bare.contains("."), let i = Int(bare) {
                return (feat, pyYAML, "the integer \(sign)\(i)", sign + String(i))
            }
            let number = Double(bare).map { sign + decimalText($0) }
            return (feat, pyYAML, "the number \(number ?? bare)", number)
        }

        // Digits and colons: a base-60 number to YAML 1.1 (`1:30` is 90).
        if body.contains(":") {
            let (whole, fraction) = splitFraction(body)
            let parts = whole.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
                fraction.allSatisfy(\.isASCIIDigit)
            else { return nil }
            // PyYAML's patterns: no leading zero for an integer, every later part below 60.
            let later = parts.dropFirst().allSatisfy { $0.count <= 2 && (Int($0) ?? 60) < 60 }
            let leading = parts[0]
            var value = 0
            var overflow = false
            for part in parts {
                let (times, o1) = value.multipliedReportingOverflow(by: 60)
                let (sum, o2) = times.addingReportingOverflow(Int(part) ?? 0)
                overflow = overflow || o1 || o2
                value = sum
            }
            let isInteger = fraction.isEmpty && !body.contains(".")
            if later, !overflow, isInteger, leading.first != "0" {
                let v = sign + String(value)
                return (feat, pyYAML, "the integer \(v) (base 60)", v)
            }
            if later, !overflow, !isInteger {
                let v = sign + decimalText(Double(value) + (Double("0." + fraction) ?? 0))
                return (feat, pyYAML, "the number \(v) (base 60)", v)
            }
            return (feat, "a YAML 1.1 reader", "a base-60 number (digits and colons)", nil)
        }

        // An exponent without a `.` or without a sign: a number to feat, text to PyYAML.
        if case .number(let d) = reading(of: text), let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let mantissa = body[..<e]
            let exponent = body[body.index(after: e)...]
            if !mantissa.contains(".") || !(exponent.hasPrefix("+") || exponent.hasPrefix("-")) {
                return (feat, pyYAML, "the text '\(text)'", decimalText(d))
            }
        }
        return nil
    }

    static func splitFraction(_ s: Substring) -> (Substring, Substring) {
        guard let dot = s.firstIndex(of: ".") else { return (s, "") }
        return (s[..<dot], s[s.index(after: dot)...])
    }

    /// A number written so that every reader takes it for that number: a `.` always, and an
    /// exponent, when there is one, with its sign (`1000.0`, `1.0e-05`).
    static func decimalText(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) + ".0" }
        let text = String(d)
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
        var mantissa = String(text[..<e])
        var exponent = String(text[text.index(after: e)...])
        if !mantissa.contains(".") { mantissa += ".0" }
        if !exponent.hasPrefix("-"), !exponent.hasPrefix("+") { exponent = "+" + exponent }
        return mantissa + "e" + exponent
    }

    /// How feat reads a plain scalar, in words.
    static func reading(ofPlain text: String) -> String {
        switch reading(of: text) {
        case .int(let i): return "the integer \(i)"
        case .number(let d): return "the number \(decimalText(d))"
        default: return "the text '\(text)'"
        }
    }

    /// feat's own resolution of a plain scalar (YAML 1.2 core): the one the parser uses.
    static func reading(of text: String) -> Value {
        let bytes = text.utf8
        // The words below are at most five bytes long: a longer text is compared with none.
        if bytes.count <= 5 {
            switch text {
            case "", "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default: break
            }
        }
        if let i = Int(text) { return .int(i) }
        // Only decimal notation is a number. Double() also reads "-0x10" and "nan(1)"; the
        // latter is a NaN, never equal to itself, so an unchanged file would differ from itself.
        // Judged by byte: text of these bytes only is ASCII, one Character per byte.
        if bytes.allSatisfy(isDecimalNotation), bytes.contains(where: { (0x30...0x39).contains($0) }),
            let d = Double(text)
        {
            return .number(d)
        }
        return .string(text)
    }

    /// A digit, a sign, a `.` or an exponent's `e`.
    private static func isDecimalNotation(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
            return true
        default:
            return false
        }
    }
}
