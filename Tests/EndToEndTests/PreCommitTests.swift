import FeatTestSupport
import Foundation
import Testing

/// The hooks in `.pre-commit-hooks.yaml`, run by the real pre-commit (PyPI), from the tests' python.
@Suite("pre-commit hooks")
struct PreCommitTests {
    /// The repository's own hooks file.
    static var hooksFile: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".pre-commit-hooks.yaml").path
    }

    @Test(
        "feat-validate refuses a commit with a bad feature file, naming file:line, and lets a good one through",
        .needsPython("pre_commit"))
    func validateHook() throws {
        // A hook repository holding only the hooks file, at a commit pre-commit can clone.
        let hooks = try GitFixture()
        try hooks.write(".pre-commit-hooks.yaml", try String(contentsOfFile: Self.hooksFile, encoding: .utf8))
        let rev = try hooks.commit("hooks")

        let repo = try featureRepo()
        try repo.write(
            ".pre-commit-config.yaml",
            """
            repos:
              - repo: \(hooks.path)
                rev: \(rev)
                hooks:
                  - id: feat-validate

            """)
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        var env = repo.environment()
        let featDirectory = URL(fileURLWithPath: FeatBinary.path).deletingLastPathComponent().path
        env["PATH"] = featDirectory + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["PRE_COMMIT_HOME"] = repo.path + "/.fixture-home/pre-commit"
        try repo.git(["add", "-A"], env: env)
        // The hook pre-commit installs runs the python that installed it.
        let python = try #require(Python.interpreter)
        let install = try Run.process(python, ["-m", "pre_commit", "install"], in: repo.path, env: env)
        try #require(install.status == 0, "pre-commit install (python: \(Python.origin)): \(install.stderr)")

        let good = try Run.process("/usr/bin/env", ["git", "commit", "-q", "-m", "good"], in: repo.path, env: env)
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")

        try repo.write("features/b.yaml", "feature: b\nstage: explore\nkind: scalar\nowner: o@example.com\n")
        try repo.git(["add", "-A"], env: env)
        let bad = try Run.process("/usr/bin/env", ["git", "commit", "-q", "-m", "bad"], in: repo.path, env: env)
        #expect(bad.status != 0, "the commit must be refused")
        let output = bad.stdout + bad.stderr
        #expect(output.contains("features/b.yaml:"), "\(output)")
        #expect(output.contains("hypothesis"), "\(output)")
    }
}
