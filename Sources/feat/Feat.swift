import ArgumentParser
import FeatKit
import FeatModel
import FeatReport

/// feat: features as code, with stage history, semantic diffs and graduation rules from git.
struct Feat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feat",
        abstract: "Features as code: stage history, validation and promotion, read from git.",
        discussion: """
            Feature definitions are YAML files in a git repository; the nearest folder with \
            .featurerepo/ is the feature repository. Exit codes: 0 success, 1 errors found, \
            2 could not run. Colour: on a terminal, never with NO_COLOR, also into a pipe with \
            FORCE_COLOR or CLICOLOR_FORCE (FORCE_COLOR wins over NO_COLOR, NO_COLOR over \
            CLICOLOR_FORCE).

            Examples:
              feat demo
              feat init --ci github
              feat new user_txn_count_7d --kind aggregation
              feat validate
              feat promote user_txn_count_7d
              feat history user_txn_count_7d
              feat log user_txn_count_7d
              feat diff main...HEAD
              feat check --base origin/main
              feat schema --write

            `feat <command> --help` shows each command's options and examples.
            """,
        version: FeatVersion.current,
        subcommands: [
            Init.self, New.self, Validate.self, Promote.self, List.self, Show.self, History.self, Log.self, Diff.self,
            Check.self, Lock.self, Consumers.self, CatalogCommand.self, Rules.self, Demo.self, SchemaCommand.self,
            GitDiffDriver.self, HistoryWorkerCommand.self,
        ])
}

extension Feat {
    /// An unknown first word is a mistyped command: say so, with the closest one, rather than
    /// ArgumentParser's "unexpected argument".
    static func refuseUnknownSubcommand(_ arguments: [String]) throws(FeatError) {
        guard let word = arguments.first, !word.hasPrefix("-"), word != "help" else { return }
        let names = configuration.subcommands.map { $0._commandName }
        guard !names.contains(word) else { return }
        let visible = configuration.subcommands.filter { $0.configuration.shouldDisplay }.map { $0._commandName }
        throw .invalidArgument(
            "unknown command '\(word)'\(Suggestion.hint(for: word, in: visible)); commands are "
                + visible.joined(separator: ", "))
    }
}
