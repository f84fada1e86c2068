import FeatGit
import FeatModel
import Foundation

/// A person as the history shows them, after the `.mailmap`.
public struct Person: Sendable, Hashable, Codable {
    public var name: String
    public var email: String
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
    public var author: Person
    public var path: String
}

/// The stage history of one feature identity.
public struct FeatureHistory: Sendable, Hashable {
    public var identity: Identity
    /// The stage at the analysed revision, or nil when the feature is gone.
    public var stage: String?
    /// The path at the analysed revision, or the last path it had.
    public var path: String
    public var transitions: [Transition]

    /// When the feature entered its current stage.
    public var currentSince: Date? { stage == nil ? nil : transitions.last?.date }
}

/// A file of an old commit that could not be read; the walk went on without it.
public struct HistoryWarning: Sendable, Hashable {
    public var commit: ObjectID
    public var path: String
    public var message: String
}

/// The stage history of every feature along the first-parent history of a revision.
public struct StageHistory: Sendable {
    public var revision: ObjectID
    public var features: [FeatureHistory]
    /// Set when the clone is shallow: the oldest commit the walk could read.
    public var shallowBoundary: ObjectID?
    public var warnings: [HistoryWarning]
    public var commitsWalked: Int
}

/// Reports progress of a long walk (done, total).
public typealias WalkProgress = @Sendable (Int, Int) -> Void

extension FeatureRepository {
    /// Derives the stage history of every feature on the first-parent history of `head`.
    ///
    /// A transition is the first-parent commit whose tree gives a feature (by identity, not
    /// path) a different stage than its first parent's tree. Trees are compared entry by
    /// entry only where ids differ; only added or modified blobs are read, once each.
    public func stageHistory(at head: ObjectID, policy: Policy, progress: WalkProgress? = nil) throws(FeatError) -> StageHistory {
        let repo = try requireGit()
        let chain = try FeatKit.git { () throws(GitError) in try repo.firstParentHistory(from: head) }
        let mailmap = try FeatKit.git { () throws(GitError) in try repo.mailmap(at: head) }
        var walk = HistoryWalk(repo: repo, folders: policy.featureFolders.map { (treePath($0), $0) }, mailmap: mailmap)
        let steps = chain.steps
        let every = max(1, steps.count / 100)
        for (index, step) in steps.enumerated() {
            // At a shallow boundary the parent is missing: take that commit's state as given.
            let baseline = index == 0 && chain.shallowBoundary != nil
            try FeatKit.git { () throws(GitError) in try walk.apply(step, baseline: baseline) }
            if let progress, index % every == 0 { progress(index, steps.count) }
        }
        progress?(steps.count, steps.count)
        return StageHistory(
            revision: head, features: walk.result(), shallowBoundary: chain.shallowBoundary,
            warnings: walk.warnings, commitsWalked: steps.count)
    }
}

/// What a feature file's blob says, as far as history cares.
enum BlobState: Hashable {
    case feature(Identity, String)
    case unreadable(String)
}

/// The forward pass over first-parent commits, keeping only per-path and per-feature state.
struct HistoryWalk {
    let repo: Repository
    /// (path inside git trees, path relative to the feature root) for each feature folder.
    let folders: [(tree: String, relative: String)]
    let mailmap: Mailmap

    var previousTree: ObjectID?
    var previousFolders: [ObjectID?]
    /// Path → the identity and stage its blob gives.
    var paths: [String: (identity: Identity, stage: String)] = [:]
    /// Identity → its paths (more than one only while duplicated).
    var identityPaths: [Identity: Set<String>] = [:]
    var histories: [Identity: FeatureHistory] = [:]
    var cache: [ObjectID: BlobState] = [:]
    var warnings: [HistoryWarning] = []
    var warned = Set<String>()

    init(repo: Repository, folders: [(String, String)], mailmap: Mailmap) {
        self.repo = repo
        self.folders = folders
        self.mailmap = mailmap
        previousFolders = Array(repeating: nil, count: folders.count)
    }

    mutating func apply(_ step: FirstParentStep, baseline: Bool) throws(GitError) {
        if step.tree == previousTree { return }
        previousTree = step.tree
        var changes: [BlobChange] = []
        for (i, folder) in folders.enumerated() {
            let entry = try repo.treeEntry(in: step.tree, path: folder.tree)
            let subtree = entry?.kind == .tree ? entry?.id : nil
            if subtree == previousFolders[i] { continue }
            for var change in try repo.changedBlobs(from: previousFolders[i], to: subtree) where isFeatureFile(change.path) {
                change.path = folder.relative + "/" + change.path
                changes.append(change)
            }
            previousFolders[i] = subtree
        }
        if changes.isEmpty { return }

        // Stages before the commit, for every identity it touches.
        var before: [Identity: String?] = [:]
        var newStates: [(BlobChange, BlobState?)] = []
        for change in changes {
            if let old = paths[change.path] { before[old.identity] = stage(of: old.identity) }
            let state = try change.new.map { id throws(GitError) in try derive(id) }
            if case .feature(let identity, _) = state, before[identity] == nil { before[identity] = stage(of: identity) }
            newStates.append((change, state))
        }
        for (change, state) in newStates {
            switch state {
            case .feature(let identity, let stage):
                unlink(change.path)
                paths[change.path] = (identity, stage)
                identityPaths[identity, default: []].insert(change.path)
            case .unreadable(let message):
                // Keep what the path said before: the stage here is unknown, not changed.
                if warned.insert(change.path + "\u{0}" + message).inserted {
                    warnings.append(HistoryWarning(commit: step.commit, path: change.path, message: message))
                }
            case nil:
                unlink(change.path)
            }
        }
        if baseline {
            for identity in before.keys { record(identity, transition: nil) }
            return
        }
        var info: CommitInfo?
        for (identity, old) in before.sorted(by: { $0.key < $1.key }) {
            let new = stage(of: identity)
            guard old != new else {
                if let path = identityPaths[identity]?.min() { histories[identity]?.path = path }
                continue
            }
            if info == nil { info = try repo.commit(step.commit) }
            let author = mailmap.resolve(info!.author)
            let path = identityPaths[identity]?.min() ?? histories[identity]?.path ?? changes[0].path
            record(identity, transition: Transition(
                from: old, to: new, commit: step.commit, date: info!.date,
                author: Person(name: author.name, email: author.email), path: path))
        }
    }

    mutating func record(_ identity: Identity, transition: Transition?) {
        let path = identityPaths[identity]?.min() ?? histories[identity]?.path ?? ""
        var history = histories[identity] ?? FeatureHistory(identity: identity, stage: nil, path: path, transitions: [])
        history.stage = stage(of: identity)
        history.path = path
        if let transition { history.transitions.append(transition) }
        histories[identity] = history
    }

    mutating func unlink(_ path: String) {
        guard let old = paths.removeValue(forKey: path) else { return }
        identityPaths[old.identity]?.remove(path)
        if identityPaths[old.identity]?.isEmpty == true { identityPaths[old.identity] = nil }
    }

    /// The stage of an identity now: that of its first path when it is duplicated.
    func stage(of identity: Identity) -> String? {
        guard let path = identityPaths[identity]?.min() else { return nil }
        return paths[path]?.stage
    }

    mutating func derive(_ blob: ObjectID) throws(GitError) -> BlobState {
        if let known = cache[blob] { return known }
        let bytes = try repo.blob(blob)
        let state: BlobState
        if let quick = StageScan.read(bytes) {
            state = .feature(quick.identity, quick.stage)
        } else {
            let parsed = FeatureParser.parse(bytes, path: "")
            if let feature = parsed.feature {
                state = .feature(feature.identity, feature.stage)
            } else {
                let problem = parsed.problems.first
                state = .unreadable((problem?.line.map { "line \($0): " } ?? "") + (problem?.message ?? "unreadable"))
            }
        }
        cache[blob] = state
        return state
    }

    func result() -> [FeatureHistory] {
        histories.values.sorted { $0.identity < $1.identity }
    }
}
