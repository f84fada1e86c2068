import FeatJSON

/// Reads JSON text (RFC 8259) into a `JSON` value that keeps its objects' key order: how a
/// lock file is read back. Strict: one value, no comments, no trailing commas, no repeated key
/// in an object; numbers without a fraction or exponent that fit an `Int` stay integers.
enum JSONReader {
    /// Why a text is not JSON, with the line and column where reading stopped.
    struct Failure: Error, Sendable, CustomStringConvertible {
        var line: Int
        var column: Int
        var message: String

        var description: String { "line \(line), column \(column): \(message)" }
    }

    /// Deeper than this, a document is refused rather than read by recursion.
    static let maxDepth = 256

    static func parse(_ bytes: [UInt8]) throws(Failure) -> JSON {
        var reader = Cursor(bytes: bytes)
        // A UTF-8 byte-order mark is tolerated, as most JSON readers do.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.offset = 3 }
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.offset == bytes.count else { throw reader.failure("unexpected text after the JSON value") }
        return value
    }

    struct Cursor {
        let bytes: [UInt8]
        var offset = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        var peek: UInt8? { offset < bytes.count ? bytes[offset] : nil }

        func failure(_ message: String) -> Failure {
            var line = 1
            var column = 1
            for byte in bytes[..<min(offset, bytes.count)] {
                if byte == 0x0A {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
            return Failure(line: line, column: column, message: message)
        }

        mutating func skipSpace() {
            while let c = peek, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { offset += 1 }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
            guard peek == byte else { throw failure("expected \(what)") }
            offset += 1
        }

        mutating func value(depth: Int) throws(Failure) -> JSON {
            guard depth < JSONReader.maxDepth else { throw failure("nested deeper than \(JSONReader.maxDepth) levels") }
            guard let c = peek else { throw failure("unexpected end of the text") }
            switch c {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try word("true", .bool(true))
            case UInt8(ascii: "f"): return try word("false", .bool(false))
            case UInt8(ascii: "n"): return try word("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw failure("expected a value")
            }
        }

        mutating func word(_ text: String, _ value: JSON) throws(Failure) -> JSON {
            let utf8 = Array(text.utf8)
            guard offset + utf8.count <= bytes.count, Array(bytes[offset..<offset + utf8.count]) == utf8 else {
                throw failure("expected a value")
            }
            offset += utf8.count
            return value
        }

        mutating func object(depth: Int) throws(Failure) -> JSON {
            offset += 1
            var fields: [(String, JSON)] = []
            var keys = Set<String>()
            skipSpace()
            if peek == UInt8(ascii: "}") {
                offset += 1
                return .object([])
            }
            while true {
                skipSpace()
                guard peek == UInt8(ascii: "\"") else { throw failure("expected a key in double quotes") }
                let start = offset
                let key = try string()
                guard keys.insert(key).inserted else {
                    offset = start
                    throw failure("the key \"\(key)\" appears twice in one object")
                }
                skipSpace()
                try expect(UInt8(ascii: ":"), "':' after a key")
                skipSpace()
                fields.append((key, try value(depth: depth + 1)))
                skipSpace()
                if peek == UInt8(ascii: ",") {
                    offset += 1
                    continue
                }
                try expect(UInt8(ascii: "}"), "',' or '}'")
                return .object(fields)
            }
        }

        mutating func array(depth: Int) throws(Failure) -> JSON {
            offset += 1
            var items: [JSON] = []
            skipSpace()
            if peek == UInt8(ascii: "]") {
                offset += 1
                return .array([])
            }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                if peek == UInt8(ascii: ",") {
                    offset += 1
                    continue
                }
                try expect(UInt8(ascii: "]"), "',' or ']'")
                return .array(items)
            }
        }

        mutating func string() throws(Failure) -> String {
            offset += 1
            var out: [UInt8] = []
            while true {
                guard let c = peek else { throw failure("a string is not closed") }
                switch c {
                case UInt8(ascii: "\""):
                    offset += 1
                    guard let text = String(validating: out, as: UTF8.self) else {
                        throw failure("a string is not UTF-8 text")
                    }
                    return text
                case UInt8(ascii: "\\"):
                    offset += 1
                    guard let e = peek else { throw failure("a string is not closed") }
                    offset += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800...0xDBFF).contains(scalar) {
                            guard peek == UInt8(ascii: "\\"), offset + 1 < bytes.count,
                                bytes[offset + 1] == UInt8(ascii: "u")
                            else { throw failure("a lone UTF-16 surrogate in \\u escapes") }
                            offset += 2
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else {
                                throw failure("a lone UTF-16 surrogate in \\u escapes")
                            }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(scalar) {
                            throw failure("a lone UTF-16 surrogate in \\u escapes")
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { throw failure("an invalid \\u escape") }
                        out.append(contentsOf: Array(String(Character(unicode)).utf8))
                    default:
                        offset -= 1
                        throw failure("an unknown escape in a string")
                    }
                case 0..<0x20:
                    throw failure("a control character inside a string (write it as an escape)")
                default:
                    out.append(c)
                    offset += 1
                }
            }
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let c = peek else { throw failure("a \\u escape needs four hexadecimal digits") }
                let digit: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
                default: throw failure("a \\u escape needs four hexadecimal digits")
                }
                value = value << 4 | digit
                offset += 1
            }
            return value
        }

        mutating func number() throws(Failure) -> JSON {
            let start = offset
            func digits() -> Int {
                let from = offset
                while let c = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) { offset += 1 }
                return offset - from
            }
            if peek == UInt8(ascii: "-") { offset += 1 }
            let first = peek
            let whole = digits()
            guard whole > 0 else { throw failure("a number needs digits") }
            guard first != UInt8(ascii: "0") || whole == 1 else { throw failure("a number may not start with 0") }
            var integral = true
            if peek == UInt8(ascii: ".") {
                offset += 1
                integral = false
                guard digits() > 0 else { throw failure("a number needs digits after '.'") }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                offset += 1
                integral = false
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { offset += 1 }
                guard digits() > 0 else { throw failure("a number needs digits in its exponent") }
            }
            let text = String(decoding: bytes[start..<offset], as: UTF8.self)
            if integral, let i = Int(text) { return .int(i) }
            guard let d = Double(text), d.isFinite else {
                offset = start
                throw failure("a number out of range")
            }
            return .number(d)
        }
    }
}
