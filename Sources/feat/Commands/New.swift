import ArgumentParser
import FeatKit
import FeatModel
import Foundation

/// `feat new NAME --kind KIND`: a new feature file at the entry stage.
struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a feature file at the entry stage from a template of its kind.",
        discussion: """
            Examples:
              feat new user_txn_count_7d --kind aggregation
              feat new device_os --kind categorical --dir features/devices
            """)

    @Argument(help: "The feature's name: lower-case letters, digits and '_', parts joined by '.'.")
    var name: String

    @Option(help: "scalar, aggregation, categorical, map or embedding.")
    var kind: String

    @Option(help: "The owner (default: git's user.email, or $USER).")
    var owner: String?

    @Option(help: "Folder below the feature root (default: the first feature folder of the policy).")
    var dir: String?

    func validate() throws {
        guard FeatureName.isValid(name) else {
            throw ValidationError("'\(name)' is not a feature name: lower-case letters, digits and '_', parts joined by '.', at most \(FeatureName.maxLength) characters")
        }
        guard Kind(rawValue: kind) != nil else {
            throw ValidationError("unknown kind '\(kind)'\(Suggestion.hint(for: kind, in: Kind.allCases.map(\.rawValue))); kinds are \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let dir, dir.hasPrefix("/") || dir.split(separator: "/").contains("..") {
            throw ValidationError("--dir must be a relative folder inside the feature repository")
        }
    }

    func run() throws {
        let repo = try currentRepository()
        let root = try repo.requireWorkingTree("new")
        let policy = try repo.worktreePolicy()
        let catalog = try repo.worktreeCatalog(policy: policy)
        if let existing = catalog.features.first(where: { $0.name == name }) {
            throw FeatError.alreadyExists(path: "\(existing.path) (feature \(name))")
        }
        let folder = dir ?? policy.featureFolders[0]
        let path = "\(folder)/\(name).yaml"
        if FileManager.default.fileExists(atPath: root + "/" + path) { throw FeatError.alreadyExists(path: path) }
        let text = Scaffold.newFeature(
            name: name, kind: Kind(rawValue: kind) ?? .scalar, owner: owner ?? defaultOwner(repo),
            stage: policy.entryStages[0])
        try Scaffold.write(text, to: root + "/" + path)
        Output.out("wrote \(path) (\(kind), stage \(policy.entryStages[0]))\n")
    }

    /// git's author email (environment, then `user.email`), else the login name.
    func defaultOwner(_ repo: FeatureRepository) -> String {
        let env = ProcessInfo.processInfo.environment
        if let email = env["GIT_AUTHOR_EMAIL"], !email.isEmpty { return email }
        if let email = repo.git?.configString("user.email"), !email.isEmpty { return email }
        return env["USER"] ?? "you@example.com"
    }
}
