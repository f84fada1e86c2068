/// The closed vocabularies of a feature file.
public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
    case scalar, aggregation, categorical, map, embedding

    /// The block that carries this kind's own fields, if any.
    public var block: String? { self == .scalar ? nil : rawValue }
}

/// Value types a feature may have.
public enum DataType: String, Sendable, Hashable, CaseIterable, Codable {
    case bool, int32, int64, float32, float64, string, bytes, date, timestamp

    /// Types whose every value this type can hold without loss.
    public func widens(to other: DataType) -> Bool {
        switch (self, other) {
        case (.int32, .int64), (.float32, .float64), (.int32, .float64): return true
        default: return false
        }
    }
}

/// `(feature, version)`: what a feature is, wherever its file lives.
public struct Identity: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var feature: String
    public var version: Int

    public init(feature: String, version: Int) {
        self.feature = feature
        self.version = version
    }

    public static func < (a: Self, b: Self) -> Bool { (a.feature, a.version) < (b.feature, b.version) }
    public var description: String { version == 1 ? feature : "\(feature) v\(version)" }
}

/// Feature names: dotted lower-case identifiers, at most 128 characters; never a path.
public enum FeatureName {
    public static let maxLength = 128

    public static func isValid(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { isValid(bytes: $0) }
    }

    /// The same check on raw bytes, without making a String.
    public static func isValid(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= maxLength else { return false }
        var atPartStart = true
        for c in bytes {
            if atPartStart {
                guard (0x61...0x7A).contains(c) else { return false }
                atPartStart = false
            } else if c == 0x2E {
                atPartStart = true
            } else if !((0x61...0x7A).contains(c) || (0x30...0x39).contains(c) || c == 0x5F) {
                return false
            }
        }
        return !atPartStart
    }
}

/// Suggests the closest known word for a misspelt one.
public enum Suggestion {
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        var best: (word: String, distance: Int)?
        for c in candidates {
            let d = distance(word.lowercased(), c.lowercased())
            // Ties go to the alphabetically first candidate: candidates often come from a
            // Dictionary or Set, whose order changes from run to run, and a suggestion
            // must not ("tyme" is always "time", never sometimes "type").
            if let current = best, d > current.distance || (d == current.distance && c >= current.word) { continue }
            best = (c, d)
        }
        guard let best, best.distance <= max(2, word.count / 3) else { return nil }
        return best.word
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// " (did you mean 'x'?)" or an empty string.
    public static func hint(for word: String, in candidates: some Sequence<String>) -> String {
        closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }
}
