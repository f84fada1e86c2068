import FeatTestSupport
import Foundation
import Testing

/// The block scalar (`run: |`, `- |`) that follows the first line containing `marker`, with
/// its indentation taken off: the shell a CI runner would run for that step.
func blockScalar(after marker: String, in text: String) -> String? {
    let lines = text.components(separatedBy: "\n")
    guard let start = lines.firstIndex(where: { $0.contains(marker) }),
        let open = lines[start...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasSuffix("|") })
    else { return nil }
    func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }
    let own = indent(lines[open])
    var block: [String] = []
    for line in lines[(open + 1)...] {
        if line.trimmingCharacters(in: .whitespaces).isEmpty {
            block.append("")
            continue
        }
        if indent(line) <= own { break }
        block.append(line)
    }
    let least = block.filter { !$0.isEmpty }.map(indent).min() ?? 0
    return block.map { $0.isEmpty ? $0 : String($0.dropFirst(least)) }.joined(separator: "\n")
}

/// Issue 20: what a newcomer meets in the first hour — CI that says what it lacks on its first
/// run, a demo whose commands work after `swift run`, hints for revisions and dates, and the
/// smaller things (bare repositories, completion, colour in CI logs, init outside git, help).
@Suite("A newcomer's first hour")
struct FirstHourTests {
    // MARK: item 3 — CI templates on their first run

    /// Runs a CI step's shell with only `variables` set (and PATH), as a runner with those
    /// repository or CI/CD variables would.
    func runStep(_ script: String, _ variables: [String: String], in dir: String) throws -> Run.Result {
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        for (k, v) in variables { env[k] = v }
        return try Run.process("/bin/sh", ["-ec", script], in: dir, env: env)
    }

    @Test(
        "CI: the install step without FEAT_URL or FEAT_REPO fails in one line naming the variables and where to set them",
        arguments: [
            (
                "github", ".github/workflows/feat.yml", "- name: Check how feat is installed",
                "Settings > Secrets and variables > Actions > Variables"
            ),
            ("gitlab", ".gitlab-ci.yml", "before_script:", "Settings > CI/CD > Variables"),
        ])
    func installNamesTheMissingVariable(ci: String, file: String, step: String, settings: String) throws {
        let repo = try GitFixture()
        #expect(try feat("init", "--ci", ci, in: repo.path).status == 0)
        let script = try #require(blockScalar(after: step, in: try repo.read(file)), "no install check in \(file)")
        // GitHub maps unset repository variables to empty strings; GitLab leaves them unset.
        let unset = ci == "github" ? ["FEAT_URL": "", "FEAT_SHA256": "", "FEAT_REPO": ""] : [:]
        let none = try runStep(script, unset, in: repo.path)
        #expect(none.status != 0, "the step goes on without a way to get feat")
        let said = (none.stdout + none.stderr).split(separator: "\n")
        #expect(said.count == 1, "one clear line: \(said)")
        for name in ["FEAT_URL", "FEAT_SHA256", "FEAT_REPO", settings] {
            #expect(said.first?.contains(name) == true, "\(name) in \(said)")
        }
        var urlOnly = unset
        urlOnly["FEAT_URL"] = "https://example.com/feat.tar.gz"
        let noChecksum = try runStep(script, urlOnly, in: repo.path)
        #expect(noChecksum.status != 0)
        #expect((noChecksum.stdout + noChecksum.stderr).contains("FEAT_SHA256 is not"), "\(noChecksum.stderr)")
        var archive = urlOnly
        archive["FEAT_SHA256"] = String(repeating: "0", count: 64)
        #expect(try runStep(script, archive, in: repo.path).status == 0)
        var source = unset
        source["FEAT_REPO"] = "https://example.com/feat.git"
        #expect(try runStep(script, source, in: repo.path).status == 0)
    }

    @Test("CI: the install check comes before anything that needs feat (GitHub: the first step)")
    func installCheckFirst() throws {
        let repo = try GitFixture()
        #expect(try feat("init", "--ci", "github", in: repo.path).status == 0)
        let workflow = try repo.read(".github/workflows/feat.yml")
        let steps = workflow.components(separatedBy: "\n").filter { $0.hasPrefix("      - ") }
        #expect(steps.first == "      - name: Check how feat is installed", "\(steps)")
        #expect(workflow.contains("if (!fs.existsSync(report)) return;"), "no comment when feat never ran")
    }

    @Test(
        "feat init --ci prints the next step: which variables to set, and where",
        arguments: [
            ("github", "Settings > Secrets and variables > Actions > Variables", "repository variables"),
            ("gitlab", "Settings > CI/CD > Variables", "FEAT_NOTE_TOKEN"),
        ])
    func initPrintsNextStep(ci: String, settings: String, extra: String) throws {
        let repo = try GitFixture()
        let r = try feat("init", "--ci", ci, in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        let next = r.stdout.components(separatedBy: "Next: ").dropFirst().first ?? ""
        for word in ["FEAT_URL", "FEAT_SHA256", "FEAT_REPO", settings, extra] {
            #expect(next.contains(word), "\(word) in \(r.stdout)")
        }
    }

    // MARK: item 4 — the demo's commands run as printed

    @Test("feat demo prints commands that run: this binary's path when no feat on PATH is it, else `feat`")
    func demoNamesTheBinary() throws {
        let binary = URL(fileURLWithPath: FeatBinary.path).resolvingSymlinksInPath().path
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent(
            "feat-first-hour-\(UUID().uuidString)"
        )
        .path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }

        let bare = try feat("demo", parent + "/a", in: parent, env: ["PATH": "/usr/bin:/bin"])
        #expect(bare.status == 0, "\(bare.stderr)")
        let commands = bare.lines.filter { $0.hasPrefix("$ ") }
        #expect(commands.count >= 3)
        for line in commands {
            #expect(line.hasPrefix("$ \(binary) "), "\(line)")
        }
        #expect(FileManager.default.isExecutableFile(atPath: binary))

        let bin = parent + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bin + "/feat", withDestinationPath: binary)
        let onPath = try feat("demo", parent + "/b", in: parent, env: ["PATH": "\(bin):/usr/bin:/bin"])
        #expect(onPath.status == 0, "\(onPath.stderr)")
        #expect(onPath.lines.filter { $0.hasPrefix("$ ") }.allSatisfy { $0.hasPrefix("$ feat ") })
        #expect(onPath.stdout.contains("cd \(parent)/b"), "says where to run them")
    }

    // MARK: item 6 — unknown revisions and dates

    @Test("an unknown revision gets a hint: the closest branch, the missing remote, a date's ISO 8601 form")
    func revisionHints() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("one")
        let typo = try feat("list", "--at", "mian", in: repo.path)
        #expect(typo.status == 2)
        #expect(typo.stderr == "feat: error: unknown revision 'mian' (did you mean 'main'?)\n")
        let noRemote = try feat("check", "--base", "origin/main", in: repo.path)
        #expect(noRemote.status == 2)
        #expect(noRemote.stderr.contains("no remote 'origin' in this repository"), "\(noRemote.stderr)")
        #expect(noRemote.stderr.contains("pass --base main"), "\(noRemote.stderr)")
        let date = try feat("list", "--at", "05/09/2026", in: repo.path)
        #expect(date.status == 2)
        #expect(date.stderr.contains("ISO 8601"), "\(date.stderr)")
        #expect(date.stderr.contains("2026-05-09 or 2026-05-09T12:00"), "\(date.stderr)")
        for args in [["history", "--now", "05/09/2026"], ["check", "--base", "main", "--now", "05/09/2026"]] {
            let now = try FeatBinary.run(args, in: repo.path)
            #expect(now.status == 2)
            #expect(now.stderr.contains("is not a valid date: write 2026-09-05"), "\(args): \(now.stderr)")
        }
    }

    @Test("feat check in a shallow single-branch clone says what the clone has and the fetch that brings the base")
    func shallowClone() throws {
        let origin = try featureRepo()
        try origin.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try origin.commit("one")
        try origin.git(["checkout", "-q", "-b", "pr"])
        try origin.write("features/b.yaml", featureYAML("b", stage: "explore"))
        try origin.commit("two")
        let path = origin.path + "-clone"
        try origin.git([
            "clone", "-q", "--depth", "1", "--single-branch", "--branch", "pr", "file://" + origin.path, path,
        ])
        let clone = GitFixture(existing: path)
        let r = try feat("check", "--base", "origin/main", in: clone.path)
        #expect(r.status == 2)
        #expect(
            r.stderr.contains(
                "the clone is shallow and has only branch 'pr' of origin; "
                    + "fetch it: git fetch --unshallow origin main:refs/remotes/origin/main"), "\(r.stderr)")
        try clone.git(["fetch", "-q", "--unshallow", "origin", "main:refs/remotes/origin/main"])
        let after = try feat("check", "--base", "origin/main", in: clone.path)
        #expect(after.status == 0, "the advice works: \(after.stderr)")
    }

    // MARK: item 8 — the smaller things

    @Test("a bare repository: each command that needs a working tree says what it can do there, never --at")
    func bareRepositoryAdvice() throws {
        let plain = try featureRepo()
        try plain.write("features/b.yaml", featureYAML("b", stage: "explore"))
        try plain.commit("b")
        let bare = plain.path + ".git-bare"
        try plain.git(["clone", "-q", "--bare", plain.path, bare])
        defer { try? FileManager.default.removeItem(atPath: bare) }
        let advice: [([String], String)] = [
            (["validate"], "feat check --base BASE --head REV"),
            (["diff"], "feat diff BASE HEAD"),
            (["new", "c", "--kind", "scalar", "--owner", "o@example.com"], "run it in a clone with a working tree"),
            (["promote", "b"], "run it in a clone with a working tree"),
            (["schema", "--write"], "run it in a clone with a working tree"),
            (["init"], "run it in a clone with a working tree"),
        ]
        for (args, says) in advice {
            let r = try FeatBinary.run(args, in: bare)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.contains("bare repository"), "\(args): \(r.stderr)")
            #expect(r.stderr.contains(says), "\(args): \(r.stderr)")
            #expect(!r.stderr.contains("--at"), "\(args) does not take --at: \(r.stderr)")
        }
        #expect(try FeatBinary.run(["list", "--at", "HEAD"], in: bare).status == 0, "list does take --at")
    }

    @Test("feat init outside a git repository writes nothing and says to run git init (exit 2)")
    func initOutsideGit() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("feat-no-git-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try FeatBinary.run(["init", "--ci", "github"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("not inside a git repository; feat reads features from git"), "\(r.stderr)")
        #expect(r.stderr.contains("git init"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty, "nothing written")
    }

    @Test("bash completion offers each command's formats, the kinds, the stages and the feature names")
    func completionScript() throws {
        let script = try FeatBinary.run(["--generate-completion-script", "bash"], in: "/").stdout
        #expect(script.contains("'text'$'\\n''json'$'\\n''markdown'$'\\n''github'$'\\n''sarif'$'\\n''junit'"))
        #expect(script.contains("'text'$'\\n''json'$'\\n''markdown'$'\\n''mermaid'"))
        #expect(script.contains("'scalar'$'\\n''aggregation'$'\\n''categorical'$'\\n''map'$'\\n''embedding'"))
        #expect(script.contains("---completion show -- positional@0"))
        #expect(script.contains("---completion promote -- --to"))
    }

    @Test(
        "completing at a bash prompt: feature names from the repository, formats per command",
        .needsProgram("bash", install: "apt-get install bash"))
    func completionAtAPrompt() throws {
        let repo = try featureRepo()
        try repo.write("features/alpha.yaml", featureYAML("alpha", stage: "explore"))
        try repo.write("features/beta.yaml", featureYAML("beta", stage: "explore"))
        let completion = try FeatBinary.run(["--generate-completion-script", "bash"], in: repo.path).stdout
        try repo.write(".completion.bash", completion)
        // What bash does on TAB: split the line into words, then call the completion function
        // with the command, the word being completed and the one before it.
        let driver = """
            source .completion.bash
            complete_line() {
              COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
              read -ra COMP_WORDS <<< "$COMP_LINE"
              [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
              COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
              COMP_WORDS[0]="\(FeatBinary.path)"
              COMPREPLY=()
              _feat feat "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
              echo "${COMPREPLY[*]}"
            }
            complete_line "feat show "
            complete_line "feat promote al"
            complete_line "feat list --format "
            complete_line "feat new x --kind e"
            complete_line "feat promote alpha --to s"
            """
        let bash = try #require(Program.path("bash"))
        let r = try Run.process(bash, ["-c", driver], in: repo.path)
        #expect(
            r.lines == ["alpha beta", "alpha", "text json markdown", "embedding", "shadow"], "\(r.stdout)\(r.stderr)")
    }

    @Test(
        "colour into a pipe: FORCE_COLOR forces it even over NO_COLOR, CLICOLOR_FORCE unless NO_COLOR; =0 forces nothing",
        arguments: [
            (["FORCE_COLOR": "1", "NO_COLOR": ""], true),
            (["FORCE_COLOR": "1", "NO_COLOR": "1"], true),
            (["CLICOLOR_FORCE": "1", "NO_COLOR": ""], true),
            (["CLICOLOR_FORCE": "1", "NO_COLOR": "1"], false),
            (["FORCE_COLOR": "0", "NO_COLOR": ""], false),
            (["CLICOLOR_FORCE": "0", "NO_COLOR": ""], false),
            (["FORCE_COLOR": "", "CLICOLOR_FORCE": "", "NO_COLOR": ""], false),
        ])
    func forcedColour(env: [String: String], coloured: Bool) throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        var variables = ["FORCE_COLOR": "", "CLICOLOR_FORCE": ""]
        for (k, v) in env { variables[k] = v }
        let r = try FeatBinary.run(["list"], in: repo.path, env: variables)
        #expect(r.status == 0)
        #expect(r.stdout.contains("\u{1B}[") == coloured, "\(env)")
    }

    @Test("the top-level help has examples and lists schema, which the docs tell users to run")
    func topLevelHelp() throws {
        let help = try FeatBinary.run(["--help"], in: FileManager.default.temporaryDirectory.path)
        #expect(help.status == 0)
        let examples = help.stdout.components(separatedBy: "Examples:\n").dropFirst().first ?? ""
        let lines = examples.components(separatedBy: "\n\n").first?.split(separator: "\n") ?? []
        #expect(lines.count >= 5, "\(help.stdout)")
        #expect(lines.allSatisfy { $0.trimmingCharacters(in: .whitespaces).hasPrefix("feat ") }, "\(lines)")
        let subcommands = help.stdout.components(separatedBy: "SUBCOMMANDS:").last ?? ""
        #expect(subcommands.contains("\n  schema "), "\(subcommands)")
    }

    @Test("the commands read the environment in one place (RunEnvironment)")
    func environmentReadOnce() throws {
        let folder = Python.packageRoot + "/Sources/feat"
        var readers: Set<String> = []
        let walker = FileManager.default.enumerator(atPath: folder)
        while let file = walker?.nextObject() as? String {
            guard file.hasSuffix(".swift"), file != "Environment.swift" else { continue }
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            if text.contains("processInfo.environment") || text.contains("getenv(") { readers.insert(file) }
        }
        #expect(readers.isEmpty, "\(readers)")
    }
}
