/// How text output is dressed: ANSI colour only when writing to a terminal without `NO_COLOR`.
public struct Style: Sendable {
    public var colour: Bool

    public init(colour: Bool) { self.colour = colour }

    public static let plain = Style(colour: false)

    func wrap(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    public func bold(_ s: String) -> String { wrap(s, "1") }
    public func dim(_ s: String) -> String { wrap(s, "2") }
    public func red(_ s: String) -> String { wrap(s, "31") }
    public func green(_ s: String) -> String { wrap(s, "32") }
    public func yellow(_ s: String) -> String { wrap(s, "33") }
    public func cyan(_ s: String) -> String { wrap(s, "36") }
}

/// Text with its control characters made visible (`\n`, `\t`, `\u{1B}`): a value or a
/// reason printed as a line of text output can neither break the line nor start one of its
/// own — in a CI log, a line starting `::error` is a workflow command. C0 and C1 controls,
/// DEL and the Unicode line and paragraph separators are escaped; everything else is kept.
public func printable(_ s: String) -> String {
    guard holdsControl(s) else { return s }
    var out = ""
    for scalar in s.unicodeScalars {
        guard isControl(scalar) else {
            out.unicodeScalars.append(scalar)
            continue
        }
        switch scalar {
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }
    return out
}

/// Whether text holds a character `printable` escapes, read from its UTF-8 bytes (as scalars
/// it costs several times more, and nearly every message holds none): C0 controls and DEL are
/// single bytes, U+0080–U+009F are C2 80–C2 9F, U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
private func holdsControl(_ s: String) -> Bool {
    var (twoBack, oneBack): (UInt8, UInt8) = (0, 0)
    for byte in s.utf8 {
        if byte < 0x20 || byte == 0x7F { return true }
        if oneBack == 0xC2, (0x80...0x9F).contains(byte) { return true }
        if twoBack == 0xE2, oneBack == 0x80, byte == 0xA8 || byte == 0xA9 { return true }
        (twoBack, oneBack) = (oneBack, byte)
    }
    return false
}

private func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
}

/// Markdown-safe text for table cells and inline use: Markdown and HTML characters escaped
/// (so no `<!--` can hide the rest of a comment), and an `@` that starts a word, which would
/// mention someone, broken by a zero-width space.
func markdownEscape(_ s: String) -> String {
    var out = ""
    var previous: Character = " "
    for c in s {
        defer { previous = c }
        switch c {
        case "@" where !(previous.isLetter || previous.isNumber):
            out += "@&#8203;"  // starts a word: a mention; inside an email address it is none
        case "|", "\\", "`", "*", "_", "[", "]": out += "\\" + String(c)
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "&": out += "&amp;"
        case "\n", "\r\n", "\r": out += " "
        default: out.append(c)
        }
    }
    return out
}

/// Text inside HTML tags (`<summary>`), where GitHub reads no Markdown escapes.
func htmlEscape(_ s: String) -> String {
    var out = ""
    for c in s {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        default: out.append(c)
        }
    }
    return out
}
