import FeatGit
import FeatModel
import FeatReport
import Foundation
import GitID

/// What earlier history walks learned, so a later walk reads only the commits they did not:
/// per first-parent commit, its first parent, tree, author, committer date and the feature
/// files it changed with what their new blobs say; and per transition at a merge commit, who
/// made it and who merged it.
///
/// Everything here is a function of a commit id (a commit names its parent and its tree), the
/// feature folders and the code that reads blobs, so a rewritten history needs no special
/// care: its new commits are simply not in the index yet. Authors are kept as written in the
/// commits; the `.mailmap` of the analysed revision is applied after, as without an index.
///
/// Read from a file, the records' changed files and their strings stay in the file's form
/// (`IndexBytes`) until asked for: a warm `history` answered from the snapshot reads none of
/// them, and a named log only the commits that can matter to its features.
package struct HistoryIndex {
    package var commits: [ObjectID] = []
    var trees: [ObjectID] = []
    /// Per record: the position of its first parent's record, or -1 for a root commit.
    package var parents: [Int32] = []
    var authors: [Int32] = []
    package var times: [Int64] = []
    var merges: [Bool] = []
    /// Per record, the feature files it changed (nil: none in the feature folders).
    var changes = RecordChanges()
    /// Raw signatures (name and email, no time).
    var signatures = Interner<Signature>()
    var credits: [CreditKey: Credit] = [:]
    package var position = RecordPositions()
    /// The answer at one indexed commit (the last one asked about), so asking again skips the
    /// forward pass. The file's is decoded when first asked for: a log never asks.
    var snapshot: Snapshot? {
        get {
            if let replacedSnapshot { return replacedSnapshot }
            return changes.file?.snapshot
        }
        set { replacedSnapshot = .some(newValue) }
    }
    /// Set once the file's snapshot is replaced.
    private var replacedSnapshot: Snapshot??
    /// One copy of each path and name added (worker output holds one per change).
    var canonical: [String: String] = [:]
    /// Whether anything was added since it was read.
    var modified = false

    struct CreditKey: Hashable {
        var record: Int32
        var identity: Identity
    }

    /// Who made (-1: the merge's own author keeps the credit) and who merged a transition.
    struct Credit: Hashable {
        var author: Int32
        var committer: Int32
    }

    /// The features' histories at `head`, by record; authors, dates and credits come from the
    /// records and credits when the answer is rebuilt.
    struct Snapshot: Equatable {
        var head: Int32
        var features: [Feature]
        var warnings: [Warning]

        struct Feature: Equatable {
            var identity: Identity
            var stage: String?
            var path: String
            var transitions: [Transition]
        }

        struct Transition: Equatable {
            var record: Int32
            var from: String?
            var to: String?
            var path: String
        }

        struct Warning: Equatable {
            var record: Int32
            var path: String
            var message: String
        }
    }

    var count: Int { commits.count }

    func step(_ record: Int) -> FirstParentStep {
        FirstParentStep(
            commit: commits[record], tree: trees[record], author: signatures[Int(authors[record])],
            time: times[record], isMerge: merges[record])
    }

    /// The records from the root (or the oldest indexed commit) to `record`, oldest first.
    func chain(to record: Int) -> [Int] {
        var out: [Int] = []
        var next = record
        while next >= 0 {
            out.append(next)
            next = Int(parents[next])  // always smaller than its child: checked when read
        }
        return out.reversed()
    }

    mutating func signature(_ signature: Signature) -> Int32 {
        Int32(signatures.intern(Signature(name: signature.name, email: signature.email, time: 0)).id)
    }

    /// Adds a commit whose first parent is the record `parent` (-1: none); returns its record.
    @discardableResult
    mutating func append(_ step: FirstParentStep, parent: Int, changes delta: [ResolvedChange]?) -> Int {
        if let known = position[step.commit] { return known }
        let record = commits.count
        commits.append(step.commit)
        trees.append(step.tree)
        parents.append(Int32(parent))
        authors.append(signature(step.author))
        times.append(step.time)
        merges.append(step.isMerge)
        changes.append(delta.map { list in list.map { shared($0) } })
        position.added[step.commit] = record
        modified = true
        return record
    }

    mutating func shared(_ change: ResolvedChange) -> ResolvedChange {
        func one(_ s: String) -> String {
            if let known = canonical[s] { return known }
            canonical[s] = s
            return s
        }
        switch change.state {
        case .feature(let identity, let stage):
            let shared = Identity(feature: one(identity.feature), version: identity.version)
            return ResolvedChange(path: one(change.path), state: .feature(shared, stage), blob: change.blob)
        default:
            return ResolvedChange(path: one(change.path), state: change.state, blob: change.blob)
        }
    }

    func credit(at record: Int, _ identity: Identity) -> (author: Signature?, committer: Signature)? {
        guard let credit = credits[CreditKey(record: Int32(record), identity: identity)] else { return nil }
        return (credit.author >= 0 ? signatures[Int(credit.author)] : nil, signatures[Int(credit.committer)])
    }

    mutating func setCredit(at record: Int, _ identity: Identity, author: Signature?, committer: Signature) {
        let credit = Credit(author: author.map { signature($0) } ?? -1, committer: signature(committer))
        credits[CreditKey(record: Int32(record), identity: identity)] = credit
        modified = true
    }
}

// MARK: - Records as read from the file or added since

/// Each record's changed feature files: decoded from the file when asked for, or as added.
struct RecordChanges {
    /// The file the first records were read from.
    var file: IndexBytes?
    var added: [[ResolvedChange]?] = []

    var loadedCount: Int { file?.recordCount ?? 0 }
    var count: Int { loadedCount + added.count }

    subscript(record: Int) -> [ResolvedChange]? {
        if let file, record < file.recordCount { return file.changes(of: record) }
        return added[record - loadedCount]
    }

    mutating func append(_ changes: [ResolvedChange]?) { added.append(changes) }
}

/// The record of each indexed commit: the file's records are looked up on demand (the newest
/// ones first, the whole table built only when they are not it), added ones kept here.
package struct RecordPositions {
    var file: IndexBytes?
    var added: [ObjectID: Int] = [:]

    package subscript(commit: ObjectID) -> Int? {
        if let record = added[commit] { return record }
        return file?.record(of: commit)
    }
}

extension HistoryIndex {
    /// The changes of the records along `chain` (oldest first, parents before children, as
    /// `chain(to:)` gives them) that can matter to whoever follows only the features named
    /// `names`, with their positions on `chain`: those that give a file a feature of those
    /// names, or an unreadable file, and those that change a file an earlier such change
    /// reached. Any other change is of a file that never held one of those features: a
    /// follower of them passes it by. nil `names`: every record's changes.
    func changes(along chain: [Int], following names: Set<String>?) -> [(position: Int, changes: [ResolvedChange])] {
        var out: [(position: Int, changes: [ResolvedChange])] = []
        var filter = names.flatMap { names in changes.file.map { ChangeFilter(file: $0, names: names) } }
        for (position, record) in chain.enumerated() {
            // Records added since the file was read come after all of its records on a chain
            // (a parent's record is older than its child's): kept, a harmless superset.
            if record < changes.loadedCount, filter?.admits(record) == false { continue }
            if let delta = changes[record] { out.append((position, delta)) }
        }
        return out
    }
}

// MARK: - The answer at a commit

extension HistoryIndex {
    /// The answer at the record `head` as a snapshot; nil when a commit it names is not indexed.
    func snapshot(at head: Int, features: [FeatureHistory], warnings: [HistoryWarning]) -> Snapshot? {
        var kept: [Snapshot.Feature] = []
        kept.reserveCapacity(features.count)
        for feature in features {
            var transitions: [Snapshot.Transition] = []
            transitions.reserveCapacity(feature.transitions.count)
            for transition in feature.transitions {
                guard let record = position[transition.commit] else { return nil }
                transitions.append(
                    .init(
                        record: Int32(record), from: transition.from, to: transition.to,
                        path: transition.path))
            }
            kept.append(
                .init(
                    identity: feature.identity, stage: feature.stage, path: feature.path,
                    transitions: transitions))
        }
        var keptWarnings: [Snapshot.Warning] = []
        for warning in warnings {
            guard let record = position[warning.commit] else { return nil }
            keptWarnings.append(.init(record: Int32(record), path: warning.path, message: warning.message))
        }
        return Snapshot(head: Int32(head), features: kept, warnings: keptWarnings)
    }

    /// The answer a snapshot holds, exactly as the forward pass and the merge credits give it:
    /// authors and committers through `person`, dates from the records. Nil when a transition
    /// at a merge has no credit kept.
    func answer(_ snapshot: Snapshot, person: (Signature) -> Person)
        -> (features: [FeatureHistory], warnings: [HistoryWarning])?
    {
        var features: [FeatureHistory] = []
        features.reserveCapacity(snapshot.features.count)
        for feature in snapshot.features {
            var transitions: [Transition] = []
            transitions.reserveCapacity(feature.transitions.count)
            for kept in feature.transitions {
                let record = Int(kept.record)
                var author = person(signatures[Int(authors[record])])
                var mergedBy: Person?
                if merges[record] {
                    guard let credit = credit(at: record, feature.identity) else { return nil }
                    mergedBy = person(credit.committer)
                    if let credited = credit.author { author = person(credited) }
                }
                transitions.append(
                    Transition(
                        from: kept.from, to: kept.to, commit: commits[record],
                        date: Date(timeIntervalSince1970: TimeInterval(times[record])), author: author, path: kept.path,
                        mergedBy: mergedBy))
            }
            features.append(
                FeatureHistory(
                    identity: feature.identity, stage: feature.stage, path: feature.path,
                    transitions: transitions))
        }
        let warnings = snapshot.warnings.map {
            HistoryWarning(commit: commits[Int($0.record)], path: $0.path, message: $0.message)
        }
        return (features, warnings)
    }
}
