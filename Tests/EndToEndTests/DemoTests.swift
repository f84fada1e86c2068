import FeatTestSupport
import Foundation
import Testing

@Suite("feat demo")
struct DemoTests {
    @Test("builds a repository with real history and shows history, diff and check on it")
    func demo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("feat-demo-test-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try feat("demo", dir, in: FileManager.default.temporaryDirectory.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("candidate → shadow"))
        #expect(r.stdout.contains("CI Merge Bot"))
        #expect(r.stdout.contains("aggregation.window 7d → 30d"))
        // The skipped stage is a promotion with its own impact; FEAT004 and FEAT005 judge the skip.
        #expect(r.stdout.contains("compatible promoted candidate → production"))
        #expect(r.stdout.contains("error[FEAT006]"))
        #expect(r.stdout.contains("error[FEAT004]"))
        // It is a real repository: git agrees, and feat works in it.
        let log = try Run.process("/usr/bin/env", ["git", "log", "--oneline", "--first-parent", "main"], in: dir)
        #expect(log.stdout.split(separator: "\n").count == 10)
        let history = try feat("history", "user_txn_count_7d", "--format", "json", in: dir)
        #expect(
            stages(transitions(history, "user_txn_count_7d")) == [
                "null→explore", "explore→candidate", "candidate→shadow", "shadow→production",
            ])
        let again = try feat("demo", dir, in: FileManager.default.temporaryDirectory.path)
        #expect(again.status == 2)
    }
}
