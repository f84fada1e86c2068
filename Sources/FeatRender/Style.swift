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

/// Markdown-safe text for table cells and inline use.
func markdownEscape(_ s: String) -> String {
    var out = ""
    for c in s {
        switch c {
        case "|", "\\", "`", "*", "_", "<", ">", "[", "]": out += "\\" + String(c)
        case "\n": out += " "
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
