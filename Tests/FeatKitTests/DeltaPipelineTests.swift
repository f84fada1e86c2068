import FeatGit
import FeatTestSupport
import Foundation
import Testing

@testable import FeatKit

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
        for executable in ["/nonexistent/feat", "/bin/false", script] {
            let shared = try read(repo, workers: WorkerProcesses(executable: executable, count: 3, forced: true))
            #expect(shared.deltas == alone.deltas, "\(executable)")
        }
    }
}
