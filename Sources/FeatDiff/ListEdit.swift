/// How one ordered list of names (a vocabulary, known map keys) became another: which entries
/// were appended, inserted, removed, renamed or moved, with their 1-based positions.
///
/// Entries kept in the same relative order are the longest increasing run of their new
/// positions; every other kept entry moved. A removal and an addition in the same place
/// (between the same kept neighbours) is a rename.
struct ListEdit: Sendable {
    struct Placed: Sendable, Hashable {
        var entry: String
        var position: Int
    }

    struct Renamed: Sendable, Hashable {
        var old: String
        var new: String
        var position: Int
    }

    struct Moved: Sendable, Hashable {
        var entry: String
        var from: Int
        var to: Int
    }

    let before: [String]
    let after: [String]
    private(set) var appended: [String] = []
    private(set) var inserted: [Placed] = []
    private(set) var removed: [Placed] = []
    private(set) var renamed: [Renamed] = []
    private(set) var moved: [Moved] = []
    /// Kept entries whose position changed, for any reason (an insertion before them, a move).
    private(set) var shifted: [Moved] = []

    init(_ before: [String], _ after: [String]) {
        self.before = before
        self.after = after
        guard before != after else { return }
        var oldIndex: [String: Int] = [:]
        for (i, e) in before.enumerated() where oldIndex[e] == nil { oldIndex[e] = i }
        var newIndex: [String: Int] = [:]
        for (i, e) in after.enumerated() where newIndex[e] == nil { newIndex[e] = i }

        // Kept entries in their old order, and which of them keep their relative order.
        let common = before.enumerated().filter { oldIndex[$0.element] == $0.offset && newIndex[$0.element] != nil }
        let run = Self.longestIncreasing(common.compactMap { newIndex[$0.element] })
        let keptOffsets = Set(run.map { common[$0].offset })
        for (offset, entry) in common {
            guard let to = newIndex[entry] else { continue }
            if !keptOffsets.contains(offset) { moved.append(Moved(entry: entry, from: offset + 1, to: to + 1)) }
            if offset != to { shifted.append(Moved(entry: entry, from: offset + 1, to: to + 1)) }
        }
        moved.sort { $0.to < $1.to }
        let kept = Set(keptOffsets.map { before[$0] })

        // Removed and added entries, grouped by the gap between kept entries they sit in.
        var gone: [Int: [Placed]] = [:]
        var gap = 0
        for (i, e) in before.enumerated() {
            if kept.contains(e), oldIndex[e] == i {
                gap += 1
            } else if newIndex[e] == nil {
                gone[gap, default: []].append(Placed(entry: e, position: i + 1))
            }
        }
        var new: [Int: [Placed]] = [:]
        gap = 0
        for (i, e) in after.enumerated() {
            if kept.contains(e), newIndex[e] == i {
                gap += 1
            } else if oldIndex[e] == nil {
                new[gap, default: []].append(Placed(entry: e, position: i + 1))
            }
        }
        // The trailing run of new entries at the end of the list is appended, not inserted.
        let trailing = after.count - (after.lastIndex { oldIndex[$0] != nil }.map { $0 + 1 } ?? 0)
        let appendedFrom = after.count - trailing + 1
        for g in Set(gone.keys).union(new.keys).sorted() {
            let out = gone[g] ?? []
            let into = new[g] ?? []
            let pairs = min(out.count, into.count)
            for k in 0..<pairs {
                renamed.append(Renamed(old: out[k].entry, new: into[k].entry, position: into[k].position))
            }
            removed += out.dropFirst(pairs)
            for p in into.dropFirst(pairs) {
                if p.position >= appendedFrom, !before.isEmpty { appended.append(p.entry) } else { inserted.append(p) }
            }
        }
    }

    var isChanged: Bool { before != after }
    /// Every old entry keeps its position and new ones follow: the list only grew at its end.
    var isAppendOnly: Bool { after.count > before.count && after.starts(with: before) }
    /// The same entries in another order.
    var isReorderOnly: Bool {
        isChanged && before.count == after.count && Set(before) == Set(after) && Set(before).count == before.count
    }
    /// Entries that are gone under their old name: removed or renamed.
    var lost: [String] { removed.map(\.entry) + renamed.map(\.old) }
    /// Entries that are new: appended, inserted or the new name of a renamed one.
    var added: [String] { inserted.map(\.entry) + appended + renamed.map(\.new) }

    /// `'crypto' inserted at position 2 (3 → 4 entries)`: what changed, first entries named, with counts.
    func summary(_ singular: String = "entry", _ plural: String = "entries") -> String {
        var parts: [String] = []
        if !renamed.isEmpty {
            if renamed.count == 1, let r = renamed.first {
                parts.append("\(Wording.entry(r.old)) renamed to \(Wording.entry(r.new)) at position \(r.position)")
            } else {
                let shown = renamed.prefix(3).map { "\(Wording.entry($0.old)) → \(Wording.entry($0.new))" }
                let first = renamed[0].position
                parts.append(Self.list(shown, total: renamed.count) + " renamed (first at position \(first))")
            }
        }
        if !removed.isEmpty {
            let what = Wording.quoted(removed.map(\.entry), limit: 3)
            let at = removed.count == 1 ? "was at position" : "first at position"
            parts.append("\(what) removed (\(at) \(removed[0].position))")
        }
        if !inserted.isEmpty {
            let what = Wording.quoted(inserted.map(\.entry), limit: 3)
            parts.append(
                inserted.count == 1
                    ? "\(what) inserted at position \(inserted[0].position)"
                    : "\(what) inserted (first at position \(inserted[0].position))")
        }
        if !appended.isEmpty {
            parts.append("\(Wording.quoted(appended, limit: 3)) appended")
        }
        // An entry kept out of order may still sit at its old position (the middle of a reversed
        // list): name the ones whose position changed.
        let moved = self.moved.contains { $0.from != $0.to } ? self.moved.filter { $0.from != $0.to } : self.moved
        if let first = moved.first {
            parts.append(
                moved.count == 1
                    ? "\(Wording.entry(first.entry)) moved from position \(first.from) to \(first.to)"
                    : "\(Wording.quoted(moved.map(\.entry), limit: 3)) moved "
                        + "(\(Wording.entry(first.entry)) from position \(first.from) to \(first.to))")
        }
        if parts.isEmpty { parts.append("entries changed") }
        let counts =
            before.count == after.count
            ? Wording.count(after.count, singular, plural)
            : "\(before.count) → \(Wording.count(after.count, singular, plural))"
        return (isReorderOnly ? "reordered: " : "") + parts.joined(separator: "; ") + " (\(counts))"
    }

    /// The first kept entry whose position changed, split for wording: `'wallet'` and `3 → 4`.
    var firstShift: (entryPart: String, positions: String)? {
        shifted.first.map { (Wording.entry($0.entry), "\($0.from) → \($0.to)") }
    }

    static func list(_ shown: [String], total: Int) -> String {
        let rest = total - shown.count
        if rest > 0 { return shown.joined(separator: ", ") + " and \(rest) more" }
        if shown.count < 2 { return shown.joined() }
        return shown.dropLast().joined(separator: ", ") + " and " + (shown.last ?? "")
    }

    /// Indexes into `values` of one longest strictly increasing subsequence, found in
    /// O(n log n); ties go to the earliest run, so the result is deterministic.
    static func longestIncreasing(_ values: [Int]) -> [Int] {
        var tails: [Int] = []  // index into values of the smallest tail of each run length
        var previous = [Int](repeating: -1, count: values.count)
        for (i, v) in values.enumerated() {
            var low = 0
            var high = tails.count
            while low < high {
                let mid = (low + high) / 2
                if values[tails[mid]] < v { low = mid + 1 } else { high = mid }
            }
            if low > 0 { previous[i] = tails[low - 1] }
            if low == tails.count { tails.append(i) } else { tails[low] = i }
        }
        var out: [Int] = []
        var i = tails.last ?? -1
        while i >= 0 {
            out.append(i)
            i = previous[i]
        }
        return out.reversed()
    }
}
