import ArgumentParser
import FeatKit
import FeatModel
import FeatRender
import FeatReport
import Foundation
import GitID

/// `feat catalog`: the catalog of a revision as one self-contained HTML page (SPEC §9).
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Write the catalog as one self-contained HTML page: every feature, its history and consumers.",
        discussion: """
            The page shows counts by stage and kind, a table of every feature (search and \
            filters by stage, kind, owner and tag, kept in the URL fragment so a filtered view \
            is a link), and for each feature its hypothesis, description, evidence, what its \
            stage requires and what the next stage still needs, its stage timeline, its \
            changelog and the consumers that read it; then a section per consumer with its \
            lock. It reads the commit (HEAD, or --at a revision or date), not uncommitted \
            files. Nothing on the page loads from the network; it reads the same without \
            JavaScript. docs/catalog.md says more.

            Examples:
              feat catalog
              feat catalog --at 2026-02-05 -o catalog-february.html
              feat catalog --at origin/main -o public/index.html
            """)

    @Option(
        help:
            "A revision, or an ISO 8601 date (the last first-parent commit of HEAD at or before it). Default: HEAD."
    )
    var at: String?

    @Option(name: [.short, .customLong("output")], help: "The file to write ('-' for standard output).")
    var output: String = "catalog.html"

    @Option(
        help: ArgumentHelp(
            "How many of the newest commits that changed a feature the changelogs grade (0: every one).",
            valueName: "N"))
    var changelogCommits: Int = CatalogPage.defaultChangelogCommits

    @Flag(
        name: .customLong("no-index"),
        help: "Read the whole history again, neither using nor updating the history index (also FEAT_NO_INDEX=1).")
    var noIndex = false

    func validate() throws {
        guard changelogCommits >= 0 else {
            throw ValidationError("--changelog-commits must be 0 (every commit) or more, not \(changelogCommits)")
        }
    }

    func run() throws {
        let repo = try currentRepository()
        let commit = try at.map { try repo.resolvePointInTime($0) } ?? repo.resolve("HEAD")
        let reporter = ProgressReporter(enabled: Output.stderrIsTerminal)
        let page = try repo.catalogPage(
            at: commit, asked: at, changelogCommits: changelogCommits == 0 ? nil : changelogCommits,
            workers: History.workers, index: !noIndex, progress: reporter.report)
        reporter.finish()
        if let boundary = page.shallowBoundary {
            Output.note(
                "feat: shallow clone: history starts at \(boundary.description.prefix(12)); earlier transitions are unknown (fetch with fetch-depth: 0)"
            )
        }
        for file in page.unreadable {
            Output.warning("\(file.path)\(file.line.map { ":\($0)" } ?? ""): \(file.message); not on the page")
        }
        for warning in page.warnings { Output.warning(warning) }
        let html = CatalogHTML.render(page)
        if output == "-" {
            Output.out(html)
            return
        }
        try Scaffold.write(html, to: output)
        let nf = page.features.count
        let nc = page.consumers.count
        Output.out(
            "wrote \(output): \(nf) feature\(nf == 1 ? "" : "s"), \(nc) consumer\(nc == 1 ? "" : "s") at "
                + "\(commit.description.prefix(12))\n")
    }
}
