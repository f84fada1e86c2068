import FeatDiff
import FeatModel
import Foundation
import GitID

/// One first-parent commit that changed what a feature means or says: its definition, or a
/// file the definition references (SPEC §9).
public struct LogEntry: Sendable, Hashable {
    public var commit: ObjectID
    /// The committer date.
    public var date: Date
    /// Who made the change: the commit's author, or for a merge commit the author of the
    /// newest merged commit whose tree gives the feature this definition.
    public var author: Person
    /// For a merge commit: who merged it.
    public var mergedBy: Person?
    /// The feature's stage in this commit's tree (nil when it was removed here).
    public var stage: String?
    public var path: String
    /// What happened to the file: added, removed, modified, moved, or unreadable.
    public var status: FeatureStatus
    /// The most severe change or event; nil for an unreadable commit.
    public var impact: Impact?
    /// The graded changes, as `feat diff PARENT COMMIT` grades them.
    public var changes: [FieldChange]
    /// Promotions, deprecations and other events at this commit.
    public var events: [FeatureEvent]
    /// Why the file could not be read at this commit (status `unreadable`).
    public var problem: String?

    public init(
        commit: ObjectID, date: Date, author: Person, mergedBy: Person? = nil, stage: String?, path: String,
        status: FeatureStatus, impact: Impact?, changes: [FieldChange], events: [FeatureEvent],
        problem: String? = nil
    ) {
        self.commit = commit
        self.date = date
        self.author = author
        self.mergedBy = mergedBy
        self.stage = stage
        self.path = path
        self.status = status
        self.impact = impact
        self.changes = changes
        self.events = events
        self.problem = problem
    }
}

/// The semantic changelog of one feature identity, newest entry first.
public struct FeatureLog: Sendable, Hashable {
    public var identity: Identity
    public var entries: [LogEntry]

    public init(identity: Identity, entries: [LogEntry]) {
        self.identity = identity
        self.entries = entries
    }
}

/// The semantic changelog of features along the first-parent history of a revision.
/// Where a log limited to the newest commits that changed a feature starts: the oldest
/// commit it graded, its date, and how many commits it graded. Earlier changes are not in it.
public struct LogWindow: Sendable, Hashable {
    public var commit: ObjectID
    public var date: Date
    public var commits: Int

    public init(commit: ObjectID, date: Date, commits: Int) {
        self.commit = commit
        self.date = date
        self.commits = commits
    }
}

public struct SemanticLog: Sendable {
    public var revision: ObjectID
    /// Ordered by identity.
    public var features: [FeatureLog]
    /// Set when the clone is shallow: the oldest commit the walk could read.
    public var shallowBoundary: ObjectID?
    public var warnings: [HistoryWarning]
    /// Set when the log holds only the newest commits that changed a feature: where it starts.
    public var window: LogWindow?
    /// Wall seconds per phase, for profiling.
    public var phases: [(name: String, seconds: Double)] = []

    public init(
        revision: ObjectID, features: [FeatureLog], shallowBoundary: ObjectID?, warnings: [HistoryWarning],
        window: LogWindow? = nil, phases: [(name: String, seconds: Double)] = []
    ) {
        self.revision = revision
        self.features = features
        self.shallowBoundary = shallowBoundary
        self.warnings = warnings
        self.window = window
        self.phases = phases
    }

    /// The changelog of one identity, empty when it never changed.
    public func log(of identity: Identity) -> [LogEntry] {
        features.first { $0.identity == identity }?.entries ?? []
    }
}

extension SemanticLog {
    /// The entries dated `since` or later (inclusive) whose impact is at least `minImpact`;
    /// an unreadable commit (no impact, a problem) is kept whatever the threshold. Features
    /// left with no entry are dropped.
    public func filtered(since: Date?, minImpact: Impact?) -> SemanticLog {
        // Nothing to leave out: the log as it is, not a copy of every entry.
        guard since != nil || minImpact != nil else { return self }
        var copy = self
        copy.features = features.compactMap { log in
            let kept = log.entries.filter { entry in
                if let since, entry.date < since { return false }
                guard let minImpact else { return true }
                guard let impact = entry.impact else { return entry.problem != nil }
                return impact >= minImpact
            }
            return kept.isEmpty ? nil : FeatureLog(identity: log.identity, entries: kept)
        }
        return copy
    }
}
