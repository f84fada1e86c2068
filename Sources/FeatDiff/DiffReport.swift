import FeatModel

/// One changed field of a feature, with its impact and the reason for it.
public struct FieldChange: Sendable, Hashable {
    /// Dotted path of the changed value (`aggregation.window`); a list is one value.
    public var field: String
    /// The normalised value at the base, nil when the field was absent.
    public var before: Value?
    /// The normalised value at the head, nil when the field is absent.
    public var after: Value?
    public var impact: Impact
    /// What changed and why it has this impact, in the domain's words.
    public var message: String
    /// The "why" part of the message alone, for reports that show before and after beside it.
    public var reason: String

    public init(field: String, before: Value?, after: Value?, impact: Impact, message: String, reason: String? = nil) {
        self.field = field
        self.before = before
        self.after = after
        self.impact = impact
        self.message = message
        self.reason = reason ?? message
    }
}

/// What happened to a feature's file between base and head.
public enum FeatureStatus: String, Sendable, Hashable, CaseIterable {
    case added, removed, modified, moved
    /// The file could not be read at base or head (it does not parse, or a file it references
    /// is missing): it is not compared, and is never reported as removed or added.
    case unreadable
}

/// Something that happened to a feature as a whole, with its own impact (SPEC §4): a
/// feature's impact is the most severe of its field changes and its events.
public struct FeatureEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A new identity at head.
        case added
        /// An identity gone at head.
        case removed
        /// Up the ladder.
        case promoted
        /// Into an exit stage (a stage entered `from:` others); never called a promotion.
        case deprecated
        /// Down the ladder.
        case demoted
        /// Out of an exit stage, back onto the ladder.
        case reinstated
    }

    public var kind: Kind
    /// The stage before the event; nil for `added`.
    public var from: String?
    /// The stage after the event; nil for `removed`.
    public var to: String?
    public var impact: Impact
    /// What the event means for consumers, in the domain's words.
    public var message: String

    public init(_ kind: Kind, from: String?, to: String?, impact: Impact, message: String) {
        self.kind = kind
        self.from = from
        self.to = to
        self.impact = impact
        self.message = message
    }

    /// True for the events that move a feature between stages (not `added` or `removed`).
    public var isStageMove: Bool { kind != .added && kind != .removed }
}

/// The side of a diff: the base revision or the head.
public enum DiffSide: String, Sendable, Hashable {
    case base, head
}

/// A feature file that could not be compared, and why.
public struct UnreadableFile: Sendable, Hashable {
    public var side: DiffSide
    public var path: String
    public var problem: Problem

    public init(side: DiffSide, path: String, problem: Problem) {
        self.side = side
        self.path = path
        self.problem = problem
    }
}

/// Everything that changed for one feature identity between base and head.
public struct FeatureChange: Sendable, Hashable {
    /// The feature's identity; for an unreadable file whose identity is not known on either
    /// side, a placeholder named by its path (`identityKnown` is then false).
    public var identity: Identity
    public var identityKnown: Bool
    public var status: FeatureStatus
    /// The head path, or the base path when the feature was removed.
    public var path: String
    /// The base path when the file moved.
    public var previousPath: String?
    public var stageBefore: String?
    public var stageAfter: String?
    /// Feature-level events (added, removed, promoted, deprecated, demoted, reinstated).
    public var events: [FeatureEvent]
    /// The most severe change or event; nil when neither has an impact, and always nil for
    /// an unreadable file, which was not compared.
    public var impact: Impact?
    /// The most severe field change alone, without events: what a frozen contract
    /// forbids in place (stage events are judged by the ladder rules).
    public var fieldImpact: Impact?
    /// Field changes, ordered by field path.
    public var changes: [FieldChange]
    /// The line in the head file of the first change, for annotations; for an unreadable
    /// file, the line of its problem.
    public var line: Int?
    /// Why the feature could not be compared, for status `unreadable`.
    public var unreadable: UnreadableFile?
    /// The definitions paired by identity: what the rules judge, so nothing joins them again.
    /// nil on the side where the feature is absent or could not be read.
    public var base: Feature?
    public var head: Feature?

    public init(
        identity: Identity, identityKnown: Bool = true, status: FeatureStatus, path: String,
        previousPath: String? = nil, stageBefore: String?, stageAfter: String?, events: [FeatureEvent] = [],
        changes: [FieldChange] = [], line: Int? = nil, unreadable: UnreadableFile? = nil,
        base: Feature? = nil, head: Feature? = nil
    ) {
        self.identity = identity
        self.identityKnown = identityKnown
        self.status = status
        self.path = path
        self.previousPath = previousPath
        self.stageBefore = stageBefore
        self.stageAfter = stageAfter
        self.events = events
        self.changes = changes
        self.line = line
        self.unreadable = unreadable
        self.base = base.flatMap { $0.identity == identity ? $0 : nil }
        self.head = head.flatMap { $0.identity == identity ? $0 : nil }
        self.fieldImpact = changes.map(\.impact).max()
        self.impact = status == .unreadable ? nil : (changes.map(\.impact) + events.map(\.impact)).max()
    }

    /// The stage event (promoted, deprecated, demoted, reinstated), if the stage moved.
    public var stageEvent: FeatureEvent? { events.first(where: \.isStageMove) }

    /// The feature's name and version, or its path when the file could not be read and no
    /// other side names it.
    public var title: String { identityKnown ? identity.description : path }
}

/// The semantic diff of two catalogs: every feature that changed, by name then version.
public struct DiffReport: Sendable, Hashable {
    public var features: [FeatureChange]

    public init(features: [FeatureChange]) {
        self.features = features
    }

    /// True when nothing changed.
    public var isEmpty: Bool { features.isEmpty }

    /// The most severe impact of any feature (changes and events), nil when none has one.
    public var impact: Impact? { features.compactMap(\.impact).max() }

    /// How many features have each impact as their most severe one.
    public var featuresByImpact: [Impact: Int] {
        var counts: [Impact: Int] = [:]
        for f in features { if let i = f.impact { counts[i, default: 0] += 1 } }
        return counts
    }

    /// The features that could not be compared.
    public var unreadable: [FeatureChange] { features.filter { $0.status == .unreadable } }

    /// How many features have each status.
    public var featuresByStatus: [FeatureStatus: Int] {
        var counts: [FeatureStatus: Int] = [:]
        for f in features { counts[f.status, default: 0] += 1 }
        return counts
    }
}

/// Contents of `categorical.vocabulary_file`s at base and head: repository path → entries in order.
public struct VocabularyFiles: Sendable, Hashable {
    public var before: [String: [String]]
    public var after: [String: [String]]

    public init(before: [String: [String]] = [:], after: [String: [String]] = [:]) {
        self.before = before
        self.after = after
    }
}
