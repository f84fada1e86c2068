import ArgumentParser
import FeatKit
import FeatRender
import FeatReport

/// `--at REV|DATE`, shared by list and show.
struct PointInTimeOption: ParsableArguments {
    @Option(
        name: .long,
        help:
            "A revision, or an ISO 8601 date (the last first-parent commit of HEAD at or before it). Default: the working tree."
    )
    var at: String?

    /// The catalog at the chosen point, read with that point's own policy.
    func catalog(in repo: FeatureRepository) throws -> Catalog {
        try Self.catalog(in: repo, at: at)
    }

    /// The catalog at `at`, or in the working tree (HEAD's in a bare repository).
    static func catalog(in repo: FeatureRepository, at: String?) throws -> Catalog {
        guard let at else {
            if repo.root == nil {
                let head = try repo.resolve("HEAD")
                return try repo.catalog(at: head, policy: try repo.policy(at: head))
            }
            return try repo.worktreeCatalog(policy: try repo.worktreePolicy())
        }
        let commit = try repo.resolvePointInTime(at)
        return try repo.catalog(at: commit, policy: try repo.policy(at: commit))
    }
}

/// `feat list`: the catalog, now or at any point in the past.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List features, in the working tree or --at a revision or date.",
        discussion: """
            Examples:
              feat list
              feat list --at 2026-02-05
              feat list --at v1.2 --format json
            """)

    @OptionGroup var when: PointInTimeOption
    @OptionGroup var output: FormatOption<ReportFormats>

    func run() throws {
        let repo = try currentRepository()
        let catalog = try when.catalog(in: repo)
        // Files that could not be read are never dropped silently: JSON lists them under
        // `warnings`, markdown in a note, text on stderr with their count.
        switch output.format {
        case .json: Output.out(CatalogRender.listJSON(catalog))
        case .markdown: Output.out(CatalogRender.listMarkdown(catalog))
        default:
            Output.out(CatalogRender.listText(catalog, style: Output.style))
            for line in CatalogRender.listWarnings(catalog) { Output.warning(line) }
        }
    }
}
