import FeatGit
import FeatModel
import Foundation

/// Reports progress of a long walk (done, total).
public typealias WalkProgress = @Sendable (Int, Int) -> Void

extension FeatureRepository {
    /// Derives the stage history of every feature on the first-parent history of `head`.
    ///
    /// A transition is the first-parent commit whose tree gives a feature (by identity, not
    /// path) a different stage than its first parent's tree. Three passes: the first-parent
    /// chain (ids only); per commit, the changed feature files and what their new blobs say
    /// (trees compared entry by entry only where ids differ, each new blob read once per
    /// worker) — independent per commit, so split across cores, each worker with its own
    /// repository handle; then one forward pass over those deltas keeping per-feature state.
    ///
    /// The history index (`HistoryIndex`) keeps the first two passes' results per commit: the
    /// chain is walked only back to the first commit it holds, and only the commits before
    /// that are read. `index: false` (or `FEAT_NO_INDEX=1`) reads everything and leaves it alone.
    public func stageHistory(
        at head: ObjectID, policy: Policy, workers: WorkerProcesses? = nil,
        index useIndex: Bool = true, progress: WalkProgress? = nil
    ) throws(FeatError) -> StageHistory {
        let repo = try requireGit()
        var clock = PhaseClock()
        let driver = try FirstParentDeltas(
            repository: self, head: head, policy: policy, workers: workers, index: useIndex)
        defer { driver.stop() }
        let file = driver.file
        let (indexed, newSteps, steps) = (driver.indexed, driver.newSteps, driver.steps)
        if file != nil { clock.lap("history index read (\(driver.index.count) commits)") }
        // Asked again at the commit of the last answer: that answer, authors through today's mailmap.
        if newSteps.isEmpty, let resume = driver.resume, let snapshot = driver.index.snapshot,
            Int(snapshot.head) == resume
        {
            let mailmap = try FeatKit.git { () throws(GitError) in try repo.mailmap(at: head) }
            var people = HistoryWalk(mailmap: mailmap)
            if let answer = driver.index.answer(snapshot, person: { people.person($0) }) {
                clock.lap("first-parent chain (\(indexed.count) commits, 0 not indexed): the answer kept")
                return StageHistory(
                    revision: head, features: answer.features, shallowBoundary: nil,
                    warnings: answer.warnings, phases: clock.laps)
            }
        }
        clock.lap("first-parent chain (\(steps.count) commits, \(newSteps.count) not indexed)")
        let mailmap = try FeatKit.git { () throws(GitError) in try repo.mailmap(at: head) }
        var walk = HistoryWalk(mailmap: mailmap)
        // Stage changes at merge commits are credited as the forward pass finds them, while
        // children are still reading newer commits: the walk has then passed everything the
        // search asks it about.
        // Made at the first merge that needs it: a run with none pays nothing for it.
        var attribution: MergeAttribution?
        var crediting = 0.0
        func credit(_ moved: [Int], at step: FirstParentStep) throws(FeatError) {
            guard step.isMerge, !moved.isEmpty else { return }
            let started = Date()
            defer { crediting += Date().timeIntervalSince(started) }
            let record = file == nil ? nil : driver.index.position[step.commit]
            for id in moved {
                guard let (identity, transition) = walk.lastTransition(of: id) else { continue }
                let credit: (author: Signature?, committer: Signature)
                if let record, let kept = driver.index.credit(at: record, identity) {
                    credit = kept
                } else {
                    var search = attribution ?? MergeAttribution(repository: self, repo: repo, chain: steps)
                    attribution = nil  // one owner while it searches, so that its caches are not copied
                    defer { attribution = search }
                    credit = try search.credit(transition, of: identity, walk: walk)
                    if let record {
                        driver.index.setCredit(at: record, identity, author: credit.author, committer: credit.committer)
                    }
                }
                walk.credit(id, author: credit.author, mergedBy: credit.committer)
            }
        }
        let (changed, processes) = try driver.run(progress: progress) {
            position, step, delta, baseline throws(FeatError) in
            // At a shallow boundary the parent is missing: take that commit's state as given.
            try credit(walk.apply(delta, at: step, position: position, baseline: baseline), at: step)
        }
        let features = walk.result()
        let merges = steps.lazy.filter(\.isMerge).count
        clock.lap(
            "tree diffs, blob reads, the forward pass and merge credit (\(changed) changed files, \(processes) process\(processes == 1 ? "" : "es"); credit for changes merged by \(merges) merge commits: \(String(format: "%.3f", crediting)) s of it)"
        )
        if file != nil, let record = driver.index.position[head],
            let snapshot = driver.index.snapshot(at: record, features: features, warnings: walk.warnings)
        {
            if driver.index.snapshot?.head != snapshot.head { driver.index.modified = true }
            driver.index.snapshot = snapshot
        }
        if driver.save() { clock.lap("history index written (\(driver.index.count) commits)") }
        return StageHistory(
            revision: head, features: features, shallowBoundary: driver.shallowBoundary,
            warnings: walk.warnings, phases: clock.laps)
    }
}

/// Dense integer ids for values, and the values back.
struct Interner<Value: Hashable> {
    private var ids: [Value: Int] = [:]
    private var values: [Value] = []

    /// The id of a value, and whether it was new.
    mutating func intern(_ value: Value) -> (id: Int, isNew: Bool) {
        if let id = ids[value] { return (id, false) }
        ids[value] = values.count
        values.append(value)
        return (values.count - 1, true)
    }

    subscript(id: Int) -> Value { values[id] }

    /// The id of a value already interned.
    func id(of value: Value) -> Int? { ids[value] }

    var count: Int { values.count }
}

/// Wall time per phase of a long computation.
struct PhaseClock {
    var start = Date()
    var laps: [(name: String, seconds: Double)] = []

    mutating func lap(_ name: String) {
        let now = Date()
        laps.append((name, now.timeIntervalSince(start)))
        start = now
    }
}

/// A folder of feature files: its path inside git trees and relative to the feature root.
struct FeatureFolder: Sendable {
    var tree: String
    var relative: String
}

/// A feature file changed by one commit, with what its new blob says (nil: deleted).
struct ResolvedChange: Sendable {
    var path: String
    var state: BlobState?
}

/// The feature files that first-parent commits change, with what their new blobs say, read
/// through one repository handle whose caches (blobs read, trees open) last from one part of
/// the history to the next. A class: one reader, kept by whoever reads part after part.
final class DeltaReader {
    let repo: Repository
    let folders: [FeatureFolder]
    var reader: BlobReader
    let trees = TreeCache()

    init(repo: Repository, folders: [FeatureFolder]) {
        self.repo = repo
        self.folders = folders
        self.reader = BlobReader(repo: repo)
    }

    /// The reader `kept` holds, or a new one on its own repository handle, kept there: a
    /// process reading part after part opens the repository once.
    static func kept(_ kept: inout DeltaReader?, opening repositoryPath: String, folders: [FeatureFolder])
        throws(GitError) -> DeltaReader
    {
        if let kept { return kept }
        let reader = DeltaReader(repo: try Repository.open(discoveringFrom: repositoryPath), folders: folders)
        kept = reader
        return reader
    }

    /// The deltas of consecutive first-parent trees (oldest first), each compared with the
    /// one before it; `parent` is the tree before the first (nil: the empty tree). One entry
    /// per tree: nil when the commit changes no feature file.
    ///
    /// Walked newest first: packs store older versions of trees and blobs as deltas against
    /// newer ones, so reading in that order finds each delta's base in libgit2's small delta
    /// base cache; oldest first, every read re-inflated most of a delta chain (3× slower).
    func deltas(trees stepTrees: ArraySlice<ObjectID>, parent: ObjectID?) throws(GitError)
        -> [[ResolvedChange]?]
    {
        let start = stepTrees.startIndex
        // What blobs said is worth keeping within a part (moves and reverts bring blobs back),
        // hardly across parts: memory stays bounded by one part.
        reader.cache.removeAll(keepingCapacity: true)
        var out = [[ResolvedChange]?](repeating: nil, count: stepTrees.count)
        guard let newest = stepTrees.last else { return out }
        var newer = try subtrees(newest)
        for index in stepTrees.indices.reversed() {
            let tree = stepTrees[index]
            let parentTree = index > start ? stepTrees[index - 1] : parent
            if parentTree == tree { continue }
            trees.nextRound()
            let older = try subtrees(parentTree)
            defer { newer = older }
            var changes: [ResolvedChange] = []
            for (i, folder) in folders.enumerated() where older[i] != newer[i] {
                for change in try repo.changedBlobs(from: older[i], to: newer[i], cache: trees)
                where Policy.isFeatureFile(relativeToFolder: change.path) {
                    let state = try change.new.map { id throws(GitError) in try reader.state(of: id) }
                    changes.append(ResolvedChange(path: folder.relative + "/" + change.path, state: state))
                }
            }
            if !changes.isEmpty { out[index - start] = changes }
        }
        return out
    }

    /// Each feature folder's subtree in a tree (nil: absent, or no tree at all).
    private func subtrees(_ tree: ObjectID?) throws(GitError) -> [ObjectID?] {
        guard let tree else { return [ObjectID?](repeating: nil, count: folders.count) }
        var result: [ObjectID?] = []
        for folder in folders {
            let entry = try repo.treeEntry(in: tree, path: folder.tree, cache: trees)
            result.append(entry?.kind == .tree ? entry?.id : nil)
        }
        return result
    }
}

/// Reads what blobs say about identity and stage, once per blob: the fast scan when it is
/// exact, the full parser otherwise.
struct BlobReader {
    let repo: Repository
    var cache: [ObjectID: BlobState] = [:]

    mutating func state(of blob: ObjectID) throws(GitError) -> BlobState {
        if let known = cache[blob] { return known }
        let bytes = try repo.blob(blob)
        let state: BlobState
        if let quick = StageScan.read(bytes) {
            state = .feature(quick.identity, quick.stage)
        } else if !Self.mayBeFeature(bytes) {
            // Foreign YAML beside features (Helm charts, CI files, dbt schemas): a file whose
            // text never says `feature` has no `feature` key, so it cannot be one; a byte
            // search instead of the full parser, reported once like any unreadable file.
            state = .unreadable(Self.notAFeature)
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

    static let notAFeature = "not a feature file: it has no 'feature' key"
    static let featureKey = Array("feature".utf8)

    /// False only when the bytes cannot hold a `feature` key anywhere: not even the word.
    static func mayBeFeature(_ bytes: [UInt8]) -> Bool {
        bytes.contains(subsequence: featureKey)
    }
}

/// What a feature file's blob says, as far as history cares.
enum BlobState: Hashable, Sendable {
    case feature(Identity, String)
    case unreadable(String)
}

/// The forward pass over first-parent commits, keeping only per-path and per-feature state.
///
/// Paths, identities and stages are interned to integers once, so the per-change work is a
/// couple of hash lookups and array updates.
struct HistoryWalk {
    let mailmap: Mailmap

    var paths = Interner<String>()
    /// Per path: the identity and stage its blob gives, or nil when absent.
    var pathState: [(identity: Int, stage: Int)?] = []
    var identities = Interner<Identity>()
    /// Per identity: its paths (more than one only while duplicated), and its history.
    var identityPaths: [[Int]] = []
    var histories: [FeatureHistory?] = []
    var stages = Interner<String>()
    var warnings: [HistoryWarning] = []
    var warned = Set<String>()
    var people: [Signature: Person] = [:]
    /// Per path: what its blob said after each first-parent commit that changed it, oldest
    /// first — the chain position, and the identity and stage ids it gave (-1: none, as for
    /// a deleted or unreadable file). Merge credit asks it about commits on the chain
    /// instead of reading their trees again.
    var pathLog: [[(position: Int32, identity: Int32, stage: Int32)]] = []

    init(mailmap: Mailmap) {
        self.mailmap = mailmap
    }

    mutating func pathID(_ path: String) -> Int {
        let (id, isNew) = paths.intern(path)
        if isNew {
            pathState.append(nil)
            pathLog.append([])
        }
        return id
    }

    mutating func identityID(_ identity: Identity) -> Int {
        let (id, isNew) = identities.intern(identity)
        if isNew {
            identityPaths.append([])
            histories.append(nil)
        }
        return id
    }

    /// Applies the changed feature files of the commit at `position` on the first-parent chain
    /// (positions rise from one call to the next); returns the identities it gave a transition.
    @discardableResult
    mutating func apply(_ changes: [ResolvedChange], at step: FirstParentStep, position: Int, baseline: Bool)
        -> [Int]
    {
        let commit = step.commit
        // Stages before the commit, for every identity it touches (a handful: a linear list).
        var before: [(identity: Int, stage: Int?)] = []
        func touch(_ identity: Int) {
            if !before.contains(where: { $0.identity == identity }) { before.append((identity, stage(of: identity))) }
        }
        var resolved: [(path: Int, state: BlobState?)] = []
        resolved.reserveCapacity(changes.count)
        for change in changes {
            let path = pathID(change.path)
            if let old = pathState[path] { touch(old.identity) }
            if case .feature(let identity, _) = change.state { touch(identityID(identity)) }
            resolved.append((path, change.state))
        }
        for (path, state) in resolved {
            switch state {
            case .feature(let identity, let stage):
                unlink(path)
                let id = identityID(identity)
                let stageID = stages.intern(stage).id
                pathState[path] = (id, stageID)
                identityPaths[id].append(path)
                pathLog[path].append((Int32(position), Int32(id), Int32(stageID)))
            case .unreadable(let message):
                pathLog[path].append((Int32(position), -1, -1))
                // Keep what the path said before: the stage here is unknown, not changed.
                if warned.insert(paths[path] + "\u{0}" + message).inserted {
                    warnings.append(HistoryWarning(commit: commit, path: paths[path], message: message))
                }
            case nil:
                unlink(path)
                pathLog[path].append((Int32(position), -1, -1))
            }
        }
        if baseline {
            for (identity, _) in before { record(identity, transition: nil) }
            return []
        }
        var moved: [Int] = []
        for (identity, old) in before.sorted(by: { identities[$0.identity] < identities[$1.identity] }) {
            let new = stage(of: identity)
            guard old != new else {
                if let path = firstPath(of: identity) { histories[identity]?.path = paths[path] }
                continue
            }
            moved.append(identity)
            let author = person(step.author)
            let path = firstPath(of: identity).map { paths[$0] } ?? histories[identity]?.path ?? changes[0].path
            record(
                identity,
                transition: Transition(
                    from: old.map { stages[$0] }, to: new.map { stages[$0] }, commit: commit,
                    date: Date(timeIntervalSince1970: TimeInterval(step.time)), author: author, path: path))
        }
        return moved
    }

    /// An identity and its newest transition.
    func lastTransition(of identity: Int) -> (Identity, Transition)? {
        guard let transition = histories[identity]?.transitions.last else { return nil }
        return (identities[identity], transition)
    }

    /// Credits an identity's newest transition (at a merge) to who made it and who merged it.
    mutating func credit(_ identity: Int, author: Signature?, mergedBy committer: Signature) {
        guard let last = histories[identity]?.transitions.indices.last else { return }
        let merger = person(committer)
        let maker = author.map { person($0) }
        histories[identity]?.transitions[last].mergedBy = merger
        if let maker { histories[identity]?.transitions[last].author = maker }
    }

    /// The stage the blob at `path` gave `identity` after the commit at chain `position` (nil
    /// inside: none — absent, unreadable, or another feature); nil when the walk never saw the
    /// path, so cannot say.
    func stage(of identity: Identity, atPath path: String, position: Int) -> String?? {
        guard let pathID = paths.id(of: path) else { return nil }
        let log = pathLog[pathID]
        // The last entry at or before `position`: none means the file was not there yet.
        var (low, high) = (0, log.count)
        while low < high {
            let middle = (low + high) / 2
            if Int(log[middle].position) <= position { low = middle + 1 } else { high = middle }
        }
        guard low > 0, let wanted = identities.id(of: identity) else { return .some(nil) }
        let entry = log[low - 1]
        return .some(Int(entry.identity) == wanted ? stages[Int(entry.stage)] : nil)
    }

    /// An author as the history shows them, through the mailmap, resolved once per signature.
    mutating func person(_ signature: Signature) -> Person {
        let key = Signature(name: signature.name, email: signature.email, time: 0)
        if let known = people[key] { return known }
        let resolved = mailmap.resolve(signature)
        let person = Person(name: resolved.name, email: resolved.email)
        people[key] = person
        return person
    }

    mutating func record(_ identity: Int, transition: Transition?) {
        let path = firstPath(of: identity).map { paths[$0] } ?? histories[identity]?.path ?? ""
        var history =
            histories[identity]
            ?? FeatureHistory(identity: identities[identity], stage: nil, path: path, transitions: [])
        histories[identity] = nil  // keep the transitions array uniquely referenced while appending
        history.stage = stage(of: identity).map { stages[$0] }
        history.path = path
        if let transition { history.transitions.append(transition) }
        histories[identity] = history
    }

    mutating func unlink(_ path: Int) {
        guard let old = pathState[path] else { return }
        pathState[path] = nil
        identityPaths[old.identity].removeAll { $0 == path }
    }

    /// The path that speaks for an identity: the first by name when it is duplicated.
    func firstPath(of identity: Int) -> Int? {
        let candidates = identityPaths[identity]
        if candidates.count <= 1 { return candidates.first }
        return candidates.min { paths[$0] < paths[$1] }
    }

    /// The stage of an identity now, or nil when no file has it.
    func stage(of identity: Int) -> Int? {
        firstPath(of: identity).flatMap { pathState[$0]?.stage }
    }

    func result() -> [FeatureHistory] {
        histories.compactMap { $0 }.sorted { $0.identity < $1.identity }
    }
}
