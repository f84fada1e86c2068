/// One thing a stage requires of a feature: a field, one of several fields, optionally
/// only when another field has a given value.
///
/// Written in config as `time.ttl`, `categorical.vocabulary | categorical.vocabulary_file`
/// or `map.known_keys if map.keys = closed`.
public struct Obligation: Sendable, Hashable, CustomStringConvertible {
    /// `if FIELD = VALUE`: the obligation applies only when a field has that value.
    public struct Condition: Sendable, Hashable {
        public var field: String
        public var value: String
    }

    public var alternatives: [String]
    public var condition: Condition?

    public init?(_ text: String) {
        var body = Substring(text)
        var condition: Condition?
        if let range = body.range(of: " if ") {
            let clause = body[range.upperBound...].split(separator: "=", maxSplits: 1)
            guard clause.count == 2 else { return nil }
            let field = clause[0].trimmingWhitespace()
            let value = clause[1].trimmingWhitespace()
            guard Self.isPath(field), !value.isEmpty else { return nil }
            condition = Condition(field: field, value: value)
            body = body[..<range.lowerBound]
        }
        // Empty alternatives are kept so that "a |", "| a" and "a || b" are refused, not read as "a".
        let alternatives = body.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
        guard !alternatives.isEmpty, alternatives.allSatisfy(Self.isPath) else { return nil }
        self.alternatives = alternatives
        self.condition = condition
    }

    static func isPath(_ s: String) -> Bool {
        !s.isEmpty
            && s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
                !part.isEmpty && part.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            }
    }

    /// Whether this obligation applies to a definition at all.
    public func applies(to definition: Value) -> Bool {
        guard let condition else { return true }
        return definition[path: condition.field]?.display == condition.value
    }

    /// Whether a definition meets it: one alternative is present, or met the way the format
    /// says a shape meets it (SPEC §10: `inputs` meet `source`, a request-time feature needs no
    /// `time.ttl`, …; see `FormatObligations`).
    public func isMet(by definition: Value) -> Bool {
        !applies(to: definition) || alternatives.contains { FormatObligations.meets(definition, $0) }
    }

    /// How this obligation reads for a definition that does not meet it: its description, or
    /// what the shape of the definition asks for instead (`source.expression (combining 2
    /// inputs)` for `source` on a feature with two inputs).
    public func description(for definition: Value) -> String {
        let asks = alternatives.compactMap { FormatObligations.shortfall(definition, $0) }
        guard !asks.isEmpty, asks.count == alternatives.count else { return description }
        let base = asks.joined(separator: " or ")
        guard let condition else { return base }
        return "\(base) (when \(condition.field) is \(condition.value))"
    }

    /// The field to point at when it is missing.
    public var field: String { alternatives[0] }

    public var description: String {
        let base = alternatives.joined(separator: " or ")
        guard let condition else { return base }
        return "\(base) (when \(condition.field) is \(condition.value))"
    }

    /// Every field path it names: its alternatives, then its condition's field.
    public var fields: [String] { alternatives + (condition.map { [$0.field] } ?? []) }
}

extension Substring {
    func range(of needle: String) -> Range<Index>? {
        let n = Array(needle.utf8)
        var i = startIndex
        while i < endIndex {
            if self[i...].utf8.starts(with: n) { return i..<utf8.index(i, offsetBy: n.count) }
            i = index(after: i)
        }
        return nil
    }
}
