/// One feature definition, normalised, with the line of each field in its file.
public struct Feature: Sendable, Hashable {
    public var identity: Identity
    public var stage: String
    public var kind: Kind?
    /// Every field, normalised: the basis of equality and of semantic diffs.
    public var definition: Value
    /// Dotted field path → line in the file.
    public var lines: [String: Int]
    /// Path relative to the feature-repo root.
    public var path: String
    /// Dotted field path → where its key comes in the file (0, 1, 2, … in reading order), so
    /// the fields can be written back in the file's order, flow mappings (`{b: 1, a: 2}`) too.
    public var order: [String: Int] = [:]

    public var name: String { identity.feature }
    public var version: Int { identity.version }
    public var owner: String? { definition[path: "owner"]?.stringValue }

    /// The line of a field, or of its nearest enclosing field.
    public func line(of field: String) -> Int? {
        var parts = field.split(separator: ".").map(String.init)
        while !parts.isEmpty {
            if let line = lines[parts.joined(separator: ".")] { return line }
            parts.removeLast()
        }
        return nil
    }

    public static func == (a: Self, b: Self) -> Bool { a.definition == b.definition && a.path == b.path }
    public func hash(into h: inout Hasher) { h.combine(definition) }
}

/// A feature file after parsing: the feature when it could be read, and every problem found.
public struct ParsedFile: Sendable {
    public var path: String
    public var feature: Feature?
    public var problems: [Problem]

    public init(path: String, feature: Feature?, problems: [Problem]) {
        self.path = path
        self.feature = feature
        self.problems = problems
    }

    public var hasErrors: Bool { problems.contains { $0.severity == .error } }

    /// A file this feature references (`categorical.vocabulary_file`) that is missing or does
    /// not match its checksum at this revision, which makes the feature incomparable there.
    public var referenceProblem: Problem?

    /// Why this file cannot be compared at this revision, nil when it can: it does not parse
    /// (no feature), or a file it references is missing. Such a file is `unreadable` in a diff,
    /// never `removed` or `added`.
    public var unreadableProblem: Problem? {
        if feature == nil {
            return problems.first { $0.severity == .error } ?? problems.first
                ?? Problem(.error, "the file does not parse")
        }
        return referenceProblem
    }
}
