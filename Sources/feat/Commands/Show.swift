import ArgumentParser
import FeatKit
import FeatModel
import FeatRender
import FeatReport

/// `feat show NAME`: one feature's whole definition; in text, as YAML in its file's key order.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one feature, in the working tree or --at a revision or date.",
        discussion: """
            Examples:
              feat show user_txn_count_7d
              feat show user_txn_count_7d --version 2 --at main --format json
            """)

    @Argument(help: "The feature's name.", completion: Completions.featureNames)
    var name: String

    @Option(help: "The version (default: the highest).")
    var version: Int?

    @OptionGroup var when: PointInTimeOption
    @OptionGroup var output: FormatOption<ReportFormats>

    func run() throws {
        let repo = try currentRepository()
        let catalog = try when.catalog(in: repo)
        guard let feature = catalog.feature(named: name, version: version) else {
            let versions = catalog.features.filter { $0.name == name }.map(\.version)
            if let version, !versions.isEmpty {
                let list = versions.map(String.init).joined(separator: ", ")
                let at = when.at.map { " at \($0)" } ?? ""
                let its = versions.count == 1 ? "its version is" : "its versions are"
                throw FeatError.invalidArgument("\(name) has no version \(version)\(at); \(its) \(list)")
            }
            throw FeatError.unknownFeature(name: name, suggestion: Suggestion.closest(to: name, in: catalog.names))
        }
        switch output.format {
        case .json: Output.out(CatalogRender.showJSON(feature, catalog: catalog))
        case .markdown: Output.out(CatalogRender.showMarkdown(feature))
        default: Output.out(CatalogRender.showText(feature, style: Output.style))
        }
    }
}
