import FeatKit
import FeatRender
import Foundation

/// The `feat check` part of `feat demo`: one pull request judged by main's policy.
enum DemoCheck {
    /// `command` is how the user runs feat (`feat`, or this binary's path).
    static func show(repo: FeatureRepository, branch: String, command: String, style: Style) throws {
        Output.out("\n" + style.cyan("$ \(command) check --base main --head \(branch) --now \(DemoStory.now)") + "\n")
        let report = try repo.check(base: "main", head: branch, now: parseDate(DemoStory.now) ?? .now)
        Output.out(CheckRender.text(report, style: style))
    }
}
