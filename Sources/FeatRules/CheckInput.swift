import FeatDiff
import FeatModel
import Foundation

/// One feature of a pull request: its change, with the definitions at base and head.
/// Pairing by identity is done once, by `SemanticDiff`; rules only read the pairs.
public struct PairedChange: Sendable {
    public var change: FeatureChange
    /// The definition at the merge base; nil when the feature was added.
    public var before: Feature?
    /// The definition at the head; nil when the feature was removed.
    public var after: Feature?

    public init(change: FeatureChange, before: Feature?, after: Feature?) {
        self.change = change
        self.before = before
        self.after = after
    }

    public var identity: Identity { change.identity }

    /// Each change of a diff report with the definitions `SemanticDiff` paired.
    public static func pair(_ report: DiffReport) -> [PairedChange] {
        report.features.map { PairedChange(change: $0, before: $0.base, after: $0.head) }
    }
}

/// When a feature entered its stage on the base branch (FEAT005), and from which stage
/// (FEAT004: a feature leaves an exit stage only back to the stage it left).
public struct StageEntry: Sendable, Hashable {
    public var stage: String
    /// The committer date of the first-parent commit where the feature entered `stage`.
    public var date: Date
    public var commit: String
    /// The stage it had before; nil when it started at `stage`.
    public var from: String?
    /// The last first-parent commit in the stage that changed the feature with impact
    /// `meaning` or `breaking`, and the date it counts from: what was shadowed must be what
    /// is promoted, so time in the stage counts from it when it is later than the entry.
    public var lastMeaningChange: (commit: String, date: Date)?

    public init(
        stage: String, date: Date, commit: String, from: String? = nil,
        lastMeaningChange: (commit: String, date: Date)? = nil
    ) {
        self.stage = stage
        self.date = date
        self.commit = commit
        self.from = from
        self.lastMeaningChange = lastMeaningChange
    }

    /// When the clock in this stage starts: the entry, or a later meaning change in it.
    public var clockStart: Date { max(date, lastMeaningChange?.date ?? date) }

    public static func == (a: StageEntry, b: StageEntry) -> Bool {
        a.stage == b.stage && a.date == b.date && a.commit == b.commit && a.from == b.from
            && a.lastMeaningChange?.commit == b.lastMeaningChange?.commit
            && a.lastMeaningChange?.date == b.lastMeaningChange?.date
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(stage)
        hasher.combine(commit)
        hasher.combine(lastMeaningChange?.commit)
    }
}

/// The consumers a pull request reaches and the ones it leaves (SPEC §8): reach is taken from
/// the base tip, so deleting a consumer and the feature it reads in one pull request cannot
/// pass; consumer files the pull request adds or changes are judged as they will be merged.
public struct ConsumerView: Sendable {
    /// The consumers at the base tip.
    public var base: [Consumer] { didSet { readerIndex = Self.readerIndex(of: base) } }
    /// Per identity, the positions in `base` of the consumers that read it, in order.
    private var readerIndex: [Identity: [Int]] = [:]
    /// The consumer files of the merge result, readable or not.
    public var merged: [ParsedConsumer]
    /// Paths of the consumer files the pull request adds or changes.
    public var changedPaths: Set<String>
    /// The stage of every feature in the merge result, by identity.
    public var mergedStages: [Identity: String]

    public init(
        base: [Consumer] = [], merged: [ParsedConsumer] = [], changedPaths: Set<String> = [],
        mergedStages: [Identity: String] = [:], baseUnreadable: [ParsedConsumer] = []
    ) {
        self.baseUnreadable = baseUnreadable
        self.base = base
        self.readerIndex = Self.readerIndex(of: base)
        self.merged = merged
        self.changedPaths = changedPaths
        self.mergedStages = mergedStages
    }

    /// The consumers of the merge result, by name; where two files declare one name (FEAT011),
    /// the one at the same path as the base tip's wins, so a second file cannot stand in for
    /// a production consumer.
    public var mergedByName: [String: Consumer] {
        let basePaths = Dictionary(base.map { ($0.name, $0.path) }, uniquingKeysWith: { a, _ in a })
        var result: [String: Consumer] = [:]
        for c in merged.compactMap(\.consumer) {
            if let kept = result[c.name], kept.path == basePaths[c.name] { continue }
            result[c.name] = c
        }
        return result
    }

    /// Consumer files at the base tip that cannot be read: who they reach is unknown.
    public var baseUnreadable: [ParsedConsumer] = []
    /// The features of the merge result whose `role` is `label`: training targets.
    public var labels: Set<Identity> = []

    /// The base consumers that read `identity`, in their order.
    public func readers(of identity: Identity) -> [Consumer] { (readerIndex[identity] ?? []).map { base[$0] } }

    /// The base consumers a change to `identity` reaches: shadow and production ones reading it.
    public func reached(by identity: Identity) -> [Consumer] { readers(of: identity).filter(\.stage.isReached) }

    private static func readerIndex(of consumers: [Consumer]) -> [Identity: [Int]] {
        var index: [Identity: [Int]] = [:]
        for (position, consumer) in consumers.enumerated() {
            for read in consumer.reads where index[read.identity]?.last != position {
                index[read.identity, default: []].append(position)
            }
        }
        return index
    }

    /// Whether an acknowledgement is new in this pull request: none with the same review is
    /// on the base tip's file of that consumer.
    public func isNew(_ a: Consumer.Acknowledgement, of consumer: String) -> Bool {
        let reviewed = base.first { $0.name == consumer }?.acknowledgements.map(\.review) ?? []
        return !reviewed.contains(a.review)
    }
}

/// Everything the rules look at: plain values, no repository.
public struct CheckInput: Sendable {
    /// The policy of the merge base: a pull request cannot weaken what judges it.
    public var policy: Policy
    /// The feature files being judged, readable or not: those the pull request adds or
    /// changes, as they are at the head (or, for `feat validate`, every file it checks).
    public var headFiles: [ParsedFile]
    /// Path → identity of every other feature file at the head (those the pull request
    /// does not touch), for uniqueness.
    public var otherIdentities: [String: Identity]
    /// The features the pull request changes, paired by identity.
    public var changes: [PairedChange]
    /// Paths under `.featurerepo/` that differ between merge base and head.
    public var configChanges: [String]
    /// Why the head's config cannot be read, when it cannot.
    public var headConfigProblem: String?
    /// The head's policy when `.featurerepo/` changed and it can be read, for FEAT008 to say
    /// what the change does.
    public var headPolicy: Policy?
    /// For features promoted into a stage with `min_days`, or leaving an exit stage: when they
    /// entered their base stage, and from where.
    public var stageEntries: [Identity: StageEntry]
    /// The moment the rules are judged at (`--now`).
    public var now: Date
    /// Who reads the features (SPEC §8): the consumers at the base tip and in the merge result.
    public var consumers: ConsumerView = ConsumerView()
    /// Definitions the rules may consult beyond the judged files, by identity: the features
    /// that judged features derive from (their `inputs`, along chains), or, for `feat
    /// validate`, the whole catalog. What is not here is looked up nowhere else.
    public var catalog: [Identity: Feature] = [:]

    /// Every identity in the merge result (or the working tree): the judged files and the others.
    public var allIdentities: Set<Identity> {
        Set(otherIdentities.values).union(headFiles.compactMap { $0.feature?.identity })
    }

    public init(
        policy: Policy, headFiles: [ParsedFile], otherIdentities: [String: Identity] = [:], changes: [PairedChange],
        configChanges: [String] = [], headConfigProblem: String? = nil, headPolicy: Policy? = nil,
        stageEntries: [Identity: StageEntry] = [:], now: Date, consumers: ConsumerView = ConsumerView()
    ) {
        self.consumers = consumers
        self.policy = policy
        self.headFiles = headFiles
        self.otherIdentities = otherIdentities
        self.changes = changes
        self.configChanges = configChanges
        self.headConfigProblem = headConfigProblem
        self.headPolicy = headPolicy
        self.stageEntries = stageEntries
        self.now = now
    }

    /// The calendar day of `now` in UTC, for sunsets and waiver expiry.
    public var today: CalendarDate { CalendarDate(utc: now) }

    /// The stage a feature in an exit stage at the base left for it, when the base history
    /// shows it.
    public func stageLeft(_ c: PairedChange) -> String? {
        guard let before = c.before, let entry = stageEntries[c.identity], entry.stage == before.stage else {
            return nil
        }
        return entry.from
    }

    /// Whether a change takes a feature out of an exit stage back to the stage it left there
    /// (a reinstatement, which withdraws the deprecation notice), as `Policy.move` classifies
    /// it with the stage the history shows it left.
    public func isReinstatement(_ c: PairedChange) -> Bool {
        guard let before = c.before, let after = c.after, let left = stageLeft(c),
            let move = policy.move(from: before.stage, to: after.stage, left: left)
        else { return false }
        return move.kind == .reinstated && move.isLegal
    }

    /// Identities held by more than one file of the merge result (FEAT002's finding).
    public var duplicatedIdentities: Set<Identity> {
        var count: [Identity: Int] = [:]
        for identity in otherIdentities.values { count[identity, default: 0] += 1 }
        for file in headFiles { if let f = file.feature { count[f.identity, default: 0] += 1 } }
        return Set(count.filter { $0.value > 1 }.keys)
    }

    /// Files whose identity (`feature` or `version`) changed in place: the path, with the
    /// identity removed and the one added there. FEAT009 explains these; other rules word
    /// their findings about them in its terms.
    public var identityChangesInPlace: [String: (removed: PairedChange, added: PairedChange)] {
        var removed: [String: PairedChange] = [:]
        for c in changes where c.change.status == .removed { removed[c.change.path] = c }
        var result: [String: (removed: PairedChange, added: PairedChange)] = [:]
        for c in changes where c.change.status == .added {
            if let old = removed[c.change.path] { result[c.change.path] = (old, c) }
        }
        return result
    }

    /// The base definition of each head file, by head path: the same identity at the base
    /// (moved or not), or, when the identity changed in place, the one it replaced.
    public var baseDefinitions: [String: Feature] {
        var result: [String: Feature] = [:]
        for (path, pair) in identityChangesInPlace { if let before = pair.removed.before { result[path] = before } }
        for c in changes {
            if let after = c.after, let before = c.before { result[after.path] = before }
        }
        return result
    }
}

extension CalendarDate {
    /// The UTC calendar day of an instant.
    public init(utc date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }
}
