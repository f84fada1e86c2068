import FeatDiff
import FeatModel

/// A read `feat lock` could not lock: it does not exist, or it cannot be read (exit 1, and
/// no lock is written).
public struct LockReadProblem: Sendable, Hashable {
    public var identity: Identity
    /// The feature file, when there is one.
    public var path: String?
    public var message: String

    public init(identity: Identity, path: String?, message: String) {
        self.identity = identity
        self.path = path
        self.message = message
    }
}

/// `feat lock --check`: the lock on disk against what `feat lock` would write now.
public struct LockCheckReport: Sendable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// The same identity, definition and referenced files.
        case current
        /// Locked, and changed since: its definition (digest) or its files differ.
        case stale
        /// In the lock, and not among what would be locked now: the read was dropped, or
        /// the feature no longer exists or cannot be read.
        case missing
        /// Read now and not in the lock.
        case added
    }

    public struct Read: Sendable, Hashable {
        public var identity: Identity
        public var status: Status
        /// Some of `identity`, `digest`, `files`.
        public var differs: [String]
        /// Why a missing read cannot be locked now, when it still is read.
        public var problem: String?

        public init(identity: Identity, status: Status, differs: [String], problem: String? = nil) {
            self.identity = identity
            self.status = status
            self.differs = differs
            self.problem = problem
        }
    }

    /// The lock file as named.
    public var lock: String
    public var reads: [Read]

    public init(lock: String, reads: [Read]) {
        self.lock = lock
        self.reads = reads.sorted { $0.identity < $1.identity }
    }

    /// True when every read is current.
    public var ok: Bool { reads.allSatisfy { $0.status == .current } }
}

/// `feat check --lock`: the deploy gate. Each locked read as it is at a revision, graded
/// against the definition the model was trained on.
public struct LockGateReport: Sendable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case unchanged, modified, removed, unreadable
    }

    public struct Read: Sendable, Hashable {
        public var identity: Identity
        public var status: Status
        /// The most severe change or event (after the deploy gate's own grading); nil when
        /// unchanged or unreadable.
        public var impact: Impact?
        public var changes: [FieldChange]
        public var events: [FeatureEvent]
        /// The stage now, given when it is an exit stage (a notice), with its sunset.
        public var exitStage: String?
        public var sunset: String?
        /// Why it cannot be read now (status unreadable).
        public var problem: String?
        /// The file now (or where it was locked, when removed).
        public var path: String
        /// Whether this read passes the gate.
        public var passes: Bool

        public init(
            identity: Identity, status: Status, impact: Impact?, changes: [FieldChange], events: [FeatureEvent],
            exitStage: String?, sunset: String?, problem: String?, path: String, passes: Bool
        ) {
            self.identity = identity
            self.status = status
            self.impact = impact
            self.changes = changes
            self.events = events
            self.exitStage = exitStage
            self.sunset = sunset
            self.problem = problem
            self.path = path
            self.passes = passes
        }
    }

    /// The lock file as named.
    public var lock: String
    /// The commit judged, or "worktree".
    public var rev: String
    /// The commit and feat version the lock records.
    public var lockCommit: String?
    public var lockFeat: String
    public var maxImpact: Impact
    public var allowWidening: Bool
    public var reads: [Read]

    public init(
        lock: String, rev: String, lockCommit: String?, lockFeat: String, maxImpact: Impact, allowWidening: Bool,
        reads: [Read]
    ) {
        self.lock = lock
        self.rev = rev
        self.lockCommit = lockCommit
        self.lockFeat = lockFeat
        self.maxImpact = maxImpact
        self.allowWidening = allowWidening
        self.reads = reads.sorted { $0.identity < $1.identity }
    }

    public var ok: Bool { reads.allSatisfy(\.passes) }
}
