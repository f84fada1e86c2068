import FeatGit
import FeatModel
import Foundation
import GitID

/// Child processes that compute history deltas for parts of a first-parent chain.
public struct WorkerProcesses: Sendable {
    /// The `feat` executable, run as `feat history-worker`.
    public var executable: String
    /// Processes in all, this one included.
    public var count: Int
    /// Split even a short history (set when the count was asked for explicitly).
    public var forced: Bool

    public init(executable: String, count: Int, forced: Bool = false) {
        self.executable = executable
        self.count = count
        self.forced = forced
    }
}

/// One `feat history-worker` child, and the line protocol both sides speak.
///
/// The parent first sends `repo` and `folder` lines, then any number of parts, each as a
/// `part TAB parent-tree` line (`-`: the empty tree), one `tree` line per commit, oldest
/// first, and `run`. For each part the child answers one line per changed feature file,
/// `index TAB F TAB blob TAB version TAB stage TAB name TAB path`, `index TAB U TAB blob TAB
/// message TAB path` (unreadable; the blob's id, `-` when unknown) or `index TAB D TAB path`
/// (deleted), then `done`. Fields escape `\\`, tab, newline and carriage return. The child
/// ends when its input does.
public final class HistoryWorker {
    private let process: Process
    private let input: FileHandle
    private let output: FileHandle
    private var buffer: [UInt8] = []

    private init(process: Process, input: FileHandle, output: FileHandle) {
        self.process = process
        self.input = input
        self.output = output
    }

    /// Starts a child; nil when it cannot be started.
    static func start(executable: String, repositoryPath: String, folders: [FeatureFolder]) -> HistoryWorker? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["history-worker"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let worker = HistoryWorker(
            process: process, input: input.fileHandleForWriting, output: output.fileHandleForReading)
        var greeting = "repo\t\(escape(repositoryPath))\n"
        for folder in folders { greeting += "folder\t\(escape(folder.tree))\t\(escape(folder.relative))\n" }
        guard worker.send(greeting) else { return nil }
        return worker
    }

    /// The deltas of one part (its trees oldest first, after `parent`); nil when the child failed.
    func deltas(trees: [ObjectID], parent: ObjectID?) -> [[ResolvedChange]?]? {
        var request = "part\t\(parent?.description ?? "-")\n"
        for tree in trees { request += "tree\t\(tree)\n" }
        request += "run\n"
        guard send(request), let answer = readPart() else { return nil }
        return Self.decode(answer, count: trees.count)
    }

    /// Ends the child's input and waits for it.
    func close() {
        try? input.close()
        process.waitUntilExit()
    }

    private func send(_ text: String) -> Bool {
        (try? input.write(contentsOf: Data(text.utf8))) != nil
    }

    /// The child's lines for one part, up to its `done` line; nil at a premature end. Answer
    /// lines start with an index, so `done` alone on a line is the end. Each complete line is
    /// looked at once: a part's answer arrives in many reads, and is hundreds of kilobytes long.
    private func readPart() -> [UInt8]? {
        var lineStart = 0
        while true {
            while let newline = buffer[lineStart...].firstIndex(of: 0x0A) {
                if newline - lineStart == 4 && buffer[lineStart..<newline].elementsEqual("done".utf8) {
                    let part = Array(buffer[..<lineStart])
                    buffer.removeSubrange(...newline)
                    return part
                }
                lineStart = newline + 1
            }
            // Whatever the pipe holds now (`read(upToCount:)` would wait for the whole count).
            let more = output.availableData
            guard !more.isEmpty else { return nil }
            buffer.append(contentsOf: more)
        }
    }

    /// Parses a part's lines straight from bytes: a long part sends thousands.
    static func decode(_ data: [UInt8], count: Int) -> [[ResolvedChange]?]? {
        // A blob's id, or `-` when the change did not know it: nil for a malformed field.
        func blob(_ field: UnsafeBufferPointer<UInt8>) -> ObjectID?? {
            field.count == 1 && field[0] == 0x2D ? .some(nil) : ObjectID(hexDigits: field).map { .some($0) }
        }
        var result = [[ResolvedChange]?](repeating: nil, count: count)
        let ok = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            var fields: [UnsafeBufferPointer<UInt8>] = []
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                defer { start = end + 1 }
                if end == start { continue }
                fields.removeAll(keepingCapacity: true)
                var fieldStart = start
                for i in start...end where i == end || bytes[i] == 0x09 {
                    fields.append(UnsafeBufferPointer(rebasing: bytes[fieldStart..<i]))
                    fieldStart = i + 1
                }
                guard fields.count >= 3, let index = Int(text(fields[0])), index >= 0, index < count,
                    fields[1].count == 1
                else { return false }
                let change: ResolvedChange
                switch fields[1][0] {
                case 0x46:  // F
                    guard fields.count == 7, let blob = blob(fields[2]), let version = Int(text(fields[3])) else {
                        return false
                    }
                    change = ResolvedChange(
                        path: text(fields[6]),
                        state: .feature(Identity(feature: text(fields[5]), version: version), text(fields[4])),
                        blob: blob)
                case 0x55:  // U
                    guard fields.count == 5, let blob = blob(fields[2]) else { return false }
                    change = ResolvedChange(path: text(fields[4]), state: .unreadable(text(fields[3])), blob: blob)
                case 0x44:  // D
                    change = ResolvedChange(path: text(fields[2]), state: nil)
                default:
                    return false
                }
                if result[index] == nil { result[index] = [change] } else { result[index]?.append(change) }
            }
            return true
        }
        return ok ? result : nil
    }

    /// One field as text, unescaped.
    static func text(_ field: UnsafeBufferPointer<UInt8>) -> String {
        let value = String(decoding: field, as: UTF8.self)
        return field.contains(0x5C) ? unescape(value[...]) : value
    }

    /// The child's side: answers parts read from `nextLine` until it returns nil, writing each
    /// answer with `write` as soon as it is computed.
    public static func serve(nextLine: () -> String?, write: (String) -> Void) throws(HistoryWorkerError) {
        var repositoryPath: String?
        var folders: [FeatureFolder] = []
        var reader: DeltaReader?
        var parent: ObjectID?
        var trees: [ObjectID] = []
        while let line = nextLine() {
            // By scalars: a tab followed by a combining mark is one Character.
            let fields = line.unicodeScalars.split(separator: "\t", omittingEmptySubsequences: false).map {
                unescape(Substring($0))
            }
            switch (fields.first, fields.count) {
            case ("repo", 2): repositoryPath = fields[1]
            case ("folder", 3): folders.append(FeatureFolder(tree: fields[1], relative: fields[2]))
            case ("part", 2):
                parent = ObjectID(hex: fields[1])
                trees.removeAll(keepingCapacity: true)
            case ("tree", 2):
                guard let id = ObjectID(hex: fields[1]) else { throw .input("history-worker: bad tree id") }
                trees.append(id)
            case ("run", 1):
                guard let repositoryPath else { throw .input("history-worker: no repository") }
                let deltas: [[ResolvedChange]?]
                do {
                    deltas = try DeltaReader.kept(&reader, opening: repositoryPath, folders: folders)
                        .deltas(trees: trees[...], parent: parent)
                } catch {
                    throw .git(error)
                }
                write(answer(deltas) + "done\n")
            default: throw .input("history-worker: unexpected input line")
            }
        }
    }

    static func answer(_ deltas: [[ResolvedChange]?]) -> String {
        func blob(_ change: ResolvedChange) -> String { change.blob?.description ?? "-" }
        var out = ""
        for (index, changes) in deltas.enumerated() {
            for change in changes ?? [] {
                switch change.state {
                case .feature(let identity, let stage):
                    out +=
                        "\(index)\tF\t\(blob(change))\t\(identity.version)\t\(escape(stage))\t\(escape(identity.feature))\t\(escape(change.path))\n"
                case .unreadable(let message):
                    out += "\(index)\tU\t\(blob(change))\t\(escape(message))\t\(escape(change.path))\n"
                case nil:
                    out += "\(index)\tD\t\(escape(change.path))\n"
                }
            }
        }
        return out
    }

    /// Escapes `\\`, tab, newline and carriage return, scalar by scalar: as Characters, a
    /// CR LF pair is one character equal to neither and would pass unescaped.
    static func escape(_ s: String) -> String {
        let special: (Unicode.Scalar) -> Bool = { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard s.unicodeScalars.contains(where: special) else { return s }
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            switch c {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            default: out.append(c)
            }
        }
        return String(out)
    }

    static func unescape(_ s: Substring) -> String {
        guard s.unicodeScalars.contains("\\") else { return String(s) }
        var out = String.UnicodeScalarView()
        var escaped = false
        for c in s.unicodeScalars {
            if escaped {
                switch c {
                case "t": out.append("\t")
                case "n": out.append("\n")
                case "r": out.append("\r")
                default: out.append(c)
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return String(out)
    }
}

/// Why `feat history-worker` stopped: its parent sent a line the protocol does not allow, or
/// git could not be read.
public enum HistoryWorkerError: Error, CustomStringConvertible {
    case input(String)
    case git(GitError)

    public var description: String {
        switch self {
        case .input(let message): message
        case .git(let error): error.description
        }
    }
}
