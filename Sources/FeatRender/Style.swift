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
    guard s.unicodeScalars.contains(where: isControl) else { return s }
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
