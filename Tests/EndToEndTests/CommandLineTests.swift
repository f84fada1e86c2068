import FeatTestSupport
import Foundation
import Testing

@Suite("Commands, exit codes and repository discovery")
struct CommandLineTests {
    @Test("init writes the commented default policy and features/, and CI workflows")
    func initWritesPolicy() throws {
        let repo = try GitFixture()
        let r = try feat("init", "--ci", "github", in: repo.path)
        #expect(r.status == 0)
        let config = try repo.read(".featurerepo/config.yaml")
        #expect(config.contains("min_days: 7"))
        #expect(config.contains("# "))
        let workflow = try repo.read(".github/workflows/feat.yml")
        #expect(workflow.contains("fetch-depth: 0"))
        #expect(workflow.contains("safe.directory"))
        let again = try feat("init", "--ci", "github", in: repo.path)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
        let gitlab = try feat("init", "--ci", "gitlab", in: repo.path)
        #expect(gitlab.status == 0)
        #expect(try repo.read(".gitlab-ci.yml").contains("merge_request_event"))
    }

    @Test(
        "new writes a valid entry-stage file for every kind",
        arguments: ["scalar", "aggregation", "categorical", "map", "embedding"])
    func newEveryKind(kind: String) throws {
        let repo = try GitFixture()
        _ = try feat("init", in: repo.path)
        let r = try feat("new", "f_\(kind)", "--kind", kind, "--owner", "me@example.com", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        let v = try feat("validate", in: repo.path)
        #expect(v.status == 0, "\(v.stdout)")
        let text = try repo.read("features/f_\(kind).yaml")
        #expect(text.contains("stage: explore"))
        #expect(text.contains("candidate will require"))
    }

    @Test("new takes the owner from git's user.email when --owner is not given")
    func newDefaultOwner() throws {
        let repo = try GitFixture()
        _ = try feat("init", in: repo.path)
        try repo.git(["config", "user.email", "someone@example.com"])
        let r = try feat("new", "owned", "--kind", "scalar", in: repo.path, env: ["GIT_AUTHOR_EMAIL": ""])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try repo.read("features/owned.yaml").contains("owner: someone@example.com"))
    }

    @Test("new refuses a name that is not an identifier, and an unknown kind, with exit 2")
    func newRefusesBadNames() throws {
        let repo = try GitFixture()
        _ = try feat("init", in: repo.path)
        let traversal = try feat("new", "../../etc/passwd", "--kind", "scalar", in: repo.path)
        #expect(traversal.status == 2)
        #expect(traversal.stderr.contains("not a feature name"))
        let kind = try feat("new", "ok_name", "--kind", "embeding", in: repo.path)
        #expect(kind.status == 2)
        #expect(kind.stderr.contains("did you mean 'embedding'"))
    }

    @Test("validate reports each problem with file:line and exits 1")
    func validateReportsLines() throws {
        let repo = try featureRepo()
        try repo.write(
            "features/a.yaml", "feature: a\nstage: candidate\nkind: aggregation\nownr: x\nowner: me\nhypothesis: h\n")
        let r = try feat("validate", in: repo.path)
        #expect(r.status == 1)
        #expect(r.stdout.contains("features/a.yaml:4: error: unknown field 'ownr' (did you mean 'owner'?)"))
        #expect(r.stdout.contains("features/a.yaml:2: error: stage candidate requires description"))
        let json = try feat("validate", "--format", "json", in: repo.path)
        #expect(json.json["ok"] as? Bool == false)
    }

    @Test("validate flags duplicate identities and unknown stages")
    func duplicatesAndStages() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("dup", stage: "explore"))
        try repo.write("features/b/a.yaml", featureYAML("dup", stage: "explore"))
        try repo.write("features/c.yaml", featureYAML("c", stage: "explor"))
        let r = try feat("validate", in: repo.path)
        #expect(r.status == 1)
        #expect(r.stdout.contains("features/b/a.yaml:1: error: dup version 1 is already defined in features/a.yaml"))
        #expect(r.stdout.contains("unknown stage 'explor' (did you mean 'explore'?)"))
    }

    @Test("promote changes only the stage value, keeping every other byte")
    func promoteKeepsBytes() throws {
        let repo = try featureRepo()
        let original =
            "# header comment\r\nfeature: p   # the name\r\nstage:   explore    # where it is\r\nkind: scalar\r\nowner: 'me'\r\nhypothesis: >\r\n  folded\r\n"
        try repo.write("features/p.yaml", original)
        let r = try feat("promote", "p", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("candidate still requires"))
        let after = try repo.read("features/p.yaml")
        #expect(after == original.replacingOccurrences(of: "stage:   explore    #", with: "stage:   candidate    #"))
        let skip = try feat("promote", "p", "--to", "production", in: repo.path)
        #expect(skip.status == 2)
        #expect(try repo.read("features/p.yaml") == after)
    }

    @Test("an unknown revision and a folder outside any feature repo exit 2 with one line")
    func couldNotRun() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("one")
        let r = try feat("list", "--at", "no-such-branch", in: repo.path)
        #expect(r.status == 2)
        #expect(r.stderr == "feat: error: unknown revision 'no-such-branch'\n")
        let empty = try featureRepo()
        let none = try feat("history", in: empty.path)
        #expect(none.status == 2)
        #expect(none.stderr == "feat: error: unknown revision 'HEAD': the repository has no commits yet\n")
        let outside = FileManager.default.temporaryDirectory.path
        let o = try feat("list", in: outside)
        #expect(o.status == 2)
        #expect(o.stderr.contains("run `feat init`"))
        let usage = try feat("list", "--frmat", "json", in: repo.path)
        #expect(usage.status == 2)
        let badFormat = try feat("list", "--format", "mermaid", in: repo.path)
        #expect(badFormat.status == 2)
        let help = try feat("--help", in: repo.path)
        #expect(help.status == 0)
        for command in ["init", "new", "validate", "promote", "list", "show", "history", "schema"] {
            #expect(help.stdout.contains(command))
        }
    }

    @Test("discovery from a subdirectory, a monorepo subfolder, a linked worktree and a bare repository")
    func discovery() throws {
        let repo = try featureRepo(prefix: "ml/features-repo")
        try repo.write("ml/features-repo/features/deep/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("one")
        let sub = repo.path + "/ml/features-repo/features/deep"
        let r = try feat("list", "--format", "json", in: sub)
        #expect(r.status == 0, "\(r.stderr)")
        let features = r.json["features"] as? [[String: Any]] ?? []
        #expect(features.first?["path"] as? String == "features/deep/a.yaml")
        let h = try feat("history", "--format", "json", in: sub)
        #expect(stages(transitions(h, "a")) == ["null→explore"])

        let worktree = repo.path + "-wt"
        try repo.git(["worktree", "add", "-q", worktree, "-b", "wt"])
        defer { try? FileManager.default.removeItem(atPath: worktree) }
        let w = try feat("history", "--format", "json", in: worktree + "/ml/features-repo")
        #expect(w.status == 0, "\(w.stderr)")
        #expect(stages(transitions(w, "a")) == ["null→explore"])

        let plain = try featureRepo()
        try plain.write("features/b.yaml", featureYAML("b", stage: "explore"))
        try plain.commit("b")
        let bare = plain.path + ".git-bare"
        try plain.git(["clone", "-q", "--bare", plain.path, bare])
        defer { try? FileManager.default.removeItem(atPath: bare) }
        let b = try feat("list", "--format", "json", in: bare)
        #expect(b.status == 0, "\(b.stderr)")
        #expect((b.json["features"] as? [[String: Any]])?.first?["feature"] as? String == "b")
        let v = try feat("validate", in: bare)
        #expect(v.status == 2)
        #expect(v.stderr.contains("bare repository"))
    }

    @Test("list and show at a past commit and at a date")
    func pointInTime() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        let first = try repo.commit("one", date: "2026-01-05T10:00:00Z")
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("two", date: "2026-01-20T10:00:00Z")
        let atCommit = try feat("show", "a", "--at", first, "--format", "json", in: repo.path)
        #expect(atCommit.json["stage"] as? String == "explore")
        #expect(atCommit.json["rev"] as? String == first)
        let between = try feat("list", "--at", "2026-01-10T00:00:00Z", "--format", "json", in: repo.path)
        #expect(between.json["rev"] as? String == first)
        #expect((between.json["features"] as? [[String: Any]])?.first?["stage"] as? String == "explore")
        let now = try feat("show", "a", "--format", "json", in: repo.path)
        #expect(now.json["stage"] as? String == "candidate")
        let before = try feat("list", "--at", "2025-12-01", in: repo.path)
        #expect(before.status == 2)
        #expect(before.stderr.contains("no first-parent commit at or before 2025-12-01"))
    }
}

@Suite("Date arguments on the command line")
struct DateArgumentCommandLineTests {
    @Test("an impossible --at or --now date exits 2 saying it is not a valid date, never 'unknown revision'")
    func impossibleDate() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("start", date: "2026-01-05T10:00:00Z")
        for args in [
            ["list", "--at", "2026-13-01"], ["show", "a", "--at", "2026-02-30"],
            ["check", "--base", "main", "--now", "2026-13-01"], ["history", "--now", "2026-01-05T25:00"],
        ] {
            let r = try FeatBinary.run(args, in: repo.path)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.contains("is not a valid date"), "\(args): \(r.stderr)")
            #expect(!r.stderr.contains("unknown revision"), "\(args): \(r.stderr)")
        }
    }

    @Test("--at takes a date-time without seconds or with an offset")
    func dateTimes() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        let first = try repo.commit("start", date: "2026-01-05T10:00:00Z")
        try repo.write("features/b.yaml", featureYAML("b", stage: "explore"))
        try repo.commit("b", date: "2026-01-05T12:00:00Z")
        let minutes = try FeatBinary.run(["list", "--at", "2026-01-05T11:30", "--format", "json"], in: repo.path)
        #expect(minutes.json["rev"] as? String == first)
        let offset = try FeatBinary.run(
            ["list", "--at", "2026-01-05T13:30:00+02:00", "--format", "json"], in: repo.path)
        #expect(offset.json["rev"] as? String == first, "13:30+02:00 is 11:30 UTC, before b")
    }
}

@Suite("Mistakes on the command line get a clear answer")
struct CommandLineMistakeTests {
    @Test("an unknown command says 'did you mean' and exits 2")
    func unknownCommand() throws {
        let repo = try featureRepo()
        let r = try FeatBinary.run(["lst"], in: repo.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown command 'lst' (did you mean 'list'?)"), "\(r.stderr)")
        #expect(!r.stderr.contains("history-worker"), "hidden commands are not offered")
    }

    @Test("validate of a file that does not exist could not run: exit 2 naming it")
    func validateMissingFile() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        let r = try FeatBinary.run(["validate", "features/missing.yaml"], in: repo.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("features/missing.yaml: no such file"), "\(r.stderr)")
    }
}

@Suite("Help that tells the truth")
struct HelpTests {
    static let formats: [String: [String]] = [
        "validate": ["text", "json", "markdown"], "list": ["text", "json", "markdown"],
        "show": ["text", "json", "markdown"], "diff": ["text", "json", "markdown"],
        "history": ["text", "json", "markdown", "mermaid"],
        "check": ["text", "json", "markdown", "github", "sarif", "junit"],
        "promote": ["text", "json"], "rules": ["text", "markdown"],
    ]
    static let all = ["text", "json", "markdown", "mermaid", "github", "sarif", "junit"]

    @Test(
        "each command's --format help lists exactly the formats it prints, and refuses the others with exit 2",
        arguments: formats.keys.sorted())
    func formatsPerCommand(command: String) throws {
        let repo = try featureRepo()
        let help = try FeatBinary.run([command, "--help"], in: repo.path)
        let line = help.stdout.components(separatedBy: "--format <format>").last ?? ""
        let described = line.components(separatedBy: "(default").first ?? ""
        let accepted = Self.formats[command] ?? []
        for format in Self.all {
            #expect(described.contains(format) == accepted.contains(format), "\(command): \(format) in \(described)")
        }
        for format in Self.all where !accepted.contains(format) {
            let needed = ["show": ["x"], "promote": ["x"], "check": ["--base", "main"]][command] ?? []
            let r = try FeatBinary.run([command] + needed + ["--format", format], in: repo.path)
            #expect(r.status == 2, "\(command) --format \(format)")
            #expect(r.stderr.contains("is not offered by this command"), "\(r.stderr)")
        }
    }

    @Test(
        "each visible command's help ends with examples of itself",
        arguments: [
            "init", "new", "validate", "promote", "list", "show", "history", "diff", "check", "rules", "demo", "schema",
        ])
    func examples(command: String) throws {
        let help = try FeatBinary.run([command, "--help"], in: FileManager.default.temporaryDirectory.path)
        let examples = help.stdout.components(separatedBy: "Examples:\n").dropFirst().first ?? ""
        let lines = examples.components(separatedBy: "\n\n").first?.split(separator: "\n") ?? []
        #expect(lines.count >= 2, "\(help.stdout)")
        #expect(lines.allSatisfy { $0.trimmingCharacters(in: .whitespaces).hasPrefix("feat \(command)") }, "\(lines)")
    }
}
