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
}

/// The direction of a stage change along the configured ladder.
public enum StageMove: String, Sendable, Hashable {
    case promoted, demoted

    /// `promoted` when `after` is later in `order` than `before`, `demoted` when earlier,
    /// nil when the stage did not change or either stage is not on the ladder.
    public static func between(_ before: String?, _ after: String?, order: [String]) -> StageMove? {
        guard let before, let after, before != after,
            let from = order.firstIndex(of: before), let to = order.firstIndex(of: after)
        else { return nil }
        return to > from ? .promoted : .demoted
    }
}

/// Everything that changed for one feature identity between base and head.
public struct FeatureChange: Sendable, Hashable {
    public var identity: Identity
    public var status: FeatureStatus
    /// The head path, or the base path when the feature was removed.
    public var path: String
    /// The base path when the file moved.
    public var previousPath: String?
    public var stageBefore: String?
    public var stageAfter: String?
    public var stageMove: StageMove?
    /// The most severe field change; nil when no field changed.
    public var impact: Impact?
    /// Field changes, ordered by field path.
    public var changes: [FieldChange]
    /// The line in the head file of the first change, for annotations.
    public var line: Int?

    public init(
        identity: Identity, status: FeatureStatus, path: String, previousPath: String? = nil,
        stageBefore: String?, stageAfter: String?, stageMove: StageMove? = nil,
        changes: [FieldChange] = [], line: Int? = nil
    ) {
        self.identity = identity
        self.status = status
        self.path = path
        self.previousPath = previousPath
        self.stageBefore = stageBefore
        self.stageAfter = stageAfter
        self.stageMove = stageMove
        self.impact = changes.map(\.impact).max()
        self.changes = changes
        self.line = line
    }
}

/// The semantic diff of two catalogs: every feature that changed, by name then version.
public struct DiffReport: Sendable, Hashable {
    public var features: [FeatureChange]

    public init(features: [FeatureChange]) {
        self.features = features
    }

    /// True when nothing changed.
    public var isEmpty: Bool { features.isEmpty }

    /// The most severe impact of any feature, nil when no field changed anywhere.
    public var impact: Impact? { features.compactMap(\.impact).max() }

    /// How many features have each impact as their most severe one.
    public var featuresByImpact: [Impact: Int] {
        var counts: [Impact: Int] = [:]
        for f in features { if let i = f.impact { counts[i, default: 0] += 1 } }
        return counts
    }

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
