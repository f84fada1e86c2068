import FeatRules
import FeatYAML
import GitID

/// One file as the judged merge, the head and the base tip have it, to say where a line of
/// the judged file is for the pull request's author (SPEC §5): the line of the same dotted
/// field in the head's file, or the base tip's line for a value that came from the base side.
/// A line that is no key (a comment, a value that does not parse) is followed through a line
/// diff, as the merge itself took it.
struct FindingLines {
    var judged: FileVersion?
    var head: FileVersion?
    var base: FileVersion?

    init(judged: [UInt8]?, head: [UInt8]?, base: [UInt8]?) {
        self.judged = judged.map(FileVersion.init)
        self.head = head.map(FileVersion.init)
        self.base = base.map(FileVersion.init)
    }

    /// Where `line` of the judged file is: in the head's file (`atBase` false), in the base
    /// tip's (`atBase` true), or nowhere either has it (nil). With no judged file (a removed
    /// one) the line is the base tip's to begin with. `fields` (what the finding is about)
    /// chooses among fields written on one line.
    func place(_ line: Int, fields: [String]) -> (line: Int?, atBase: Bool) {
        guard let source = judged ?? base else { return (line, false) }
        if let head, head.bytes == source.bytes { return (line, false) }
        if let field = source.field(at: line, preferring: fields) {
            let text = source.text(line)
            let inHead = head?.fields[field]
            let inBase = base?.fields[field]
            if let inHead, head?.text(inHead) == text { return (inHead, false) }
            if let inBase, base?.text(inBase) == text { return (inBase, true) }
            if let inHead { return (inHead, false) }
            if let inBase { return (inBase, true) }
        }
        if let head, let same = source.sameLine(line, in: head) { return (same, false) }
        if let base, let same = source.sameLine(line, in: base) { return (same, true) }
        return (nil, false)
    }
}

/// A file's bytes, its lines, and the line of each dotted field (keys and list entries).
struct FileVersion {
    var bytes: [UInt8]
    var lines: [Substring]
    /// Dotted path (`aggregation.window`, `evidence.0.date`) → line; empty when the file is
    /// not YAML.
    var fields: [String: Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        fields = [:]
        if let root = try? YAMLDocument.parse(bytes) { Self.record(root, path: "", into: &fields) }
    }

    static func record(_ node: YAMLNode, path: String, into fields: inout [String: Int]) {
        switch node.content {
        case .scalar: return
        case .sequence(let items):
            for (i, item) in items.enumerated() {
                let itemPath = path.isEmpty ? "\(i)" : "\(path).\(i)"
                if fields[itemPath] == nil { fields[itemPath] = item.mark.line }
                record(item, path: itemPath, into: &fields)
            }
        case .mapping(let pairs):
            for pair in pairs {
                guard let key = pair.key.scalarText else { continue }
                let keyPath = path.isEmpty ? key : path + "." + key
                // A repeated key is reported where it is first written.
                guard fields[keyPath] == nil else { continue }
                fields[keyPath] = pair.key.mark.line
                record(pair.value, path: keyPath, into: &fields)
            }
        }
    }

    /// The text of a line (1-based), nil past the end.
    func text(_ line: Int) -> Substring? { line >= 1 && line <= lines.count ? lines[line - 1] : nil }

    /// The field written at a line: one the finding names when it is there, else the deepest.
    func field(at line: Int, preferring named: [String]) -> String? {
        if let name = named.first(where: { fields[$0] == line }) { return name }
        return fields.filter { $0.value == line }.keys.min { a, b in
            let (da, db) = (a.split(separator: ".").count, b.split(separator: ".").count)
            return da != db ? da > db : a < b
        }
    }

    /// The line of `other` that a line diff pairs with `line` of this file; nil when that
    /// line is not in `other`.
    func sameLine(_ line: Int, in other: FileVersion) -> Int? {
        guard line >= 1, line <= lines.count else { return nil }
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in other.lines.difference(from: lines) {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var j = 0
        for i in 0..<line {
            if removed.contains(i) {
                if i == line - 1 { return nil }
                continue
            }
            while inserted.contains(j) { j += 1 }
            if i == line - 1 { return j + 1 }
            j += 1
        }
        return nil
    }
}

extension FeatureRepository {
    /// Moves each finding's line from the judged merge to the pull request's own file (SPEC
    /// §5): the head's line of the same field, or the base tip's, marked so, for a value that
    /// came from the base side. Nothing moves when the head is what was judged.
    func placeLines(_ violations: [Violation], judged: ObjectID, head: ObjectID, base: ObjectID) throws(FeatError)
        -> [Violation]
    {
        guard judged != head else { return violations }
        var files: [String: FindingLines] = [:]
        var placed = violations
        for i in placed.indices {
            guard let line = placed[i].line else { continue }
            let path = placed[i].path
            let versions: FindingLines
            if let known = files[path] {
                versions = known
            } else {
                versions = FindingLines(
                    judged: try file(path, at: judged), head: try file(path, at: head), base: try file(path, at: base))
                files[path] = versions
            }
            (placed[i].line, placed[i].lineAtBase) = versions.place(line, fields: placed[i].fields)
        }
        return placed
    }
}
