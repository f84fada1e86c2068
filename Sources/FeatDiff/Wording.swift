import FeatModel

/// Short, single-line renderings of values and counts for change messages.
///
/// Every rendering is built within its cut: a value is written piece by piece and the writing
/// stops at the limit, so a list of ten thousand long strings costs no more than a short one.
enum Wording {
    static let maxValueLength = 60
    /// The longest single entry (a category, a key) quoted in a message.
    static let maxEntryLength = 40

    /// A value on one line, whitespace runs collapsed, cut to a readable length; a cut list
    /// says how many items it holds.
    static func show(_ value: Value) -> String {
        show(value, limit: maxValueLength)
    }

    /// A value on one line, cut at `limit` characters.
    static func show(_ value: Value, limit: Int) -> String {
        var text = BoundedText(limit: limit)
        text.write(value)
        guard text.isCut else { return text.result }
        if case .list(let items) = value {
            return text.result + " (" + count(items.count, "item", "items") + ")"
        }
        return text.result
    }

    /// A string on one line, cut like a value.
    static func show(_ string: String, limit: Int = maxValueLength) -> String {
        var text = BoundedText(limit: limit)
        text.write(string)
        return text.result
    }

    /// `aggregation.window 7d → 30d`, `sla.freshness set to 1h`, `time.ttl removed (was 1d)`.
    static func transition(_ field: String, _ before: Value?, _ after: Value?) -> String {
        switch (before, after) {
        case (let b?, let a?):
            let (shownBefore, shownAfter) = distinct(b, a)
            return "\(field) \(shownBefore) → \(shownAfter)"
        case (nil, let a?): return "\(field) set to \(show(a))"
        case (let b?, nil): return "\(field) removed (was \(show(b)))"
        case (nil, nil): return field
        }
    }

    /// Two different values as a message shows them: cut alike they would print as the same
    /// text (long names that differ at the end), so then both are shown from a little before
    /// where they first differ.
    static func distinct(_ before: Value, _ after: Value) -> (String, String) {
        let (b, a) = (show(before), show(after))
        guard b == a, before != after else { return (b, a) }
        let (x, y) = (show(before, limit: Int.max), show(after, limit: Int.max))
        let common = zip(x, y).prefix { $0 == $1 }.count
        let start = max(0, common - maxValueLength / 3)
        func around(_ text: String) -> String {
            let rest = text.dropFirst(start)
            let kept =
                rest.count > maxValueLength ? String(rest.prefix(maxValueLength - 1)) + "…" : String(rest)
            return (start > 0 ? "…" : "") + kept
        }
        return (around(x), around(y))
    }

    /// One entry in quotes: `'card'`. A long one keeps its start and its end around `…`, since
    /// entries of one list often differ only at the end (`merchant_category_1…_117`).
    static func entry(_ item: String) -> String {
        guard item.index(item.startIndex, offsetBy: maxEntryLength + 1, limitedBy: item.endIndex) != nil else {
            return "'" + oneLine(Substring(item)) + "'"
        }
        let head = maxEntryLength / 2 - 1
        let tail = maxEntryLength - head - 1
        return "'" + oneLine(item.prefix(head)) + "…" + oneLine(item.suffix(tail)) + "'"
    }

    static func oneLine(_ text: Substring) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    /// `'a', 'b' and 3 more`.
    static func quoted(_ items: some Collection<String>, limit: Int = 4) -> String {
        let shown = items.prefix(limit).map(entry)
        let rest = items.count - shown.count
        switch shown.count {
        case 0: return "nothing"
        case 1: return shown[0]
        default:
            if rest > 0 { return shown.joined(separator: ", ") + " and \(rest) more" }
            return shown.dropLast().joined(separator: ", ") + " and " + (shown.last ?? "")
        }
    }

    /// `1 entry`, `3 entries`.
    static func count(_ n: Int, _ singular: String, _ plural: String) -> String {
        "\(n) \(n == 1 ? singular : plural)"
    }

    /// `it` or `them`, for a count.
    static func pronoun(_ n: Int, _ one: String = "it", _ many: String = "them") -> String {
        n == 1 ? one : many
    }
}

extension Value {
    /// This value on one line for reports, whitespace runs collapsed and cut at `limit`
    /// characters (a cut list says how many items it holds). Built within the cut, so a huge
    /// value costs no more than a short one, unlike `display`.
    public func summary(limit: Int = 60) -> String {
        Wording.show(self, limit: limit)
    }

    /// Whether the value, on one line, fits within `limit` characters; read within the cut.
    public func fits(within limit: Int) -> Bool {
        var text = BoundedText(limit: limit)
        text.write(self)
        return !text.isCut
    }
}

/// Text written up to a limit of characters, exactly: spaces are kept as written (`'a b'`
/// and `'a  b'` must not print alike), line breaks and tabs are shown as `\n`, `\r` and `\t`
/// so the text stays on one line, and leading whitespace and trailing line breaks (YAML's
/// block scalars end in one) are dropped; writing past the limit is ignored and the result
/// ends in `…`.
struct BoundedText {
    let limit: Int
    private(set) var characters = 0
    private(set) var isCut = false
    private var text = ""

    init(limit: Int) {
        self.limit = limit
    }

    var result: String { isCut ? text + "…" : text }

    mutating func write(_ string: String) {
        var trimmed = Substring(string)
        while let last = trimmed.last, last.isNewline { trimmed.removeLast() }
        for character in trimmed {
            if isCut { return }
            if character.isWhitespace, characters == 0 { continue }
            switch character {
            case "\n", "\r\n": append("\\"); append("n")
            case "\r": append("\\"); append("r")
            case "\t": append("\\"); append("t")
            default: append(character)
            }
        }
    }

    /// Writes text that must not be collapsed or dropped at the start (brackets, separators).
    mutating func punctuate(_ string: String) {
        for character in string {
            if isCut { return }
            append(character)
        }
    }

    private mutating func append(_ character: Character) {
        // Up to `limit` characters are kept; one more means the text is cut, keeping room for `…`.
        guard characters < limit else {
            isCut = true
            text = String(text.prefix(limit - 1))
            return
        }
        text.append(character)
        characters += 1
    }

    /// Writes a value the way `Value.display` does, stopping at the limit.
    mutating func write(_ value: Value) {
        if isCut { return }
        switch value {
        case .list(let items):
            punctuate("[")
            for (i, item) in items.enumerated() {
                if isCut { return }
                if i > 0 { punctuate(", ") }
                write(item)
            }
            punctuate("]")
        case .map(let fields):
            punctuate("{")
            for (i, key) in fields.keys.sorted().enumerated() {
                if isCut { return }
                if i > 0 { punctuate(", ") }
                write(key)
                punctuate(": ")
                if let child = fields[key] { write(child) }
            }
            punctuate("}")
        case .string(let s):
            write(s)
        default:
            write(value.display)
        }
    }
}
