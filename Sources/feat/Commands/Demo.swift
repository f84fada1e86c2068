import ArgumentParser
import FeatKit
import FeatRender
import FeatReport
import Foundation

/// `feat demo [DIR]`: builds a sample feature repository with a real history and shows
/// history, diff and check on it.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a sample feature repository with real history, then show history, diff and check on it.",
        discussion: """
            Examples:
              feat demo
              feat demo /tmp/feat-demo
            """)

    @Argument(help: "Where to build it (must not exist yet; default: a new temporary folder).")
    var directory: String?

    func run() throws {
        let path: String
        if let directory {
            let absolute = URL(
                fileURLWithPath: directory,
                relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/")
            ).standardizedFileURL.path
            if FileManager.default.fileExists(atPath: absolute) { throw FeatError.alreadyExists(path: directory) }
            path = absolute
        } else {
            path =
                FileManager.default.temporaryDirectory.appendingPathComponent(
                    "feat-demo-\(UUID().uuidString.prefix(8).lowercased())"
                ).path
        }
        try DemoStory.build(at: path)
        let style = Output.style
        // After `swift run` no `feat` is on PATH: the commands to copy name this very binary.
        let feat = RunEnvironment.current.command
        Output.out(style.bold("feat demo") + ": a feature repository with real history, in \(path)\n")
        Output.out(
            style.dim(
                "(run the commands below yourself after `cd \(RunEnvironment.shellQuoted(path))`; "
                    + "every date is fixed, --now \(DemoStory.now))") + "\n")

        let repo = try FeatureRepository.locate(from: path)
        let now = parseDate(DemoStory.now) ?? Date()

        heading("\(feat) history --now \(DemoStory.now)", style)
        let head = try repo.resolve("main")
        let history = try repo.stageHistory(at: head, policy: try repo.policy(at: head))
        Output.out(HistoryRender.text(history, now: now, style: style))

        heading("\(feat) log user_txn_count_7d", style)
        Output.out(style.dim("# how its meaning changed: every commit that changed its definition, graded") + "\n")
        let log = try repo.semanticLog(
            at: head, policy: try repo.policy(at: head), names: [DemoStory.loggedFeature])
        Output.out(LogRender.text(log, style: style))

        for (branch, title) in DemoStory.pullRequests {
            Output.out("\n" + style.bold("Pull request \(branch)") + ": \(title)\n")
            heading("\(feat) diff main...\(branch)", style)
            let sides = try repo.diffSides(["main...\(branch)"])
            let diff = try repo.semanticDiff(base: sides.base, head: sides.head)
            Output.out(DiffRender.text(diff.report, style: style))
            try DemoCheck.show(repo: repo, branch: branch, command: feat, style: style)
        }

        let page = (path as NSString).appendingPathComponent("catalog.html")
        heading("\(feat) catalog -o catalog.html", style)
        try Scaffold.write(CatalogHTML.render(try repo.catalogPage(at: head, asked: "main")), to: page)
        Output.out("wrote \(page): every feature, its history, changelog and consumers — open it in a browser\n")
    }

    func heading(_ command: String, _ style: Style) {
        Output.out("\n" + style.cyan("$ \(command)") + "\n")
    }
}
