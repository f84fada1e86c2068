import FeatGit
import FeatModel
import FeatReport
import Foundation

/// Reports progress of a long walk (done, total).
public typealias WalkProgress = @Sendable (Int, Int) -> Void

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
package struct PhaseClock {
    var start = Date()
    package var laps: [(name: String, seconds: Double)] = []

    package init() {}

    package mutating func lap(_ name: String) {
        let now = Date()
        laps.append((name, now.timeIntervalSince(start)))
        start = now
    }
}

/// The forward pass over first-parent commits, keeping only per-path and per-feature state.
///
/// Paths, identities and stages are interned to integers once, so the per-change work is a
/// couple of hash lookups and array updates.
package struct HistoryWalk {
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

    package init(mailmap: Mailmap) {
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
    package mutating func apply(_ changes: [ResolvedChange], at step: FirstParentStep, position: Int, baseline: Bool)
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
        // A feature file moved while it could not be read: the unreadable file at a new path is
        // the one that left (same name, or the only one of each), so it keeps its stage.
        // Looked for only when a new path arrived unreadable: the walk's usual commit pays nothing.
        let arrived = resolved.compactMap { change -> Int? in
            guard case .unreadable = change.state, pathState[change.path] == nil else { return nil }
            return change.path
        }
        let movedUnreadable =
            arrived.isEmpty
            ? []
            : UnreadableMove.pairs(
                left: resolved.filter { $0.state == nil && pathState[$0.path] != nil }.map(\.path),
                arrived: arrived, name: { paths[$0] })
        let carried = movedUnreadable.map { (to: $0.to, state: pathState[$0.from]) }
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
        for (path, state) in carried {
            guard let state, pathState[path] == nil else { continue }
            pathState[path] = state
            identityPaths[state.identity].append(path)
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
    package mutating func person(_ signature: Signature) -> Person {
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

    package func result() -> [FeatureHistory] {
        histories.compactMap { $0 }.sorted { $0.identity < $1.identity }
    }
}

/// Pairs the files a commit removed with the unreadable files it added: a feature file moved
/// while it could not be read. Paths are paired by file name, or, when the commit removed one
/// file and added one, with each other.
package enum UnreadableMove {
    package static func pairs<Path: Hashable>(left: [Path], arrived: [Path], name: (Path) -> String)
        -> [(from: Path, to: Path)]
    {
        guard !left.isEmpty, !arrived.isEmpty else { return [] }
        if left.count == 1, arrived.count == 1 { return [(left[0], arrived[0])] }
        func base(_ path: Path) -> Substring { name(path).split(separator: "/").last ?? "" }
        var free = left
        var result: [(from: Path, to: Path)] = []
        for path in arrived {
            guard let at = free.firstIndex(where: { base($0) == base(path) }) else { continue }
            result.append((free.remove(at: at), path))
        }
        return result
    }
}
