import ArgumentParser
import FeatRender

/// `feat rules`: the rules `feat check` runs, with their IDs, severities and purposes.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the rules of `feat check`: IDs, default severities and purposes.",
        discussion: """
            Needs no repository: it prints the rules as built in. `feat rules --format markdown` \
            is what docs/rules.md holds.
            """)

    @OptionGroup var output: FormatOption

    func validate() throws { try output.require([.text, .markdown], for: "rules") }

    func run() throws {
        switch output.format {
        case .markdown: Output.out(RulesRender.markdown())
        default: Output.out(RulesRender.text(style: Output.style))
        }
    }
}
