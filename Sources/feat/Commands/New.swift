import ArgumentParser
import FeatGit
import FeatKit
import FeatModel
import FeatReport
import Foundation

/// `feat new NAME --kind KIND`: a new feature file at the entry stage; `feat new NAME --windows
/// 1d,7d --functions count,sum`: a family of aggregations, one file each; `feat new --consumer
/// NAME`: a new consumer declaration.
struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a feature file at the entry stage, or a consumer declaration, from a template.",
        discussion: """
            With --consumer, writes NAME.yaml in the first consumers folder of the policy \
            (default consumers/), at stage experiment: a model, service, job or dashboard and the \
            features it reads (docs/consumers.md).

            With --windows and/or --functions, writes a family of aggregations in one go, one \
            file per function and window, named NAME_<function>_<window> (NAME_<window> with \
            windows only, NAME_<function> with functions only); nothing is written when any \
            of them exists.

            Examples:
              feat new user_txn_count_7d --kind aggregation
              feat new user_txn --windows 1d,7d,30d --functions count,sum
              feat new device_os --kind categorical --dir features/devices
              feat new --consumer fraud_scorer --reads user_txn_count_7d,embedding@2
            """)

    @Argument(help: "The feature's name: lower-case letters, digits and '_', parts joined by '.'.")
    var name: String?

    @Option(
        help: "scalar, aggregation, categorical, map or embedding; with --consumer: model, service, job or dashboard.",
        completion: .list(Kind.allCases.map(\.rawValue) + Consumer.Kind.allCases.map(\.rawValue)))
    var kind: String?

    @Option(help: ArgumentHelp("Write a consumer declaration of this name instead of a feature.", valueName: "name"))
    var consumer: String?

    @Option(
        help: ArgumentHelp(
            "With --consumer: the features it reads, comma-separated; name@2 for version 2.", valueName: "features"))
    var reads: String?

    @Option(
        help: ArgumentHelp(
            "A family of aggregations: one feature per window, comma-separated (7d, 30d, lifetime).",
            valueName: "windows"))
    var windows: String?

    @Option(
        help: ArgumentHelp(
            "A family of aggregations: one feature per function, comma-separated (count, sum, mean).",
            valueName: "functions"))
    var functions: String?

    /// Whether this writes a family (`--windows`, `--functions`).
    var isFamily: Bool { windows != nil || functions != nil }

    @Option(help: "The owner, a team or person's email (default: git's user.email; required when git has none).")
    var owner: String?

    @Option(help: "Folder below the feature root (default: the first feature folder of the policy).")
    var dir: String?

    func validate() throws {
        if let consumer {
            try validateConsumer(consumer)
            return
        }
        if reads != nil { throw ValidationError("--reads is for a consumer: give --consumer NAME") }
        guard let name else {
            throw ValidationError("give the feature's name (feat new NAME --kind KIND), or --consumer NAME")
        }
        if isFamily, let kind, kind != Kind.aggregation.rawValue {
            throw ValidationError(
                "--windows and --functions write a family of aggregations: --kind aggregation, or leave --kind out")
        }
        guard let kind = kind ?? (isFamily ? Kind.aggregation.rawValue : nil) else {
            throw ValidationError("give --kind: \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard FeatureName.isValid(name) else {
            throw ValidationError(
                "'\(name)' is not a feature name: lower-case letters, digits and '_', parts joined by '.', at most \(FeatureName.maxLength) characters"
            )
        }
        guard Kind(rawValue: kind) != nil else {
            throw ValidationError(
                "unknown kind '\(kind)'\(Suggestion.hint(for: kind, in: Kind.allCases.map(\.rawValue))); kinds are \(Kind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        if isFamily,
            case .failure(let problems) = FeatureFamily.plan(name: name, windows: windows, functions: functions)
        {
            throw ValidationError(problems.description)
        }
        if let dir, dir.hasPrefix("/") || dir.split(separator: "/").contains("..") {
            throw ValidationError("--dir must be a relative folder inside the feature repository")
        }
        if let owner, owner.allSatisfy(\.isWhitespace) {
            throw ValidationError("--owner is empty; give a team or person's email")
        }
    }

    /// `--consumer NAME [--kind K] [--reads a,b@2]`: a consumer needs no feature's name or kind.
    func validateConsumer(_ consumer: String) throws {
        if let name {
            throw ValidationError("give either a feature's name (\(name)) or --consumer \(consumer), not both")
        }
        if dir != nil { throw ValidationError("--dir is for features; a consumer goes in the first consumers folder") }
        if isFamily { throw ValidationError("--windows and --functions are for a family of features, not a consumer") }
        guard FeatureName.isValid(consumer) else {
            throw ValidationError(
                "'\(consumer)' is not a consumer name: lower-case letters, digits and '_', parts joined by '.', at most \(FeatureName.maxLength) characters"
            )
        }
        let kinds = Consumer.Kind.allCases.map(\.rawValue)
        if let kind, Consumer.Kind(rawValue: kind) == nil {
            throw ValidationError(
                "unknown consumer kind '\(kind)'\(Suggestion.hint(for: kind, in: kinds)); kinds are \(kinds.joined(separator: ", "))"
            )
        }
        _ = try readIdentities()
        if let owner, owner.allSatisfy(\.isWhitespace) {
            throw ValidationError("--owner is empty; give a team or person's email")
        }
    }

    /// `--reads a,b@2` as identities, in the order written, each once.
    func readIdentities() throws -> [Identity] {
        var result: [Identity] = []
        for word in (reads ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
        where !word.isEmpty {
            guard let identity = Identity(commandLine: word) else {
                throw ValidationError(
                    "--reads '\(word)' is not a feature name, or name@version with a version of 1 or more")
            }
            if !result.contains(identity) { result.append(identity) }
        }
        return result
    }

    func run() throws {
        let repo = try currentRepository()
        if let consumer {
            let kind = kind.flatMap(Consumer.Kind.init(rawValue:)) ?? .model
            let path = try repo.newConsumer(
                name: consumer, kind: kind, owner: try owner ?? defaultOwner(repo), reads: try readIdentities())
            Output.out("wrote \(path) (consumer, \(kind.rawValue), stage experiment)\n")
            return
        }
        guard let name else { return }
        if isFamily, case .success(let family) = FeatureFamily.plan(name: name, windows: windows, functions: functions)
        {
            let policy = try repo.worktreePolicy()
            let paths = try repo.newFamily(
                family, owner: try owner ?? defaultOwner(repo), folder: try featureFolder(policy))
            for path in paths { Output.out("wrote \(path) (aggregation, stage \(policy.entryStages[0]))\n") }
            return
        }
        guard let kind else { return }
        let root = try repo.workingTree(for: "new")
        let policy = try repo.worktreePolicy()
        let catalog = try repo.worktreeCatalog(policy: policy)
        if let existing = catalog.features.first(where: { $0.name == name }) {
            throw FeatError.alreadyExists(path: "\(existing.path) (feature \(name))")
        }
        let folder = try featureFolder(policy)
        let path = "\(folder)/\(name).yaml"
        if FileManager.default.fileExists(atPath: root + "/" + path) { throw FeatError.alreadyExists(path: path) }
        let text = Scaffold.newFeature(
            name: name, kind: Kind(rawValue: kind) ?? .scalar, owner: try owner ?? defaultOwner(repo),
            stage: policy.entryStages[0], path: path)
        try Scaffold.write(text, to: root + "/" + path)
        Output.out("wrote \(path) (\(kind), stage \(policy.entryStages[0]))\n")
    }

    /// `--dir`, which must lie in a feature folder: list, check and history read nothing else.
    func featureFolder(_ policy: Policy) throws(FeatError) -> String {
        guard let dir else { return policy.featureFolders[0] }
        let folder = dir.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
        guard policy.featureFolders.contains(where: { $0.isEmpty || folder == $0 || folder.hasPrefix($0 + "/") }) else {
            let folders = policy.featureFolders.joined(separator: ", ")
            throw .invalidArgument(
                "--dir \(dir) is outside the feature folders (\(folders)); feat reads feature files only below those "
                    + "(set in \(FeatureRepository.configPath))")
        }
        return folder
    }

    /// git's author email (`GIT_AUTHOR_EMAIL`, then `user.email`). Never a guess: without
    /// one, the owner must be given, since a placeholder owner would go unnoticed into review.
    func defaultOwner(_ repo: FeatureRepository) throws(FeatError) -> String {
        if let email = RunEnvironment.current.authorEmail { return email }
        guard let git = repo.git else {
            throw .invalidArgument(
                "give --owner (a team or person's email): this feature repository is not in a git repository, "
                    + "so there is no git user.email to take it from")
        }
        if let email = git.configString("user.email"), !email.isEmpty { return email }
        throw .invalidArgument(
            "give --owner (a team or person's email): git has no user.email here "
                + "(set one with `git config user.email you@example.com`)")
    }
}
