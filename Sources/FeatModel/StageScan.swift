/// Reads only `feature`, `version` and `stage` from a feature file, without building the
/// model, when the file's top level is plain block YAML where a line scan is exact.
/// Anything it cannot be sure of (quotes, flow style, anchors, tags, document markers,
/// a BOM, tabs, duplicate keys, a name or stage continued on the next line, bytes the
/// parser refuses, line breaks other than LF and CRLF) makes it answer `nil`: use
/// `FeatureParser` then.
public enum StageScan {
    public struct Result: Sendable, Hashable {
        public var identity: Identity
        public var stage: String
    }

    public static func read(_ bytes: [UInt8]) -> Result? {
        bytes.withUnsafeBufferPointer { scan($0) }
    }

    static func scan(_ b: UnsafeBufferPointer<UInt8>) -> Result? {
        if b.count > 1 << 20 { return nil }
        // Bytes the parser refuses, or reads as line breaks a line scan cannot see.
        guard isPlainText(b) else { return nil }
        // Set after an inline feature/stage/version value: an indented line that follows
        // would continue that plain scalar ("stage: explore\n  more" is "explore more").
        var identityValueOpen = false
        var name: String?
        var stage: String?
        var version: Int?
        // Hashes of the top-level keys seen, to refuse duplicates without allocating.
        var keys: [UInt64] = []
        keys.reserveCapacity(32)
        var i = 0
        let n = b.count
        while i < n {
            var end = i
            while end < n && b[end] != 0x0A { end += 1 }
            var lineEnd = end
            if lineEnd > i && b[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            defer { i = end + 1 }
            guard lineEnd > i else { continue }
            let first = b[i]
            if first == 0x23 { continue }  // a comment
            if first == 0x20 {  // indented: inside the value of the last key
                if identityValueOpen, !isBlankOrComment(b, i, lineEnd) { return nil }
                continue
            }
            if first == 0x09 || first == 0 || first >= 0x80 { return nil }
            // A top-level key: [A-Za-z0-9_-]+ ':' followed by a space or the end of the line.
            var k = i
            while k < lineEnd, isKeyByte(b[k]) { k += 1 }
            guard k > i, k < lineEnd, b[k] == 0x3A else { return nil }
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for j in i..<k { hash = (hash ^ UInt64(b[j])) &* 0x100_0000_01b3 }
            if keys.contains(hash) { return nil }
            keys.append(hash)
            let key = UnsafeBufferPointer(rebasing: b[i..<k])
            var v = k + 1
            if v < lineEnd && b[v] != 0x20 { return nil }
            while v < lineEnd && b[v] == 0x20 { v += 1 }
            // The value, up to a comment.
            var valueEnd = v
            var sawSpace = false
            while valueEnd < lineEnd {
                let c = b[valueEnd]
                if c == 0x23 && sawSpace { break }
                sawSpace = c == 0x20
                valueEnd += 1
            }
            while valueEnd > v && b[valueEnd - 1] == 0x20 { valueEnd -= 1 }
            if valueEnd > v {
                switch b[v] {
                case 0x22, 0x27:  // a quoted scalar may run over several lines
                    if !closedQuote(b, v, valueEnd) { return nil }
                case 0x5B, 0x7B:  // flow collections may run over several lines
                    if !balancedFlow(b, v, valueEnd) { return nil }
                case 0x26, 0x2A, 0x21, 0x25, 0x40, 0x60:  // anchors, aliases, tags, reserved
                    return nil
                default:
                    if !isSimplePlain(b, v, valueEnd) { return nil }
                }
            }
            identityValueOpen = false
            let isName = matches(key, Self.featureKey)
            let isStage = matches(key, Self.stageKey)
            let isVersion = matches(key, Self.versionKey)
            guard isName || isStage || isVersion else { continue }
            guard valueEnd > v else { return nil }
            let value = UnsafeBufferPointer(rebasing: b[v..<valueEnd])
            if isVersion {
                guard value.count <= 9, value.allSatisfy({ (0x30...0x39).contains($0) }),
                    let number = Int(String(decoding: value, as: UTF8.self)), number >= 1
                else { return nil }
                version = number
            } else {
                guard FeatureName.isValid(bytes: value) else { return nil }
                let text = String(decoding: value, as: UTF8.self)
                if isName { name = text } else { stage = text }
            }
            identityValueOpen = true
        }
        guard let name, let stage else { return nil }
        return Result(identity: Identity(feature: name, version: version ?? 1), stage: stage)
    }

    static let featureKey = Array("feature".utf8)
    static let stageKey = Array("stage".utf8)
    static let versionKey = Array("version".utf8)

    @inline(__always)
    static func matches(_ key: UnsafeBufferPointer<UInt8>, _ word: [UInt8]) -> Bool {
        guard key.count == word.count else { return false }
        for i in 0..<key.count where key[i] != word[i] { return false }
        return true
    }

    @inline(__always)
    static func isKeyByte(_ c: UInt8) -> Bool {
        (0x61...0x7A).contains(c) || (0x41...0x5A).contains(c) || (0x30...0x39).contains(c) || c == 0x5F || c == 0x2D
    }

    /// A one-line flow collection without quotes whose brackets close, at the end of the value.
    static func balancedFlow(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var depth = 0
        for j in start..<end {
            switch b[j] {
            case 0x5B, 0x7B: depth += 1
            case 0x5D, 0x7D:
                depth -= 1
                // Closed before the end: "[a] b" is not YAML.
                if depth < 0 || (depth == 0 && j != end - 1) { return false }
            case 0x22, 0x27, 0x26, 0x2A: return false
            default: break
            }
        }
        return depth == 0
    }

    /// A quoted scalar that closes exactly at the end of the value. Checking only the last
    /// byte was fooled by an escaped quote (`"abc \"`) or a doubled one (`'abc ''`), after
    /// which the scalar runs on over the following lines.
    static func closedQuote(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let quote = b[start]
        var j = start + 1
        while j < end {
            let c = b[j]
            if quote == 0x22 && c == 0x5C {  // \x in double quotes
                j += 2
                continue
            }
            if c == quote {
                if quote == 0x27 && j + 1 < end && b[j + 1] == 0x27 {  // '' in single quotes
                    j += 2
                    continue
                }
                return j == end - 1
            }
            j += 1
        }
        return false
    }

    /// A plain value YAML reads as one scalar: not a block entry, key or value indicator,
    /// and no ": " inside (`owner: team: risk` is not YAML).
    static func isSimplePlain(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let c = b[start]
        if c == 0x2D || c == 0x3F || c == 0x3A {  // - ? :
            if start + 1 == end || b[start + 1] == 0x20 { return false }
        }
        for j in start..<end where b[j] == 0x3A && (j + 1 == end || b[j + 1] == 0x20) {
            return false
        }
        return true
    }

    /// A line of spaces, perhaps ending in a comment.
    static func isBlankOrComment(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var j = start
        while j < end && b[j] == 0x20 { j += 1 }
        return j == end || b[j] == 0x23
    }

    /// Text the parser reads as the scan sees it: valid UTF-8, no control characters,
    /// and no line breaks but LF and CRLF. A NUL, invalid UTF-8 or a control character makes
    /// the parser refuse the file; a lone CR, NEL (U+0085), LS or PS (U+2028/9) is a line
    /// break to libyaml, so a key could hide behind one.
    static func isPlainText(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var nonASCII = false
        let n = b.count
        var j = 0
        while j < n {
            let c = b[j]
            if c >= 0x80 {
                nonASCII = true
            } else if c < 0x20 || c == 0x7F {
                guard c == 0x0A || c == 0x09 || (c == 0x0D && j + 1 < n && b[j + 1] == 0x0A) else { return false }
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
                case 0x80...0x9F, 0x2028, 0x2029, 0xFFFE, 0xFFFF: return false
                default: continue
                }
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
