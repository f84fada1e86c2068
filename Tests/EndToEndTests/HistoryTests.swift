import FeatTestSupport
import Foundation
import Testing

@Suite("feat history: transitions from first-parent commits")
struct HistoryTests {
    @Test("a side branch that promotes twice and is merged counts once, at the merge, against the first parent")
    func mergeCountsOnce() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.write("features/b.yaml", featureYAML("b", stage: "candidate"))
        let root = try repo.commit("start")
        try repo.git(["checkout", "-q", "-b", "topic"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("a candidate")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.write("features/b.yaml", featureYAML("b", stage: "shadow"))
        try repo.commit("a shadow, b shadow")
        try repo.write("features/b.yaml", featureYAML("b", stage: "candidate"))
        try repo.commit("b back: net no change")
        try repo.git(["checkout", "-q", "main"])
        try repo.write("README", "main moves on\n")
        try repo.commit("main work")
        try repo.git(
            ["merge", "-q", "--no-ff", "-m", "merge topic", "topic"],
            env: repo.environment(author: "CI Merge Bot", email: "ci@example.com"))
        let merge = try repo.head()
        let r = try feat("history", "--format", "json", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        let a = transitions(r, "a")
        #expect(stages(a) == ["null→explore", "explore→shadow"])
        #expect(a.first?["commit"] as? String == root)
        #expect(a.last?["commit"] as? String == merge)
        // The change was made on the branch: its author is credited, the merger recorded beside.
        #expect((a.last?["author"] as? [String: Any])?["name"] as? String == "Ana Lopez")
        #expect((a.last?["merged_by"] as? [String: Any])?["name"] as? String == "CI Merge Bot")
        #expect(stages(transitions(r, "b")) == ["null→candidate"])
        #expect(a.first?["date"] as? String == "2026-01-05T10:00:00Z")
    }

    @Test("moves are no transition; a changed name is a removal and an addition; a new version is its own feature")
    func identityNotPath() throws {
        let repo = try featureRepo()
        try repo.write("features/x/a.yaml", featureYAML("a", stage: "explore"))
        try repo.write("features/x/old.yaml", featureYAML("old_name", stage: "explore"))
        try repo.commit("start")
        try FileManager.default.createDirectory(atPath: repo.path + "/features/y", withIntermediateDirectories: true)
        try repo.git(["mv", "features/x/a.yaml", "features/y/a.yaml"])
        try repo.commit("move a")
        try repo.remove("features/x/old.yaml")
        try repo.write("features/x/new.yaml", featureYAML("new_name", stage: "explore"))
        try repo.commit("rename")
        try repo.write("features/y/a_v2.yaml", featureYAML("a", stage: "explore", version: 2))
        try repo.commit("a v2")
        let r = try feat("history", "--format", "json", in: repo.path)
        #expect(stages(transitions(r, "a")) == ["null→explore"])
        let features = r.json["features"] as? [[String: Any]] ?? []
        let a = features.first { $0["feature"] as? String == "a" && $0["version"] as? Int == 1 }
        #expect(a?["path"] as? String == "features/y/a.yaml")
        #expect(stages(transitions(r, "old_name")) == ["null→explore", "explore→null"])
        #expect(features.first { $0["feature"] as? String == "old_name" }?["stage"] is NSNull)
        #expect(stages(transitions(r, "new_name")) == ["null→explore"])
        #expect(stages(transitions(r, "a", version: 2)) == ["null→explore"])
    }

    @Test("deletion and re-addition")
    func deleteAndReadd() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("add")
        try repo.remove("features/a.yaml")
        try repo.commit("remove")
        try repo.write("features/again/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("re-add")
        let r = try feat("history", "a", "--format", "json", in: repo.path)
        #expect(stages(transitions(r, "a")) == ["null→candidate", "candidate→null", "null→explore"])
        let text = try feat("history", "a", "--now", "2026-01-10T10:00:00Z", in: repo.path)
        #expect(text.stdout.contains("candidate → removed"))
        #expect(text.stdout.contains("3 days so far"), "\(text.stdout)")
    }

    @Test("a file that does not parse in an old commit is a warning with commit and path; the walk goes on")
    func brokenOldFile() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("good")
        try repo.write("features/a.yaml", "feature: a\nstage: [candidate\n")
        let broken = try repo.commit("broken")
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("fixed")
        let r = try feat("history", "--format", "json", in: repo.path)
        #expect(r.status == 0)
        #expect(stages(transitions(r, "a")) == ["null→explore", "explore→candidate"])
        let warnings = r.json["warnings"] as? [[String: Any]] ?? []
        #expect(warnings.count == 1)
        #expect(warnings.first?["commit"] as? String == broken)
        #expect(warnings.first?["path"] as? String == "features/a.yaml")
        #expect(r.stderr.contains("features/a.yaml at \(broken.prefix(12))"))
    }

    @Test("authors go through the .mailmap of the analysed revision; a non-UTF-8 name does not crash")
    func authors() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        var env = repo.environment(author: "x", email: "old@laptop.local")
        env["GIT_AUTHOR_NAME"] = "Jos\u{E9}"
        try repo.git(["add", "-A"])
        try repo.git(["commit", "-q", "-m", "one"], env: env)
        // A Latin-1 author name, written raw into a commit object.
        let tree = try repo.git(["write-tree"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let parent = try repo.head()
        try repo.write("features/b.yaml", featureYAML("b", stage: "explore"))
        try repo.git(["add", "-A"])
        let tree2 = try repo.git(["write-tree"]).trimmingCharacters(in: .whitespacesAndNewlines)
        _ = tree
        var raw = Data("tree \(tree2)\nparent \(parent)\nauthor Ren".utf8)
        raw.append(0xE9)
        raw.append(
            Data(
                " <rene@example.com> 1767700000 +0000\ncommitter CI <ci@example.com> 1767700000 +0000\n\nlatin-1 author\n"
                    .utf8))
        try repo.write(".raw-commit", raw)
        let id = try repo.git(["hash-object", "-t", "commit", "-w", ".raw-commit"]).trimmingCharacters(
            in: .whitespacesAndNewlines)
        try repo.remove(".raw-commit")
        try repo.git(["update-ref", "refs/heads/main", id])
        try repo.git(["reset", "-q", "--hard"])
        try repo.write(".mailmap", "Ana Lopez <ana@example.com> <old@laptop.local>\n")
        try repo.commit("mailmap")
        let r = try feat("history", "--format", "json", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        let a = transitions(r, "a").first?["author"] as? [String: Any]
        #expect(a?["name"] as? String == "Ana Lopez")
        #expect(a?["email"] as? String == "ana@example.com")
        let b = transitions(r, "b").first?["author"] as? [String: Any]
        #expect((b?["name"] as? String)?.hasPrefix("Ren") == true)
    }

    @Test("a shallow clone stops at the boundary and says so; a question older than it exits 2")
    func shallowClone() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("one", date: "2026-01-05T10:00:00Z")
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("two", date: "2026-01-10T10:00:00Z")
        try repo.write("features/a.yaml", featureYAML("a", stage: "shadow"))
        try repo.commit("three", date: "2026-01-15T10:00:00Z")
        let clone = repo.path + "-shallow"
        try repo.git(["clone", "-q", "--depth", "2", "file://" + repo.path, clone])
        defer { try? FileManager.default.removeItem(atPath: clone) }
        let r = try feat("history", "--format", "json", in: clone)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.json["shallow_boundary"] as? String != nil)
        #expect(r.stderr.contains("shallow clone"))
        #expect(stages(transitions(r, "a")) == ["candidate→shadow"])
        let old = try feat("list", "--at", "2026-01-06", in: clone)
        #expect(old.status == 2)
        #expect(old.stderr.contains("history too shallow"))
        #expect(old.stderr.contains("fetch-depth: 0"))
        let recent = try feat("list", "--at", "2026-01-11", "--format", "json", in: clone)
        #expect(recent.status == 0, "\(recent.stderr)")
        let beyond = try feat("list", "--at", "HEAD~2", in: clone)
        #expect(beyond.status == 2)
    }

    @Test("markdown and mermaid render the same transitions")
    func formats() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("one", date: "2026-01-05T10:00:00Z")
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.write("features/b_c.yaml", featureYAML("b_c", stage: "explore"))
        try repo.commit("two", date: "2026-01-10T10:00:00Z")
        let md = try feat("history", "--format", "markdown", "--now", "2026-01-20T10:00:00Z", in: repo.path)
        // GitHub reads no Markdown escapes inside <summary>: names are HTML-escaped there.
        #expect(md.stdout.contains("<summary><b>b_c</b>"), "\(md.stdout)")
        #expect(md.stdout.contains("| b\\_c | 1 | explore |"))
        #expect(md.stdout.contains("| a | 1 | candidate | 2026-01-10 | 10 |"))
        #expect(md.stdout.contains("| 2026-01-05 | ∅ → explore | 5 |"))
        let mermaid = try feat("history", "--format", "mermaid", in: repo.path)
        #expect(mermaid.stdout.hasPrefix("```mermaid\ntimeline\n"))
        #expect(mermaid.stdout.contains("2026-01-10 : candidate"))
        let unknown = try feat("history", "nope", in: repo.path)
        #expect(unknown.status == 2)
    }
}

@Suite("History split across worker processes")
struct HistoryWorkerTests {
    @Test("the same history from 1, 2 and 5 processes, with tabs and newlines in paths")
    func sameAnswer() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.write("features/odd\tname\nhere.yaml", featureYAML("odd", stage: "explore"))
        // CR LF is one Character in Swift: the worker protocol must escape it scalar by scalar.
        try repo.write("features/cr\r\nlf\u{301}.yaml", featureYAML("crlf", stage: "explore"))
        try repo.commit("one")
        try repo.git(["checkout", "-q", "-b", "topic"])
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("topic")
        try repo.git(["checkout", "-q", "main"])
        try repo.write("features/b.yaml", "feature: b\nstage: [broken\n")
        try repo.commit("broken b")
        try repo.git(["merge", "-q", "--no-ff", "-m", "merge", "topic"])
        try repo.write("features/odd\tname\nhere.yaml", featureYAML("odd", stage: "candidate"))
        try repo.write("features/cr\r\nlf\u{301}.yaml", featureYAML("crlf", stage: "candidate"))
        try repo.remove("features/b.yaml")
        try repo.commit("odd candidate")
        try FileManager.default.createDirectory(atPath: repo.path + "/features/x", withIntermediateDirectories: true)
        try repo.git(["mv", "features/a.yaml", "features/x/a.yaml"])
        try repo.commit("move")
        let one = try feat("history", "--format", "json", in: repo.path, env: ["FEAT_WORKERS": "1"])
        #expect(one.status == 0)
        #expect(stages(transitions(one, "odd")) == ["null→explore", "explore→candidate"])
        #expect(stages(transitions(one, "crlf")) == ["null→explore", "explore→candidate"])
        // Without the index: with it, a repeated run reads no commit, so nothing would be split.
        for n in ["2", "5"] {
            let many = try feat("history", "--format", "json", "--no-index", in: repo.path, env: ["FEAT_WORKERS": n])
            #expect(many.status == 0, "\(many.stderr)")
            #expect(many.stdout == one.stdout)
            #expect(many.stderr == one.stderr)
            let profiled = try feat(
                "history", "--format", "json", "--no-index", in: repo.path,
                env: ["FEAT_WORKERS": n, "FEAT_PROFILE": "1"])
            #expect(profiled.stderr.contains("\(n) processes"), "\(profiled.stderr)")
        }
    }
}

@Suite("History beside foreign YAML")
struct ForeignYAMLHistoryTests {
    @Test("manifests in a feature folder are reported once each as not feature files; features are unaffected")
    func manifests() throws {
        let repo = try GitFixture()
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features, infra]\n")
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.write("infra/chart.yaml", "apiVersion: v2\nname: payments\nversion: 1.0.0\n")
        try repo.write("infra/values.yaml", "# enables the new_feature flag\nflags: {new_feature: true}\n")
        try repo.commit("start")
        try repo.write("infra/chart.yaml", "apiVersion: v2\nname: payments\nversion: 1.0.1\n")
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("bump chart, promote a")
        let r = try feat("history", "--format", "json", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(stages(transitions(r, "a")) == ["null→explore", "explore→candidate"])
        let warnings = r.json["warnings"] as? [[String: Any]] ?? []
        let paths = warnings.compactMap { $0["path"] as? String }
        #expect(paths.filter { $0 == "infra/chart.yaml" }.count == 1, "once, not per version: \(warnings)")
        #expect(paths.contains("infra/values.yaml"), "a file that mentions the word goes to the parser: \(warnings)")
        let chart = warnings.first { $0["path"] as? String == "infra/chart.yaml" }
        #expect((chart?["message"] as? String)?.contains("not a feature file") == true, "\(warnings)")
    }
}
