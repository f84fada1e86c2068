import FeatTestSupport
import Foundation
import Testing

/// The CI files `feat init --ci` writes: no compiling on every run, nothing clobbered, and a
/// comment that says why when feat could not run.
@Suite("CI templates a team can adopt")
struct CITemplateTests {
    func version() throws -> String {
        let r = try FeatBinary.run(["--version"], in: FileManager.default.temporaryDirectory.path)
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(
        "GitHub: the release archive when FEAT_URL is set (checksum verified), else one cached build per feat version")
    func github() throws {
        let repo = try GitFixture()
        #expect(try feat("init", "--ci", "github", in: repo.path).status == 0)
        let workflow = try repo.read(".github/workflows/feat.yml")
        #expect(workflow.contains("FEAT_VERSION: \"\(try version())\""), "the cache key follows this feat's version")
        #expect(workflow.contains("sha256sum --check"))
        #expect(workflow.contains("uses: actions/cache@v4"))
        #expect(workflow.contains("key: feat-${{ env.FEAT_VERSION }}"))
        #expect(workflow.contains("steps.cache.outputs.cache-hit != 'true'"), "swift build runs only on a cache miss")
        #expect(workflow.contains("feat check could not run"), "exit 2 fills the comment with the reason")
        #expect(!workflow.contains("{{root}}") && !workflow.contains("{{version}}"))
    }

    @Test("GitLab: cache keyed by version, the note updated in place, exit 2 explained")
    func gitlab() throws {
        let repo = try GitFixture()
        #expect(try feat("init", "--ci", "gitlab", in: repo.path).status == 0)
        let job = try repo.read(".gitlab-ci.yml")
        #expect(job.contains("key: feat-$FEAT_VERSION"))
        #expect(job.contains("FEAT_VERSION: \"\(try version())\""))
        #expect(job.contains("--request PUT"), "an existing note is updated, not duplicated")
        #expect(job.contains("feat check could not run"))
    }

    @Test("both templates keep the history index between runs, keyed on the base branch")
    func historyIndexCache() throws {
        let repo = try GitFixture()
        #expect(try feat("init", "--ci", "github", in: repo.path).status == 0)
        let workflow = try repo.read(".github/workflows/feat.yml")
        #expect(workflow.contains("path: .git/feat\n"))
        #expect(workflow.contains("key: feat-history-${{ env.FEAT_VERSION }}-${{ github.base_ref }}-"))
        let restoreKeys = "restore-keys: |\n            feat-history-${{ env.FEAT_VERSION }}-${{ github.base_ref }}-"
        #expect(workflow.contains(restoreKeys))
        let restore = workflow.range(of: "Restore the history index")?.lowerBound
        let check = workflow.range(of: "feat check --base")?.lowerBound
        #expect(restore.flatMap { r in check.map { r < $0 } } == true, "restored before feat check runs")
        #expect(try feat("init", "--ci", "gitlab", in: repo.path).status == 0)
        let job = try repo.read(".gitlab-ci.yml")
        let cache = "key: feat-history-$FEAT_VERSION-$CI_MERGE_REQUEST_TARGET_BRANCH_NAME\n      paths: [.git/feat/]"
        #expect(job.contains(cache))
        #expect(job.contains("paths: [.feat-bin/]"))
    }

    @Test("GitLab: an existing .gitlab-ci.yml is left alone; an includable file and the include: line instead")
    func gitlabWithExistingPipeline() throws {
        let repo = try GitFixture()
        let existing = "build:\n  script: [make]\n"
        try repo.write(".gitlab-ci.yml", existing)
        let r = try feat("init", "--ci", "gitlab", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try repo.read(".gitlab-ci.yml") == existing)
        #expect(try repo.read(".gitlab/feat.gitlab-ci.yml").contains("feat-check:"))
        #expect(r.stdout.contains("include:\n  - local: .gitlab/feat.gitlab-ci.yml"), "\(r.stdout)")
        let again = try feat("init", "--ci", "gitlab", in: repo.path)
        #expect(again.status == 2)
        #expect(again.stderr.contains(".gitlab/feat.gitlab-ci.yml"), "\(again.stderr)")
    }
}
