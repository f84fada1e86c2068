import FeatGit
import FeatModel
import FeatTestSupport
import Foundation
import GitID
import Testing

@testable import FeatHistory

/// The deltas of a history, read by this process alone or shared with children, whatever the
/// children do.
@Suite("Reading history in parts shared with child processes")
struct DeltaPipelineTests {
    /// A repository of `commits` commits, each changing one of a few feature files.
    func history(commits: Int) throws -> GitFixture {
        let repo = try GitFixture()
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features]\n")
        for n in 0..<commits {
            let stage = ["explore", "candidate", "shadow"][n % 3]
            try repo.write("features/f\(n % 4).yaml", "feature: f\(n % 4)\nversion: 1\nstage: \(stage)\n")
            try repo.commit("commit \(n)")
        }
        return repo
    }

    /// Every commit's changed feature files, oldest first, as `path=stage` per commit.
    func read(_ repo: GitFixture, workers: WorkerProcesses?) throws -> (deltas: [String], processes: Int) {
        let git = try Repository.open(discoveringFrom: repo.path)
        let folders = [FeatureFolder(tree: "features", relative: "features")]
        let pipeline = DeltaPipeline(repositoryPath: repo.path, folders: folders, workers: workers)
        defer { pipeline.stop() }
        let chain = try git.firstParentHistory(from: try git.resolveCommit("HEAD")) { step in
            pipeline.found(step.tree)
            return false
        }
        var deltas = [String](repeating: "", count: chain.steps.count)
        var next = 0
        let processes = try pipeline.finish(base: nil, progress: nil) { start, part in
            #expect(start == next, "parts are handed on oldest first, each right after the one before")
            next = start + part.count
            for (offset, changes) in part.enumerated() {
                deltas[start + offset] = (changes ?? []).map { change in
                    guard case .feature(_, let stage) = change.state else { return change.path + "=?" }
                    return change.path + "=" + stage
                }.joined(separator: ",")
            }
        }
        #expect(next == chain.steps.count, "every commit was handed on")
        return (deltas, processes)
    }

    /// SIGPIPE's handler now, as a number (0: the default), left as it was.
    func pipeDisposition() -> Int {
        let current = signal(SIGPIPE, SIG_IGN)
        signal(SIGPIPE, current)
        return unsafeBitCast(current, to: Int.self)
    }

    @Test("children that cannot start, die at once, or die mid-way leave the same answer, read here")
    func failingChildren() throws {
        let repo = try history(commits: 12)
        let alone = try read(repo, workers: nil)
        #expect(alone.processes == 1)
        #expect(alone.deltas.first == "features/f0.yaml=explore")
        #expect(alone.deltas[5] == "features/f1.yaml=shadow")
        let script = repo.path + "/../dies-midway.sh"
        try "#!/bin/sh\nread greeting\nread folder\nread part\nexit 3\n".write(
            toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        let pipeBefore = pipeDisposition()
        defer { #expect(pipeDisposition() == pipeBefore, "SIGPIPE is as it was once the children are gone") }
        for executable in ["/nonexistent/feat", "/bin/false", script] {
            let shared = try read(repo, workers: WorkerProcesses(executable: executable, count: 3, forced: true))
            #expect(shared.deltas == alone.deltas, "\(executable)")
        }
    }

    @Test(
        "a child's answer carries any path, name, message and blob id back unchanged: tab, newline, CR LF, backslash, accents"
    )
    func answerRoundTrip() {
        let paths = [
            "features/a.yaml", "features/odd\tname\nhere.yaml", "features/cr\r\nlf.yaml",
            "features/back\\slash\\n.yaml",
            "features/e\u{301}\t\u{301}x.yaml", "features/done\ndone\n.yaml",
        ]
        // Each version's blob, so that grading reads it without looking the path up again; a
        // change that did not know its blob says so.
        let blob = { (i: Int) in ObjectID(words: (UInt64(i + 1), 0x0123_4567_89AB_CDEF, UInt32(i))) }
        let deltas: [[ResolvedChange]?] = [
            paths.enumerated().map {
                ResolvedChange(
                    path: $1, state: .feature(Identity(feature: "f\r\n\t", version: 2), "shad\\ow"), blob: blob($0))
            },
            nil,
            paths.enumerated().map {
                ResolvedChange(
                    path: $1, state: .unreadable("line 3:\r\n bad\tvalue"), blob: $0.isMultiple(of: 2) ? blob($0) : nil)
            },
            paths.map { ResolvedChange(path: $0, state: nil) },
        ]
        let answer = HistoryWorker.answer(deltas)
        #expect(!answer.unicodeScalars.contains("\r"), "no raw carriage return on the wire")
        #expect(answer.unicodeScalars.filter { $0 == "\n" }.count == 3 * paths.count, "one line per change")
        let decoded = HistoryWorker.decode(Array(answer.utf8), count: deltas.count)
        #expect(decoded?.count == deltas.count)
        for (sent, received) in zip(deltas, decoded ?? []) {
            #expect(sent?.map(\.path) == received?.map(\.path))
            #expect(sent?.map(\.state) == received?.map(\.state))
            #expect(sent?.map(\.blob) == received?.map(\.blob))
        }
        #expect(decoded?[0]?.allSatisfy { $0.blob != nil } == true)
    }
}
