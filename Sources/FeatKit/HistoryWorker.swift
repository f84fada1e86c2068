import FeatGit
import FeatModel
import Foundation

/// Child processes that compute history deltas for part of a first-parent chain.
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
/// Input (stdin): `repo`, `folder` and `parent` lines, then one `tree` line per commit,
/// oldest first. Output (stdout): one line per changed feature file,
/// `index TAB F TAB version TAB stage TAB name TAB path`, `index TAB U TAB message TAB path`
/// (unreadable) or `index TAB D TAB path` (deleted). Fields escape `\\`, tab and newline.
public final class HistoryWorker: @unchecked Sendable {
    private let process: Process
    private let lock = NSLock()
    private var output = Data()
    private let done = DispatchGroup()

    private init(process: Process) { self.process = process }

    /// Starts a child for `trees`; nil when it cannot be started.
    static func start(
        executable: String, repositoryPath: String, folders: [FeatureFolder],
        trees: ArraySlice<ObjectID>, parent: ObjectID?
    ) -> HistoryWorker? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["history-worker"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let worker = HistoryWorker(process: process)
        var request = "repo\t\(escape(repositoryPath))\n"
        for folder in folders { request += "folder\t\(escape(folder.tree))\t\(escape(folder.relative))\n" }
        request += "parent\t\(parent?.description ?? "-")\n"
        for tree in trees { request += "tree\t\(tree)\n" }
        let requestData = Data(request.utf8)
        let writer = input.fileHandleForWriting
        let reader = output.fileHandleForReading
        worker.done.enter()
        DispatchQueue.global().async {
            try? writer.write(contentsOf: requestData)
            try? writer.close()
        }
        DispatchQueue.global().async {
            let data = reader.readDataToEndOfFile()
            worker.lock.lock()
            worker.output = data
            worker.lock.unlock()
            worker.done.leave()
        }
        return worker
    }

    /// Waits for the child; its deltas, or nil when it failed.
    func finish(count: Int) -> [[ResolvedChange]?]? {
        done.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        lock.lock()
        let data = output
        lock.unlock()
        return Self.decode(data, count: count)
    }

    /// Parses the child's lines straight from bytes: a long walk sends a hundred thousand.
    static func decode(_ data: Data, count: Int) -> [[ResolvedChange]?]? {
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
                    guard fields.count == 6, let version = Int(text(fields[2])) else { return false }
                    change = ResolvedChange(
                        path: text(fields[5]),
                        state: .feature(Identity(feature: text(fields[4]), version: version), text(fields[3])))
                case 0x55:  // U
                    guard fields.count == 4 else { return false }
                    change = ResolvedChange(path: text(fields[3]), state: .unreadable(text(fields[2])))
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

    /// The child's side: reads the request, computes, and returns the response text.
    public static func respond(to input: Data) throws(FeatError) -> String {
        var repositoryPath: String?
        var folders: [FeatureFolder] = []
        var parent: ObjectID?
        var trees: [ObjectID] = []
        for line in String(decoding: input, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { unescape($0) }
            switch (fields.first, fields.count) {
            case ("repo", 2): repositoryPath = fields[1]
            case ("folder", 3): folders.append(FeatureFolder(tree: fields[1], relative: fields[2]))
            case ("parent", 2): parent = ObjectID(hex: fields[1])
            case ("tree", 2):
                guard let id = ObjectID(hex: fields[1]) else { throw .invalidArgument("history-worker: bad tree id") }
                trees.append(id)
            default: throw .invalidArgument("history-worker: unexpected input line")
            }
        }
        guard let repositoryPath else { throw .invalidArgument("history-worker: no repository") }
        let deltas = try FeatKit.git { () throws(GitError) in
            let repo = try Repository.open(discoveringFrom: repositoryPath)
            return try StepDeltas.deltas(repo, folders: folders, trees: trees[...], parent: parent, progress: nil)
        }
        var out = ""
        for (index, changes) in deltas.enumerated() {
            for change in changes ?? [] {
                switch change.state {
                case .feature(let identity, let stage):
                    out +=
                        "\(index)\tF\t\(identity.version)\t\(escape(stage))\t\(escape(identity.feature))\t\(escape(change.path))\n"
                case .unreadable(let message):
                    out += "\(index)\tU\t\(escape(message))\t\(escape(change.path))\n"
                case nil:
                    out += "\(index)\tD\t\(escape(change.path))\n"
                }
            }
        }
        return out
    }

    static func escape(_ s: String) -> String {
        guard s.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return s }
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.append(c)
            }
        }
        return out
    }

    static func unescape(_ s: Substring) -> String {
        guard s.contains("\\") else { return String(s) }
        var out = ""
        var escaped = false
        for c in s {
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
        return out
    }
}
