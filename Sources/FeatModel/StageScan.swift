/// Reads only `feature`, `version` and `stage` from a feature file, without building the
/// model, when the file's top level is plain block YAML where a line scan is exact.
/// Anything it cannot be sure of (quotes, flow style, anchors, tags, document markers,
/// a BOM, tabs, duplicate keys) makes it answer `nil`: use `FeatureParser` then.
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
        var name: String?
        var stage: String?
        var version: Int?
        var keys = Set<ArraySlice<UInt8>>()
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
            if first == 0x20 || first == 0x23 { continue }  // indented, or a comment
            if first == 0x09 || first == 0 || first >= 0x80 { return nil }
            // A top-level key: [A-Za-z0-9_-]+ ':' followed by a space or the end of the line.
            var k = i
            while k < lineEnd, isKeyByte(b[k]) { k += 1 }
            guard k > i, k < lineEnd, b[k] == 0x3A else { return nil }
            let key = Array(b[i..<k])[...]
            guard keys.insert(key).inserted else { return nil }
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
                    if valueEnd - v < 2 || b[valueEnd - 1] != b[v] { return nil }
                case 0x5B, 0x7B:  // flow collections may run over several lines
                    if !balancedFlow(b, v, valueEnd) { return nil }
                case 0x26, 0x2A, 0x21, 0x25, 0x40, 0x60:  // anchors, aliases, tags, reserved
                    return nil
                default: break
                }
            }
            let isName = key.elementsEqual("feature".utf8)
            let isStage = key.elementsEqual("stage".utf8)
            let isVersion = key.elementsEqual("version".utf8)
            guard isName || isStage || isVersion else { continue }
            guard valueEnd > v else { return nil }
            let text = String(decoding: UnsafeBufferPointer(rebasing: b[v..<valueEnd]), as: UTF8.self)
            if isVersion {
                guard let number = Int(text), number >= 1 else { return nil }
                version = number
            } else {
                guard FeatureName.isValid(text) else { return nil }
                if isName { name = text } else { stage = text }
            }
        }
        guard let name, let stage else { return nil }
        return Result(identity: Identity(feature: name, version: version ?? 1), stage: stage)
    }

    @inline(__always)
    static func isKeyByte(_ c: UInt8) -> Bool {
        (0x61...0x7A).contains(c) || (0x41...0x5A).contains(c) || (0x30...0x39).contains(c) || c == 0x5F || c == 0x2D
    }

    /// A one-line flow collection without quotes whose brackets close.
    static func balancedFlow(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var depth = 0
        for j in start..<end {
            switch b[j] {
            case 0x5B, 0x7B: depth += 1
            case 0x5D, 0x7D: depth -= 1; if depth < 0 { return false }
            case 0x22, 0x27, 0x26, 0x2A: return false
            default: break
            }
        }
        return depth == 0
    }
}
