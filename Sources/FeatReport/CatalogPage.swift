import FeatDiff
import FeatModel
import Foundation
import GitID

/// Everything `feat catalog` shows, assembled from one revision (SPEC §9): the features with
/// their obligations, stage history and changelog, and the consumers with their locks.
public struct CatalogPage: Sendable {
    /// The commit the page describes.
    public var revision: ObjectID
    /// That commit's committer date: where every timeline ends.
    public var date: Date
    /// What `--at` said, when it was given (a revision or a date), for the page's heading.
    public var asked: String?
    /// The policy's stages: the ladder in order, then the exit stages.
    public var stages: [StageInfo]
    /// The features at the revision, ordered by identity.
    public var features: [FeatureSection]
    /// The consumers at the revision, ordered by name.
    public var consumers: [ConsumerSection]
    /// Feature and consumer files that could not be read, and why: not on the page otherwise.
    public var unreadable: [UnreadableFile]
    /// What the history and the changelog could not read, one sentence each.
    public var warnings: [String]
    /// Set when the clone is shallow: history before this commit is unknown.
    public var shallowBoundary: ObjectID?
    /// Whether the changelog was read (false until `feat log`'s engine is reachable, or when
    /// the caller left it out).
    public var hasChangelog: Bool
    /// Set when the changelogs hold only the newest commits that changed a feature: where
    /// they start (older changes: `feat log NAME`).
    public var changelogWindow: LogWindow?
    /// The feat version that wrote the page.
    public var generator: String

    public init(
        revision: ObjectID, date: Date, asked: String?, stages: [StageInfo], features: [FeatureSection],
        consumers: [ConsumerSection], unreadable: [UnreadableFile], warnings: [String], shallowBoundary: ObjectID?,
        hasChangelog: Bool, changelogWindow: LogWindow? = nil, generator: String
    ) {
        self.revision = revision
        self.date = date
        self.asked = asked
        self.stages = stages
        self.features = features
        self.consumers = consumers
        self.unreadable = unreadable
        self.warnings = warnings
        self.shallowBoundary = shallowBoundary
        self.hasChangelog = hasChangelog
        self.changelogWindow = changelogWindow
        self.generator = generator
    }

    /// How many of the newest commits that changed a feature the page's changelogs grade by
    /// default: every one in most repositories, and a page written in well under a minute
    /// for ten thousand features with eighty thousand commits of history.
    public static let defaultChangelogCommits = 20_000

    /// One stage of the policy, as the page names and orders it.
    public struct StageInfo: Sendable, Hashable {
        public var name: String
        /// Its place on the ladder (0 is the entry), or nil for an exit stage.
        public var rung: Int?
        public var frozen: Bool

        public init(name: String, rung: Int?, frozen: Bool) {
            self.name = name
            self.rung = rung
            self.frozen = frozen
        }
    }

    /// One obligation of a stage and whether the feature meets it.
    public struct ObligationState: Sendable, Hashable {
        /// How it reads (`time.ttl`, `categorical.vocabulary or categorical.vocabulary_file`).
        public var text: String
        public var met: Bool

        public init(text: String, met: Bool) {
            self.text = text
            self.met = met
        }
    }

    /// What a stage asks of a feature, as `feat promote` and FEAT003 judge it.
    public struct StageRequirements: Sendable, Hashable {
        public var stage: String
        /// Every obligation of the stage (its own and those it inherits), met or not.
        public var obligations: [ObligationState]

        public init(stage: String, obligations: [ObligationState]) {
            self.stage = stage
            self.obligations = obligations
        }

        public var missing: [ObligationState] { obligations.filter { !$0.met } }
    }

    /// A consumer that reads a feature, as the feature's section lists it.
    public struct Reader: Sendable, Hashable {
        public var consumer: String
        public var stage: String
        public var owner: String?
        /// `feature` or `label`.
        public var role: String
        public var locked: Bool

        public init(consumer: String, stage: String, owner: String?, role: String, locked: Bool) {
            self.consumer = consumer
            self.stage = stage
            self.owner = owner
            self.role = role
            self.locked = locked
        }
    }

    /// One feature's part of the page.
    public struct FeatureSection: Sendable {
        public var identity: Identity
        public var path: String
        public var stage: String
        public var kind: String?
        public var owner: String?
        public var tags: [String]
        public var hypothesis: String?
        public var description: String?
        /// The `evidence` records as written (normally mappings: date, metric, value, link).
        public var evidence: [Value]
        /// What its own stage requires, met and unmet.
        public var requirements: StageRequirements
        /// What the next stage on the ladder still needs; nil at the top or off the ladder.
        public var next: StageRequirements?
        /// Its stage transitions, oldest first.
        public var transitions: [Transition]
        /// Its semantic changelog, newest first.
        public var changelog: [LogEntry]
        public var readers: [Reader]
        /// The features it is computed from (`inputs`), as identities.
        public var inputs: [Identity]

        public init(
            identity: Identity, path: String, stage: String, kind: String?, owner: String?, tags: [String],
            hypothesis: String?, description: String?, evidence: [Value], requirements: StageRequirements,
            next: StageRequirements?, transitions: [Transition], changelog: [LogEntry], readers: [Reader],
            inputs: [Identity] = []
        ) {
            self.identity = identity
            self.path = path
            self.stage = stage
            self.kind = kind
            self.owner = owner
            self.tags = tags
            self.hypothesis = hypothesis
            self.description = description
            self.evidence = evidence
            self.requirements = requirements
            self.next = next
            self.transitions = transitions
            self.changelog = changelog
            self.readers = readers
            self.inputs = inputs
        }
    }

    /// One read of a consumer: the feature, and its stage at the revision (nil: no such feature).
    public struct ConsumerRead: Sendable, Hashable {
        public var identity: Identity
        public var role: String
        public var stage: String?

        public init(identity: Identity, role: String, stage: String?) {
            self.identity = identity
            self.role = role
            self.stage = stage
        }
    }

    /// A consumer's lock file beside its declaration, as committed at the revision.
    public enum LockState: Sendable, Hashable {
        case none
        /// A lock that reads: the commit it pinned and how many reads it holds.
        case present(path: String, commit: String?, reads: Int, dirty: Bool)
        case unreadable(path: String, message: String)

        public var exists: Bool {
            if case .none = self { return false }
            return true
        }
    }

    /// One consumer's part of the page.
    public struct ConsumerSection: Sendable {
        public var name: String
        public var path: String
        public var kind: String?
        public var stage: String
        public var owner: String?
        public var description: String?
        public var reads: [ConsumerRead]
        public var lock: LockState

        public init(
            name: String, path: String, kind: String?, stage: String, owner: String?, description: String?,
            reads: [ConsumerRead], lock: LockState
        ) {
            self.name = name
            self.path = path
            self.kind = kind
            self.stage = stage
            self.owner = owner
            self.description = description
            self.reads = reads
            self.lock = lock
        }
    }

    /// A file left off the page because it could not be read.
    public struct UnreadableFile: Sendable, Hashable {
        public var path: String
        public var line: Int?
        public var message: String

        public init(path: String, line: Int?, message: String) {
            self.path = path
            self.line = line
            self.message = message
        }
    }

    /// Features at each stage, in the policy's order (stages no feature is at included).
    public var countsByStage: [(stage: String, count: Int)] {
        var counts: [String: Int] = [:]
        for f in features { counts[f.stage, default: 0] += 1 }
        var result = stages.map { ($0.name, counts[$0.name] ?? 0) }
        // A stage the policy no longer names still counts, after the known ones.
        let known = Set(stages.map(\.name))
        for name in counts.keys.sorted() where !known.contains(name) { result.append((name, counts[name] ?? 0)) }
        return result
    }

    /// Features of each kind, by name (features without a kind under "none").
    public var countsByKind: [(kind: String, count: Int)] {
        var counts: [String: Int] = [:]
        for f in features { counts[f.kind ?? "none", default: 0] += 1 }
        return counts.keys.sorted().map { ($0, counts[$0] ?? 0) }
    }
}
