import FeatTestSupport
import Foundation
import Testing

/// Who promoted a feature: the person who made the change, not whoever pressed merge.
@Suite("History credits who made each stage change, and who merged it")
struct AttributionTests {
    /// main with `a` and `b` at explore; Bob promotes `a` on one branch, Carol `b` on another, and
    /// Alice merges both with merge commits.
    func team() throws -> (repo: GitFixture, merges: [String]) {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.setStage(of: "b", to: "explore", "start", by: .alice)
        try repo.git(["checkout", "-q", "-b", "bob"])
        try repo.setStage(of: "a", to: "candidate", "a to candidate", by: .bob)
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate", extra: "tags: [velocity]\n"))
        try repo.commit("tag a", by: .dan)
        try repo.git(["checkout", "-q", "-b", "carol", "main"])
        try repo.setStage(of: "b", to: "candidate", "b to candidate", by: .carol)
        try repo.git(["checkout", "-q", "main"])
        try repo.merge("bob", "merge bob", by: .alice)
        let first = try repo.head()
        try repo.merge("carol", "merge carol", by: .alice)
        return (repo, [first, try repo.head()])
    }

    /// Alice merges `branch` and, in the merge commit itself, sets `a` to `stage`.
    func mergeSettingA(_ repo: GitFixture, _ branch: String, to stage: String, message: String) throws {
        let alice = repo.environment(of: .alice)
        try repo.git(["merge", "-q", "--no-ff", "--no-commit", branch], env: alice)
        try repo.write("features/a.yaml", featureYAML("a", stage: stage))
        try repo.git(["add", "-A"], env: alice)
        try repo.git(["commit", "-q", "-m", message], env: alice)
    }

    func last(_ result: Run.Result, _ name: String) -> [String: Any] {
        transitions(result, name).last ?? [:]
    }

    func name(_ person: Any?) -> String? { (person as? [String: Any])?["name"] as? String }

    @Test("a promotion merged with a merge commit is credited to its author; merged_by is the merger")
    func mergeCommit() throws {
        let (repo, merges) = try team()
        let r = try feat("history", "--format", "json", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        let a = last(r, "a")
        #expect(a["commit"] as? String == merges[0])
        #expect(name(a["author"]) == "Bob Builder", "the newest merged commit that made it candidate, not Dan's tag")
        #expect(name(a["merged_by"]) == "Alice Merger")
        let b = last(r, "b")
        #expect(name(b["author"]) == "Carol Coder")
        #expect(name(b["merged_by"]) == "Alice Merger")
        // The first transition was an ordinary commit: no merged_by.
        #expect(transitions(r, "a").first?["merged_by"] == nil)

        let text = try feat("history", "a", in: repo.path)
        #expect(text.stdout.contains("Bob Builder, merged by Alice Merger"), "\(text.stdout)")
        let markdown = try feat("history", "a", "--format", "markdown", in: repo.path)
        #expect(markdown.stdout.contains("Bob Builder, merged by Alice Merger"), "\(markdown.stdout)")
    }

    @Test("a squash merge is an ordinary commit: its author is credited and there is no merged_by")
    func squash() throws {
        let repo = try featureRepo()
        try repo.setStage(of: "a", to: "explore", "start", by: .alice)
        try repo.git(["checkout", "-q", "-b", "bob"])
        try repo.setStage(of: "a", to: "candidate", "a to candidate", by: .bob)
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["merge", "-q", "--squash", "bob"])
        try repo.commit("a to candidate (#12)", by: .bob)
        let r = try feat("history", "--format", "json", in: repo.path)
        let a = last(r, "a")
        #expect(a["to"] as? String == "candidate")
        #expect(name(a["author"]) == "Bob Builder")
        #expect(a["merged_by"] == nil)
    }

    @Test("an octopus merge credits each feature to the branch that changed it")
    func octopus() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.setStage(of: "b", to: "explore", "start", by: .alice)
        try repo.git(["checkout", "-q", "-b", "bob"])
        try repo.setStage(of: "a", to: "candidate", "a", by: .bob)
        try repo.git(["checkout", "-q", "-b", "carol", "main"])
        try repo.setStage(of: "b", to: "candidate", "b", by: .carol)
        try repo.git(["checkout", "-q", "main"])
        try repo.git(
            ["merge", "-q", "--no-ff", "-m", "octopus", "bob", "carol"],
            env: repo.environment(of: .alice))
        let r = try feat("history", "--format", "json", in: repo.path)
        #expect(name(last(r, "a")["author"]) == "Bob Builder")
        #expect(name(last(r, "b")["author"]) == "Carol Coder")
        #expect(name(last(r, "b")["merged_by"]) == "Alice Merger")
    }

    @Test("author and merged_by both go through the .mailmap")
    func mailmap() throws {
        let (repo, _) = try team()
        try repo.write(
            ".mailmap",
            "Robert Builder <robert@example.com> Bob Builder <bob@example.com>\n"
                + "Alice M. <alice@corp.example.com> <alice@example.com>\n")
        try repo.commit("mailmap", by: .alice)
        let r = try feat("history", "--format", "json", in: repo.path)
        let a = last(r, "a")
        #expect(name(a["author"]) == "Robert Builder")
        #expect((a["author"] as? [String: Any])?["email"] as? String == "robert@example.com")
        #expect(name(a["merged_by"]) == "Alice M.")
    }

    @Test("a change made by the merge itself (no merged commit made it) stays with the merge's author")
    func evilMerge() throws {
        let repo = try featureRepo()
        try repo.setStage(of: "a", to: "explore", "start", by: .alice)
        try repo.git(["checkout", "-q", "-b", "bob"])
        try repo.write("notes.txt", "bob\n")
        try repo.commit("notes", by: .bob)
        try repo.git(["checkout", "-q", "main"])
        try mergeSettingA(repo, "bob", to: "candidate", message: "merge bob, promoting a")
        let r = try feat("history", "--format", "json", in: repo.path)
        let a = last(r, "a")
        #expect(a["to"] as? String == "candidate")
        #expect(name(a["author"]) == "Alice Merger")
        #expect(name(a["merged_by"]) == "Alice Merger")
    }

    @Test("one author's branch: the merged commit that made the change is credited, however many came after it")
    func oneAuthorBranch() throws {
        let repo = try featureRepo()
        try repo.setStage(of: "a", to: "explore", "start", by: .alice)
        try repo.git(["checkout", "-q", "-b", "bob"])
        try repo.setStage(of: "a", to: "candidate", "a to candidate", by: .bob)
        for n in 1...3 {
            try repo.write("notes-\(n).txt", "\(n)\n")
            try repo.commit("notes \(n)", by: .bob)
        }
        try repo.git(["checkout", "-q", "main"])
        try repo.setStage(of: "other", to: "explore", "meanwhile on main", by: .alice)
        try repo.merge("bob", "merge bob", by: .alice)
        let r = try feat("history", "--format", "json", in: repo.path)
        let a = last(r, "a")
        #expect(a["to"] as? String == "candidate")
        #expect(name(a["author"]) == "Bob Builder")
        #expect(name(a["merged_by"]) == "Alice Merger")
    }

    @Test("a merge that brings back a stage the branch never changed is the merger's change, not the branch author's")
    func stageTheBranchNeverChanged() throws {
        let repo = try featureRepo()
        try repo.setStage(of: "a", to: "candidate", "start", by: .alice)
        try repo.git(["checkout", "-q", "-b", "bob"])
        try repo.write("notes.txt", "bob\n")
        try repo.commit("notes", by: .bob)
        try repo.git(["checkout", "-q", "main"])
        try repo.setStage(of: "a", to: "explore", "a back to explore", by: .alice)
        try mergeSettingA(repo, "bob", to: "candidate", message: "merge bob, a candidate again")
        let r = try feat("history", "--format", "json", in: repo.path)
        let a = last(r, "a")
        #expect(a["to"] as? String == "candidate")
        #expect(name(a["author"]) == "Alice Merger", "Bob's tree says candidate, but so did the commit he forked from")
        #expect(name(a["merged_by"]) == "Alice Merger")
    }

    @Test("a branch merged by its author is theirs; merged by one of its two authors, the one who made the change")
    func mergedByAnAuthor() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.setStage(of: "b", to: "explore", "start", by: .alice)
        // Bob's own branch, merged by Bob.
        try repo.git(["checkout", "-q", "-b", "bob"])
        try repo.setStage(of: "a", to: "candidate", "a to candidate", by: .bob)
        try repo.git(["checkout", "-q", "main"])
        try repo.merge("bob", "merge bob", by: .bob)
        // Dan promotes b, Bob adds notes on the same branch, and Bob merges it.
        try repo.git(["checkout", "-q", "-b", "pair"])
        try repo.setStage(of: "b", to: "candidate", "b to candidate", by: .dan)
        try repo.write("notes.txt", "bob\n")
        try repo.commit("notes", by: .bob)
        try repo.git(["checkout", "-q", "main"])
        try repo.merge("pair", "merge pair", by: .bob)
        let r = try feat("history", "--format", "json", in: repo.path)
        #expect(name(last(r, "a")["author"]) == "Bob Builder")
        #expect(name(last(r, "a")["merged_by"]) == "Bob Builder")
        #expect(name(last(r, "b")["author"]) == "Dan Docs", "Bob merged it, but Dan made the change")
        #expect(name(last(r, "b")["merged_by"]) == "Bob Builder")
    }

    @Test("an unrelated history merged twice: its root, merged before, is not credited to the second merge")
    func unrelatedHistoryMergedTwice() throws {
        let repo = try featureRepo()
        try repo.setStage(of: "a", to: "explore", "start", by: .alice)
        let alice = repo.environment(of: .alice)
        // Bob's history starts on its own, with `a` a candidate.
        try repo.git(["switch", "-q", "--orphan", "other"])
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features]\n")
        try repo.setStage(of: "a", to: "candidate", "a candidate, elsewhere", by: .bob)
        // Alice merges it, keeping explore; Bob takes main in, keeping his tree.
        try repo.git(["checkout", "-q", "main"])
        _ = try? repo.git(["merge", "-q", "--allow-unrelated-histories", "--no-commit", "other"], env: alice)
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.git(["add", "-A"], env: alice)
        try repo.git(["commit", "-q", "-m", "merge other, keeping explore"], env: alice)
        try repo.git(["checkout", "-q", "other"])
        try repo.git(
            ["merge", "-q", "--no-ff", "-s", "ours", "-m", "take main in", "main"],
            env: repo.environment(of: .bob))
        // Carol merges it again: `a` becomes a candidate, a change no merged commit made.
        try repo.git(["checkout", "-q", "main"])
        try repo.merge("other", "merge other again", by: .carol)
        let r = try feat("history", "--format", "json", in: repo.path)
        let a = last(r, "a")
        #expect(stages(transitions(r, "a")) == ["null→explore", "explore→candidate"])
        #expect(name(a["author"]) == "Carol Coder", "Bob's candidate came in, and was set aside, with the first merge")
        #expect(name(a["merged_by"]) == "Carol Coder")
    }

    @Test("a branch merged twice: what its first merge brought in is not credited to the second")
    func branchMergedTwice() throws {
        let repo = try featureRepo()
        try repo.setStage(of: "a", to: "explore", "start", by: .alice)
        try repo.git(["checkout", "-q", "-b", "bob"])
        try repo.setStage(of: "a", to: "candidate", "a to candidate", by: .bob)
        try repo.git(["checkout", "-q", "main"])
        try repo.merge("bob", "merge bob", by: .alice)
        try repo.setStage(of: "a", to: "explore", "a back to explore", by: .alice)
        // Bob goes on with notes only; Alice, merging them, makes `a` a candidate again herself.
        try repo.git(["checkout", "-q", "bob"])
        try repo.write("notes.txt", "bob\n")
        try repo.commit("notes", by: .bob)
        try repo.git(["checkout", "-q", "main"])
        try mergeSettingA(repo, "bob", to: "candidate", message: "merge bob again, a candidate again")
        let r = try feat("history", "--format", "json", in: repo.path)
        let steps = transitions(r, "a")
        #expect(stages(steps) == ["null→explore", "explore→candidate", "candidate→explore", "explore→candidate"])
        #expect(
            steps.map { name($0["author"]) } == ["Alice Merger", "Bob Builder", "Alice Merger", "Alice Merger"],
            "Bob's candidate came in with the first merge; the second brought only his notes")
    }

    @Test("a branch forked from an earlier merged branch: its fork point is not on main's line, and still counts")
    func forkOffTheMainLine() throws {
        let repo = try featureRepo()
        try repo.setStage(of: "a", to: "explore", "start", by: .alice)
        // Bob's first branch makes `a` a candidate and is merged.
        try repo.git(["checkout", "-q", "-b", "bob"])
        try repo.setStage(of: "a", to: "candidate", "a to candidate", by: .bob)
        try repo.git(["checkout", "-q", "main"])
        try repo.setStage(of: "other", to: "explore", "meanwhile on main", by: .alice)
        try repo.merge("bob", "merge bob", by: .alice)
        // He goes on from his branch, not from main: the new branch forks at his own merged commit.
        try repo.git(["checkout", "-q", "bob"])
        try repo.setStage(of: "a", to: "shadow", "a to shadow", by: .bob)
        try repo.git(["checkout", "-q", "main"])
        try repo.merge("bob", "merge bob again", by: .alice)
        // Carol works on top of Bob's merged commit too, but her branch only touches notes, and
        // Alice promotes `a` while merging it: the change is the merge's, not Carol's.
        try repo.git(["checkout", "-q", "-b", "carol", "bob"])
        try repo.write("notes.txt", "carol\n")
        try repo.commit("notes", by: .carol)
        try repo.git(["checkout", "-q", "main"])
        try mergeSettingA(repo, "carol", to: "production", message: "merge carol, promoting a")
        let r = try feat("history", "--format", "json", in: repo.path)
        let steps = transitions(r, "a")
        #expect(stages(steps) == ["null→explore", "explore→candidate", "candidate→shadow", "shadow→production"])
        #expect(steps.map { name($0["author"]) } == ["Alice Merger", "Bob Builder", "Bob Builder", "Alice Merger"])
        #expect(steps.map { name($0["merged_by"]) } == [nil, "Alice Merger", "Alice Merger", "Alice Merger"])
    }

    @Test("check's timeline: a file broken in one commit and mended in the next is no stage change")
    func brokenThenMendedInCheck() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("start", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write("features/a.yaml", "feature: a\nstage: [explore\n")
        try repo.commit("oops")
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore", extra: "tags: [x]\n"))
        try repo.commit("mend")
        try repo.setStage(of: "b", to: "explore", "add b", by: .bob)
        let r = try feat(
            "check", "--base", "main", "--now", "2026-03-01T00:00:00Z", "--format", "markdown", in: repo.path)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("Stage changes in this pull request"), "\(r.stdout)")
        #expect(!r.stdout.contains("explore → removed"), "\(r.stdout)")
        #expect(!r.stdout.contains("section a\n"), "a never changed stage: \(r.stdout)")
        #expect(r.stdout.contains("section b\n"), "b's entry is shown: \(r.stdout)")
        #expect(r.stdout.contains("Bob Builder"), "\(r.stdout)")
    }
}

/// The people of these stories, as their commits write them.
private struct Author {
    let name: String
    let email: String

    static let alice = Author(name: "Alice Merger", email: "alice@example.com")
    static let bob = Author(name: "Bob Builder", email: "bob@example.com")
    static let carol = Author(name: "Carol Coder", email: "carol@example.com")
    static let dan = Author(name: "Dan Docs", email: "dan@example.com")
}

extension GitFixture {
    @discardableResult
    fileprivate func commit(_ message: String, by who: Author) throws -> String {
        try commit(message, author: who.name, email: who.email)
    }

    fileprivate func environment(of who: Author) -> [String: String] {
        environment(author: who.name, email: who.email)
    }
    /// Writes feature `name` at `stage` and commits it as `who`.
    fileprivate func setStage(of name: String, to stage: String, _ message: String, by who: Author) throws {
        try write("features/\(name).yaml", featureYAML(name, stage: stage))
        try commit(message, by: who)
    }

    /// Merges `branch` with a merge commit made by `who`.
    fileprivate func merge(_ branch: String, _ message: String, by who: Author) throws {
        try git(["merge", "-q", "--no-ff", "-m", message, branch], env: environment(of: who))
    }
}
