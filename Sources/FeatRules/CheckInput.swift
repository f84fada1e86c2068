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

    /// Attaches the base and head definitions to each change of a diff report.
    public static func pair(_ report: DiffReport, before: [Feature], after: [Feature]) -> [PairedChange] {
        var old: [String: Feature] = [:]
        var new: [String: Feature] = [:]
        for f in before { old[f.path] = f }
        for f in after { new[f.path] = f }
        return report.features.map { change in
            let basePath = change.previousPath ?? change.path
            let b = change.status == .added ? nil : old[basePath].flatMap { $0.identity == change.identity ? $0 : nil }
            let a = change.status == .removed ? nil : new[change.path].flatMap { $0.identity == change.identity ? $0 : nil }
            return PairedChange(change: change, before: b, after: a)
        }
    }
}

/// When a feature entered its stage on the base branch, for FEAT005.
public struct StageEntry: Sendable, Hashable {
    public var stage: String
    /// The committer date of the first-parent commit where the feature entered `stage`.
    public var date: Date
    public var commit: String

    public init(stage: String, date: Date, commit: String) {
        self.stage = stage
        self.date = date
        self.commit = commit
    }
}

/// Everything the rules look at: plain values, no repository.
public struct CheckInput: Sendable {
    /// The policy of the merge base: a pull request cannot weaken what judges it.
    public var policy: Policy
    /// The feature files the pull request adds or changes, as they are at the head,
    /// readable or not.
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
    /// For features promoted into a stage with `min_days`: when they entered their base stage.
    public var stageEntries: [Identity: StageEntry]
    /// The moment the rules are judged at (`--now`).
    public var now: Date

    public init(
        policy: Policy, headFiles: [ParsedFile], otherIdentities: [String: Identity] = [:], changes: [PairedChange],
        configChanges: [String] = [], headConfigProblem: String? = nil, stageEntries: [Identity: StageEntry] = [:],
        now: Date
    ) {
        self.policy = policy
        self.headFiles = headFiles
        self.otherIdentities = otherIdentities
        self.changes = changes
        self.configChanges = configChanges
        self.headConfigProblem = headConfigProblem
        self.stageEntries = stageEntries
        self.now = now
    }

    /// The calendar day of `now` in UTC, for sunsets and waiver expiry.
    public var today: CalendarDate { CalendarDate(utc: now) }
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
