import FeatYAML

/// Something that reads features — a model, a service, a job, a dashboard — declared in the
/// feature repository next to what it reads (SPEC §8), and reviewed like a feature.
public struct Consumer: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case model, service, job, dashboard
    }

    /// How much a consumer relies on what it reads: only `shadow` and `production` consumers
    /// are reached by a change; `experiment` ones are listed, `retired` ones read nothing.
    public enum Stage: String, Sendable, Hashable, CaseIterable, Comparable {
        case experiment, shadow, production, retired

        public static func < (a: Self, b: Self) -> Bool {
            allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
        }

        /// Whether a change to what it reads can block a pull request (FEAT012–FEAT014).
        public var isReached: Bool { self == .shadow || self == .production }
    }

    /// One feature it reads; `role: label` says it reads a label on purpose (a training target).
    public struct Read: Sendable, Hashable {
        public var identity: Identity
        public var role: String
        public var line: Int?

        /// What a read may be: a feature the consumer uses as an input, or a label it trains on.
        public static let roles = ["feature", "label"]
    }

    /// A reviewed acceptance of a change to a feature it reads (FEAT014).
    public struct Acknowledgement: Sendable, Hashable {
        public var identity: Identity
        /// The most severe impact it accepts: an impact's name.
        public var impact: String
        public var reason: String?
        public var expires: CalendarDate?
        public var line: Int?

        /// What a review agreed to — the feature, version, impact and reason, whitespace
        /// aside — so that one already on the base is not new, whatever its `expires` says.
        public var review: String {
            let words = (reason ?? "").split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            return [identity.feature, String(identity.version), impact, words].joined(separator: "\u{1}")
        }

        public func isExpired(on day: CalendarDate) -> Bool { expires.map { day > $0 } ?? false }
    }

    public var name: String
    public var kind: Kind?
    public var stage: Stage
    public var owner: String?
    public var description: String?
    public var reads: [Read]
    public var acknowledgements: [Acknowledgement]
    /// Path relative to the feature-repo root.
    public var path: String
    /// Dotted field path → line in the file.
    public var lines: [String: Int]

    /// Whether it reads this identity.
    public func reads(_ identity: Identity) -> Bool { reads.contains { $0.identity == identity } }
}

/// A consumer file as read: the consumer, when it could be read, and every problem.
public struct ParsedConsumer: Sendable, Hashable {
    public var path: String
    public var consumer: Consumer?
    public var problems: [Problem]

    public init(path: String, consumer: Consumer?, problems: [Problem]) {
        self.path = path
        self.consumer = consumer
        self.problems = problems
    }
}

/// The fields of a consumer file, as strict as a feature file's: unknown keys are errors with
/// a "did you mean", `x-` keys are the author's own.
public enum ConsumerSchema {
    static let acknowledgement: Shape = .block([
        "feature": .identifier, "version": .integer(min: 1),
        "impact": .enumeration(["cosmetic", "additive", "compatible", "meaning", "breaking"]),
        "reason": .text, "expires": .date,
    ])

    static let fields: [String: Shape] = [
        "consumer": .identifier,
        "kind": .enumeration(Consumer.Kind.allCases.map(\.rawValue)),
        "stage": .enumeration(Consumer.Stage.allCases.map(\.rawValue)),
        "owner": .text,
        "description": .text,
        "reads": .list(.free),
        "acknowledgements": .list(acknowledgement),
        "tags": .list(.text),
    ]

    /// The keys a consumer file may have, for "did you mean" and docs.
    public static let keys: [String] = fields.keys.sorted()
}

/// Reads a consumer file into a `Consumer`, collecting every problem with its line.
public enum ConsumerParser {
    public static func parse(_ bytes: [UInt8], path: String, limits: YAMLLimits = .default) -> ParsedConsumer {
        let root: YAMLNode
        do {
            root = try YAMLDocument.parse(bytes, limits: limits)
        } catch {
            return ParsedConsumer(
                path: path, consumer: nil,
                problems: [Problem(.error, error.message, line: error.mark?.line, column: error.mark?.column)])
        }
        guard MergeKeys.marks(in: root).isEmpty else {
            return ParsedConsumer(
                path: path, consumer: nil,
                problems: [Problem(.error, MergeKeys.message + "; write the fields out in full", line: root.mark.line)])
        }
        guard case .mapping(let pairs) = root.content else {
            return ParsedConsumer(
                path: path, consumer: nil,
                problems: [
                    Problem(
                        .error, "a consumer file is a mapping starting with 'consumer:' (its name)",
                        line: root.mark.line)
                ])
        }
        var reader = Reader()
        reader.problems = WrittenTags.problems(in: root)
        guard case .map(let fields)? = reader.block(pairs, fields: ConsumerSchema.fields, path: "") else {
            reader.problems.append(Problem(.error, "missing 'consumer' (its name)", line: root.mark.line))
            return ParsedConsumer(path: path, consumer: nil, problems: reader.problems)
        }
        let line = { (key: String) in reader.lines[key] ?? root.mark.line }
        for key in ["consumer", "stage", "owner"] where fields[key] == nil {
            reader.problems.append(Problem(.error, "missing '\(key)'", line: line(key)))
        }
        var reads: [Consumer.Read] = []
        var seen: [Identity: Int] = [:]
        if case .list(let items)? = fields["reads"] {
            let lines = entryLines(pairs, "reads")
            for (i, item) in items.enumerated() {
                let at = i < lines.count ? lines[i] : line("reads")
                guard let read = self.read(item, line: at, problems: &reader.problems) else { continue }
                if let first = seen[read.identity] {
                    reader.problems.append(
                        Problem(.error, "'reads' lists \(read.identity) twice (first at line \(first))", line: at))
                    continue
                }
                seen[read.identity] = at
                reads.append(read)
            }
        }
        var acknowledgements: [Consumer.Acknowledgement] = []
        if case .list(let items)? = fields["acknowledgements"] {
            for (i, item) in items.enumerated() {
                let at =
                    reader.lines["acknowledgements[\(i)].feature"] ?? reader.lines["acknowledgements[\(i)]"]
                    ?? line("acknowledgements")
                // A value written but refused (a misspelt impact) already has its problem.
                let written = { (key: String) in reader.lines["acknowledgements[\(i)].\(key)"] != nil }
                guard let feature = item[path: "feature"]?.stringValue else {
                    if !written("feature") {
                        reader.problems.append(Problem(.error, "an acknowledgement needs 'feature'", line: at))
                    }
                    continue
                }
                guard let impact = item[path: "impact"]?.stringValue else {
                    if written("impact") { continue }
                    reader.problems.append(
                        Problem(
                            .error, "the acknowledgement for \(feature) needs 'impact' (the most it accepts)", line: at)
                    )
                    continue
                }
                var version = 1
                if case .int(let v)? = item[path: "version"] { version = v }
                let reason = item[path: "reason"]?.stringValue
                if reason == nil {
                    reader.problems.append(
                        Problem(
                            .error, "the acknowledgement for \(feature) needs a 'reason' a reviewer can read", line: at)
                    )
                }
                acknowledgements.append(
                    Consumer.Acknowledgement(
                        identity: Identity(feature: feature, version: version), impact: impact, reason: reason,
                        expires: item[path: "expires"]?.stringValue.flatMap(CalendarDate.init), line: at))
            }
        }
        guard let name = fields["consumer"]?.stringValue,
            let stage = fields["stage"]?.stringValue.flatMap(Consumer.Stage.init(rawValue:))
        else { return ParsedConsumer(path: path, consumer: nil, problems: reader.problems) }
        let consumer = Consumer(
            name: name, kind: fields["kind"]?.stringValue.flatMap(Consumer.Kind.init(rawValue:)), stage: stage,
            owner: fields["owner"]?.stringValue, description: fields["description"]?.stringValue, reads: reads,
            acknowledgements: acknowledgements, path: path, lines: reader.lines)
        return ParsedConsumer(path: path, consumer: consumer, problems: reader.problems)
    }

    /// The line of each entry of a top-level list that the reader keeps (it drops empty
    /// ones): a problem with one read names that read's line, not the list's.
    static func entryLines(_ pairs: [YAMLPair], _ key: String) -> [Int] {
        guard let node = pairs.last(where: { $0.key.scalarText == key })?.value,
            case .sequence(let items) = node.content
        else { return [] }
        return items.filter { !Reader.isEmpty($0) }.map(\.mark.line)
    }

    /// One entry of `reads`: a feature name (version 1), or `{feature, version, role}`.
    static func read(_ item: Value, line: Int, problems: inout [Problem]) -> Consumer.Read? {
        switch item {
        case .string(let name):
            guard FeatureName.isValid(name) else {
                problems.append(Problem(.error, "'reads' entry '\(name)' is not a feature name", line: line))
                return nil
            }
            return Consumer.Read(identity: Identity(feature: name, version: 1), role: "feature", line: line)
        case .map(let fields):
            let known = ["feature", "version", "role"]
            for key in fields.keys.sorted() where !known.contains(key) && !key.hasPrefix("x-") {
                problems.append(
                    Problem(.error, "unknown key '\(key)' in a read\(Suggestion.hint(for: key, in: known))", line: line)
                )
            }
            guard let name = fields["feature"]?.stringValue, FeatureName.isValid(name) else {
                problems.append(Problem(.error, "a read needs 'feature' (a feature name)", line: line))
                return nil
            }
            var version = 1
            switch fields["version"] {
            case .int(let v)? where v >= 1: version = v
            case nil: break
            default:
                problems.append(Problem(.error, "the read of \(name) needs a 'version' of 1 or more", line: line))
                return nil
            }
            let role = fields["role"]?.stringValue ?? "feature"
            guard Consumer.Read.roles.contains(role) else {
                problems.append(
                    Problem(
                        .error,
                        "the read of \(name) has role '\(role)'\(Suggestion.hint(for: role, in: Consumer.Read.roles)); "
                            + "write feature or label",
                        line: line))
                return nil
            }
            return Consumer.Read(identity: Identity(feature: name, version: version), role: role, line: line)
        default:
            problems.append(
                Problem(.error, "a 'reads' entry is a feature name or {feature, version}", line: line))
            return nil
        }
    }
}

/// Who reads what at one point — a commit or the working tree — with the stage each read
/// feature has there: the reverse index `feat consumers` prints (SPEC §8).
public struct ConsumerReadings: Sendable {
    /// One read, with the stage its feature has at that point: nil when no such feature exists there.
    public struct Read: Sendable, Hashable {
        public var identity: Identity
        public var role: String
        public var stage: String?
    }

    /// A consumer and what it reads.
    public struct Reader: Sendable, Hashable {
        public var consumer: Consumer
        public var reads: [Read]
    }

    /// The commit read, or "worktree".
    public var rev: String
    /// The consumers, by name then path.
    public var readers: [Reader]
    /// Consumer files that could not be read: not listed, and never dropped in silence.
    public var unreadable: [ParsedConsumer]
    /// The stage of every feature at that point, by identity.
    public var stages: [Identity: String]

    public init(rev: String, files: [ParsedConsumer], stages: [Identity: String]) {
        self.rev = rev
        self.stages = stages
        unreadable = files.filter { $0.consumer == nil }.sorted { $0.path < $1.path }
        readers = files.compactMap(\.consumer).sorted { ($0.name, $0.path) < ($1.name, $1.path) }.map { c in
            Reader(
                consumer: c,
                reads: c.reads.map { Read(identity: $0.identity, role: $0.role, stage: stages[$0.identity]) })
        }
    }

    /// Whether a feature of that name exists at that point, in any version.
    public func hasFeature(named name: String) -> Bool { stages.keys.contains { $0.feature == name } }

    /// The versions of a feature that exist at that point, lowest first.
    public func versions(of name: String) -> [Int] { stages.keys.filter { $0.feature == name }.map(\.version).sorted() }

    /// The consumers that read a feature (in `version`, or in any version when nil).
    public func readers(of name: String, version: Int? = nil) -> [Reader] {
        readers.filter { r in
            r.consumer.reads.contains {
                $0.identity.feature == name && (version == nil || $0.identity.version == version)
            }
        }
    }

    /// Every name a question may mean: the features at that point and those the consumers read.
    public var featureNames: Set<String> {
        Set(stages.keys.map(\.feature)).union(readers.flatMap { $0.consumer.reads.map(\.identity.feature) })
    }
}

extension Identity {
    /// A feature as the command line names one: `name` (version 1, as in `reads`) or
    /// `name@version` — `feat new --consumer --reads a,b@2`, `feat lock --features a,b@2`.
    public init?(commandLine text: String) {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        guard let name = parts.first.map(String.init), FeatureName.isValid(name) else { return nil }
        var version = 1
        if parts.count == 2 {
            guard parts[1].allSatisfy(\.isASCIIDigit), let v = Int(parts[1]), v >= 1 else { return nil }
            version = v
        }
        self.init(feature: name, version: version)
    }
}
