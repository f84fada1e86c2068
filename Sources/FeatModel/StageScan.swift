/// Reads only `feature`, `version` and `stage` from a feature file, without building the
/// model, when the whole file is in a small subset of block YAML whose structure a line scan
/// can follow exactly.
///
/// The scan answers only when the full parser would give the same identity and stage: the
/// file must be one block mapping at column 0 whose nested content is block mappings and
/// sequences (plain keys, no duplicates), one-line plain or quoted scalars, one-line flow
/// collections of plain scalars, block scalars, and plain scalars continued on deeper lines.
/// Anything else — anchors, aliases, tags, a quote or bracket left open at the end of a
/// line, an indented first line, an escape, a tab, a document marker, a BOM, a stage or
/// name spelt like null, bytes the parser refuses, a line break other than LF and CRLF,
/// more than a few thousand nodes — makes it answer `nil`: use `FeatureParser` then.
/// Declining costs only time; answering wrongly makes history lie.
public enum StageScan {
    public struct Result: Sendable, Hashable {
        public var identity: Identity
        public var stage: String
    }

    public static func read(_ bytes: [UInt8]) -> Result? {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(buffer)
            return scanner.run()
        }
    }

    /// Most nodes the scan follows before leaving the file to the parser, well below the
    /// parser's own limit (`YAMLLimits.maxNodes`) so that counting need not be exact.
    static let maxNodes = 20_000
    /// Deepest block nesting the scan follows; flow collections add at most `maxFlowDepth`.
    static let maxDepth = 16
    static let maxFlowDepth = 8

    static let featureKey = Array("feature".utf8)
    static let stageKey = Array("stage".utf8)
    static let versionKey = Array("version".utf8)
}

/// Keys already seen in one mapping. Linear over a short list, a hash set beyond it, so
/// that a file with a hundred thousand keys costs linear time, not quadratic.
struct KeySet {
    private var few: [UInt64] = []
    private var many: Set<UInt64>?

    /// Adds a key hash; false when it was already there (a duplicate, or a collision:
    /// both make the scan decline).
    mutating func insert(_ hash: UInt64) -> Bool {
        if many != nil { return many?.insert(hash).inserted ?? false }
        if few.contains(hash) { return false }
        few.append(hash)
        if few.count > 32 {
            many = Set(few)
            few = []
        }
        return true
    }
}

private struct Scanner {
    let b: UnsafeBufferPointer<UInt8>

    /// A block collection the scan is inside: its column and, for a mapping, its keys.
    struct Context {
        var indent: Int
        var isSequence: Bool
        var keys = KeySet()
    }

    /// What the lines after the current one may still belong to.
    enum Pending {
        /// The last value is complete: a deeper line would be an error.
        case complete
        /// A plain scalar that lines deeper than `owner` continue.
        case plain(owner: Int, identity: Bool)
        /// A key or `-` with nothing after it: a nested block, or null.
        case empty(owner: Int, ownerIsKey: Bool)
        /// A block scalar (`|`, `>`); `content` is its indentation once known.
        case block(owner: Int, content: Int?)
    }

    var stack: [Context] = []
    var pending = Pending.complete
    var nodes = 0
    var name: UnsafeBufferPointer<UInt8>?
    var stage: UnsafeBufferPointer<UInt8>?
    var version: Int?
    /// Where the current line starts.
    var lineBegin = 0
    var rootOpened = false

    init(_ b: UnsafeBufferPointer<UInt8>) { self.b = b }

    mutating func run() -> StageScan.Result? {
        if b.count > 1 << 20 { return nil }
        guard isPlainText() else { return nil }
        stack.reserveCapacity(8)
        var i = 0
        let n = b.count
        while i < n {
            var end = i
            while end < n && b[end] != 0x0A { end += 1 }
            var lineEnd = end
            if lineEnd > i && b[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            lineBegin = i
            guard line(i, lineEnd) else { return nil }
            i = end + 1
        }
        guard let name, let stage else { return nil }
        return StageScan.Result(
            identity: Identity(feature: String(decoding: name, as: UTF8.self), version: version ?? 1),
            stage: String(decoding: stage, as: UTF8.self))
    }

    /// Follows one line; false when the scan must decline the file.
    mutating func line(_ start: Int, _ end: Int) -> Bool {
        var s = start
        while s < end && b[s] == 0x20 { s += 1 }
        let indent = s - start
        let blank = s == end

        // Inside a block scalar, deeper lines are its text whatever they hold.
        if case .block(let owner, let content) = pending {
            if blank {
                // Spaces on a line before the first text line may set the indentation.
                return content != nil || indent == 0
            }
            if let content {
                if indent >= content { return true }
                if indent > owner { return false }
            } else if indent > owner {
                pending = .block(owner: owner, content: indent)
                return true
            }
            pending = .complete
        }
        if blank { return true }
        if b[s] == 0x23 {  // a comment line
            if case .plain = pending { pending = .complete }
            return true
        }

        switch pending {
        case .plain(let owner, let identity) where indent > owner:
            // The previous plain scalar goes on: "stage: explore\n  more" is "explore more".
            return !identity && isContinuation(s, end)
        case .empty(let owner, let ownerIsKey):
            pending = .complete
            if indent > owner || (ownerIsKey && indent == owner && isEntry(s, end)) {
                return open(s, end, indent: indent)
            }
        default:
            break
        }
        pending = .complete

        while let top = stack.last, top.indent > indent { stack.removeLast() }
        if let top = stack.last, top.isSequence, top.indent == indent, !isEntry(s, end) {
            // A sequence at its parent key's column ends with the next key.
            stack.removeLast()
        }
        guard let top = stack.last else {
            // The first line with content: the root mapping, at column 0.
            guard !rootOpened, indent == 0, !isEntry(s, end) else { return false }
            rootOpened = true
            return open(s, end, indent: 0)
        }
        guard top.indent == indent else { return false }
        return top.isSequence ? entry(s, end) : keyLine(s, end)
    }

    /// Opens a block collection whose first line starts at `s`.
    mutating func open(_ s: Int, _ end: Int, indent: Int) -> Bool {
        guard stack.count < StageScan.maxDepth, count(1) else { return false }
        let sequence = isEntry(s, end)
        stack.append(Context(indent: indent, isSequence: sequence))
        return sequence ? entry(s, end) : keyLine(s, end)
    }

    /// `- value`, or `- key: value` (a mapping in the entry).
    mutating func entry(_ s: Int, _ end: Int) -> Bool {
        guard isEntry(s, end) else { return false }
        let dash = s - lineBegin
        var v = s + 1
        while v < end && b[v] == 0x20 { v += 1 }
        if v == end || b[v] == 0x23 {
            pending = .empty(owner: dash, ownerIsKey: false)
            return true
        }
        if keyEnd(v, end) != nil {
            // A compact mapping: its keys sit at this column.
            guard stack.count < StageScan.maxDepth, count(1) else { return false }
            stack.append(Context(indent: v - lineBegin, isSequence: false))
            return keyLine(v, end)
        }
        return value(v, end, owner: dash, identity: nil)
    }

    /// `key:` or `key: value` in the mapping on top of the stack.
    mutating func keyLine(_ s: Int, _ end: Int) -> Bool {
        guard let k = keyEnd(s, end), count(1) else { return false }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for j in s..<k { hash = (hash ^ UInt64(b[j])) &* 0x100_0000_01b3 }
        let top = stack.count - 1
        guard stack[top].keys.insert(hash) else { return false }
        var v = k + 1
        while v < end && b[v] == 0x20 { v += 1 }
        let owner = s - lineBegin
        var identity: Field?
        if stack.count == 1 {
            let key = UnsafeBufferPointer(rebasing: b[s..<k])
            if matches(key, StageScan.featureKey) {
                identity = .name
            } else if matches(key, StageScan.stageKey) {
                identity = .stage
            } else if matches(key, StageScan.versionKey) {
                identity = .version
            }
        }
        if v == end || b[v] == 0x23 {
            // No value on this line: a nested block follows, or the value is null.
            if identity != nil { return false }
            pending = .empty(owner: owner, ownerIsKey: true)
            return true
        }
        return value(v, end, owner: owner, identity: identity)
    }

    enum Field { case name, stage, version }

    /// A value starting at `v` on a key or entry line.
    mutating func value(_ v: Int, _ end: Int, owner: Int, identity: Field?) -> Bool {
        guard count(1) else { return false }
        let c = b[v]
        switch c {
        case 0x22, 0x27:  // a quoted scalar, closed on this line
            guard identity == nil, let close = closingQuote(v, end), isRestBlank(close + 1, end) else {
                return false
            }
            pending = .complete
            return true
        case 0x5B, 0x7B:  // a flow collection, closed on this line
            var j = v
            guard identity == nil, flow(&j, end, depth: 1), isRestBlank(j, end) else { return false }
            pending = .complete
            return true
        case 0x7C, 0x3E:  // a block scalar: `|` or `>`, perhaps chomped, then a comment
            guard identity == nil else { return false }
            var j = v + 1
            if j < end && (b[j] == 0x2D || b[j] == 0x2B) { j += 1 }
            guard isRestBlank(j, end) else { return false }
            pending = .block(owner: owner, content: nil)
            return true
        default:
            guard let valueEnd = plainEnd(v, end) else { return false }
            if let identity {
                let text = UnsafeBufferPointer(rebasing: b[v..<valueEnd])
                guard accept(text, as: identity) else { return false }
            }
            // A comment ends the scalar: a deeper line after it would be an error, not more text.
            let commented = valueEnd < end && (valueEnd..<end).contains { b[$0] == 0x23 }
            pending = commented ? .complete : .plain(owner: owner, identity: identity != nil)
            return true
        }
    }

    /// Records the value of `feature`, `stage` or `version` when the parser reads it the same way.
    mutating func accept(_ text: UnsafeBufferPointer<UInt8>, as identity: Field) -> Bool {
        switch identity {
        case .version:
            guard text.count <= 9, text.allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
            var number = 0
            for c in text { number = number * 10 + Int(c - 0x30) }
            guard number >= 1 else { return false }
            version = number
        case .name, .stage:
            // `null` is a valid name to the letter, but YAML reads it as no value at all.
            guard FeatureName.isValid(bytes: text), !matches(text, Self.null) else { return false }
            if identity == .name { name = text } else { stage = text }
        }
        return true
    }

    static let null = Array("null".utf8)

    /// The end of a one-line plain scalar in block context (before a comment and trailing
    /// spaces), or nil when YAML would read something else there.
    func plainEnd(_ v: Int, _ end: Int) -> Int? {
        let c = b[v]
        switch c {
        case 0x2C, 0x5D, 0x7D, 0x23, 0x26, 0x2A, 0x21, 0x25, 0x40, 0x60, 0x22, 0x27, 0x5B, 0x7B, 0x7C, 0x3E:
            return nil  // , ] } # & * ! % @ ` quotes, flow and block indicators cannot start a plain scalar
        case 0x2D, 0x3F, 0x3A:  // - ? : start a plain scalar only when glued to what follows
            if v + 1 == end || b[v + 1] == 0x20 { return nil }
        default: break
        }
        var j = v
        var valueEnd = v
        while j < end {
            let c = b[j]
            if c == 0x23 && b[j - 1] == 0x20 { break }  // a comment
            if c == 0x3A && (j + 1 == end || b[j + 1] == 0x20) { return nil }  // `a: b: c`
            j += 1
            if c != 0x20 { valueEnd = j }
        }
        return valueEnd
    }

    /// A deeper line continuing a plain scalar: plain text only, no comment, no key.
    func isContinuation(_ s: Int, _ end: Int) -> Bool {
        guard let valueEnd = plainEnd(s, end) else { return false }
        return isRestBlank(valueEnd, end) && !(s..<end).contains { b[$0] == 0x23 }
    }

    /// A one-line flow collection starting at `j` (`[` or `{`): plain and quoted scalars,
    /// nested flow collections, and in mappings `key: value` pairs with plain keys that do
    /// not repeat.
    /// Moves `j` past the closing bracket.
    mutating func flow(_ j: inout Int, _ end: Int, depth: Int) -> Bool {
        guard depth <= StageScan.maxFlowDepth, count(1) else { return false }
        let isMapping = b[j] == 0x7B
        let close: UInt8 = isMapping ? 0x7D : 0x5D
        j += 1
        skipSpaces(&j, end)
        if j < end && b[j] == close {
            j += 1
            return true
        }
        var keys = KeySet()
        var entries = 0
        while true {
            entries += 1
            guard entries <= 64 else { return false }
            if isMapping {
                let start = j
                guard let keyEnd = flowPlain(&j, end), keyEnd - start <= 128, j < end, b[j] == 0x3A, j + 1 < end,
                    b[j + 1] == 0x20
                else { return false }
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                for k in start..<keyEnd { hash = (hash ^ UInt64(b[k])) &* 0x100_0000_01b3 }
                guard keys.insert(hash) else { return false }
                j += 2
                skipSpaces(&j, end)
            }
            guard j < end, count(1) else { return false }
            if b[j] == 0x5B || b[j] == 0x7B {
                guard flow(&j, end, depth: depth + 1) else { return false }
                skipSpaces(&j, end)
            } else if b[j] == 0x22 || b[j] == 0x27 {
                guard let close = closingQuote(j, end) else { return false }
                j = close + 1
                skipSpaces(&j, end)
            } else {
                guard flowPlain(&j, end) != nil else { return false }
            }
            guard j < end else { return false }
            if b[j] == close {
                j += 1
                return true
            }
            guard b[j] == 0x2C else { return false }
            j += 1
            skipSpaces(&j, end)
        }
    }

    /// A plain scalar inside a flow collection, of unsurprising characters; moves `j` to the
    /// first byte after it and its spaces, returns where its text ends.
    func flowPlain(_ j: inout Int, _ end: Int) -> Int? {
        let start = j
        var textEnd = j
        while j < end {
            let c = b[j]
            if c == 0x2C || c == 0x5D || c == 0x7D || c == 0x3A { break }
            guard
                c >= 0x80 || isKeyByte(c) || c == 0x20 || c == 0x2B || c == 0x2F || c == 0x7E
                    || c == 0x28 || c == 0x29 || c == 0x3D || c == 0x3C || c == 0x3E || c == 0x3B
            else { return nil }
            j += 1
            if c != 0x20 { textEnd = j }
        }
        guard textEnd > start else { return nil }
        let first = b[start]
        guard first >= 0x80 || isKeyByte(first) || first == 0x7E || first == 0x2F || first == 0x2B else { return nil }
        if first == 0x2D && (start + 1 == end || b[start + 1] == 0x20) { return nil }
        return textEnd
    }

    func skipSpaces(_ j: inout Int, _ end: Int) {
        while j < end && b[j] == 0x20 { j += 1 }
    }

    /// The end of a plain key at `s` — `[A-Za-z0-9_][A-Za-z0-9_.-]*`, at most 128 bytes,
    /// then `:` and a space or the end of the line — or nil.
    func keyEnd(_ s: Int, _ end: Int) -> Int? {
        let first = b[s]
        guard first != 0x2D && first != 0x2E && isKeyByte(first) else { return nil }
        var k = s + 1
        while k < end && isKeyByte(b[k]) { k += 1 }
        // libyaml refuses an implicit key over 1,024 characters; stay far below.
        guard k - s <= 128, k < end, b[k] == 0x3A, k + 1 == end || b[k + 1] == 0x20 else { return nil }
        return k
    }

    /// `-` alone or followed by a space: a block sequence entry.
    func isEntry(_ s: Int, _ end: Int) -> Bool {
        b[s] == 0x2D && (s + 1 == end || b[s + 1] == 0x20)
    }

    /// Spaces to the end of the line, perhaps then a comment.
    func isRestBlank(_ j: Int, _ end: Int) -> Bool {
        var k = j
        while k < end && b[k] == 0x20 { k += 1 }
        return k == end || (b[k] == 0x23 && k > j)
    }

    /// Where the quoted scalar opened at `v` closes on this line; nil if it runs on, or
    /// holds an escape (one the parser may refuse, or a quote it hides).
    func closingQuote(_ v: Int, _ end: Int) -> Int? {
        let quote = b[v]
        var j = v + 1
        while j < end {
            let c = b[j]
            if quote == 0x22 && c == 0x5C { return nil }
            if c == quote {
                if quote == 0x27 && j + 1 < end && b[j + 1] == 0x27 {  // '' in single quotes
                    j += 2
                    continue
                }
                return j
            }
            j += 1
        }
        return nil
    }

    mutating func count(_ more: Int) -> Bool {
        nodes += more
        return nodes <= StageScan.maxNodes
    }

    func matches(_ key: UnsafeBufferPointer<UInt8>, _ word: [UInt8]) -> Bool {
        guard key.count == word.count else { return false }
        for i in 0..<key.count where key[i] != word[i] { return false }
        return true
    }

    func isKeyByte(_ c: UInt8) -> Bool {
        (0x61...0x7A).contains(c) || (0x41...0x5A).contains(c) || (0x30...0x39).contains(c)
            || c == 0x5F || c == 0x2D || c == 0x2E
    }

    /// Text the parser reads as the scan sees it: valid UTF-8, no control characters (a tab
    /// neither), and no line breaks but LF and CRLF. A NUL, invalid UTF-8, a control
    /// character or a BOM inside the text makes the parser refuse the file; a lone CR, NEL
    /// (U+0085), LS or PS (U+2028/9) is a line break to libyaml, so a key could hide behind one.
    func isPlainText() -> Bool {
        var nonASCII = false
        let n = b.count
        var j = 0
        while j < n {
            let c = b[j]
            if c >= 0x80 {
                nonASCII = true
            } else if c < 0x20 || c == 0x7F {
                guard c == 0x0A || (c == 0x0D && j + 1 < n && b[j + 1] == 0x0A) else { return false }
            }
            j += 1
        }
        guard nonASCII else { return true }
        var decoder = Unicode.UTF8()
        var bytes = b.makeIterator()
        while true {
            switch decoder.decode(&bytes) {
            case .scalarValue(let scalar):
                switch scalar.value {
                case 0x80...0x9F, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF: return false
                default: continue
                }
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
