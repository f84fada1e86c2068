import FeatDiff
import FeatModel
import FeatRules
import Foundation
import GitID

/// A person as the history shows them, after the `.mailmap`.
public struct Person: Sendable, Hashable, Codable {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }
}

/// One change of a feature's stage, at a first-parent commit.
public struct Transition: Sendable, Hashable {
    /// nil when the feature did not exist before.
    public var from: String?
    /// nil when the feature was removed.
    public var to: String?
    public var commit: ObjectID
    /// The committer date.
    public var date: Date
    /// Who made the change: the commit's author, or for a merge commit the author of the
    /// newest merged commit that made it.
    public var author: Person
    public var path: String
    /// For a transition at a merge commit: who merged it (the merge's committer).
    public var mergedBy: Person?

    public init(
        from: String?, to: String?, commit: ObjectID, date: Date, author: Person, path: String,
        mergedBy: Person? = nil
    ) {
        self.from = from
        self.to = to
        self.commit = commit
        self.date = date
        self.author = author
        self.path = path
        self.mergedBy = mergedBy
    }
}

/// The stage history of one feature identity.
public struct FeatureHistory: Sendable, Hashable {
    public var identity: Identity
    /// The stage at the analysed revision, or nil when the feature is gone.
    public var stage: String?
    /// The path at the analysed revision, or the last path it had.
    public var path: String
    public var transitions: [Transition]

    public init(identity: Identity, stage: String?, path: String, transitions: [Transition]) {
        self.identity = identity
        self.stage = stage
        self.path = path
        self.transitions = transitions
    }
}

/// A file of an old commit that could not be read; the walk went on without it.
public struct HistoryWarning: Sendable, Hashable {
    public var commit: ObjectID
    public var path: String
    public var message: String

    public init(commit: ObjectID, path: String, message: String) {
        self.commit = commit
        self.path = path
        self.message = message
    }
}

/// The stage history of every feature along the first-parent history of a revision.
public struct StageHistory: Sendable {
    public var revision: ObjectID
    public var features: [FeatureHistory]
    /// Set when the clone is shallow: the oldest commit the walk could read.
    public var shallowBoundary: ObjectID?
    public var warnings: [HistoryWarning]
    /// Wall seconds per phase (chain, deltas, forward pass), for profiling.
    public var phases: [(name: String, seconds: Double)] = []

    public init(
        revision: ObjectID, features: [FeatureHistory], shallowBoundary: ObjectID?, warnings: [HistoryWarning],
        phases: [(name: String, seconds: Double)] = []
    ) {
        self.revision = revision
        self.features = features
        self.shallowBoundary = shallowBoundary
        self.warnings = warnings
        self.phases = phases
    }
}
