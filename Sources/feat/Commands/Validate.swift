import ArgumentParser
import FeatKit
import FeatModel
import FeatRender
import FeatReport
import Foundation

/// `feat validate [PATH...]`: working-tree feature files against their stage, and consumer
/// files (FEAT011).
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check working-tree feature files against their stage, and consumer files.",
        discussion: """
            Consumer files (in the consumers folders of the policy) are checked as FEAT011 says: \
            well-formed, every read naming a feature of the working tree, acknowledgements no \
            further ahead than waiver_max_days and still of use.

            Examples:
              feat validate
              feat validate features/payments/user_txn_count_7d.yaml
              feat validate consumers/fraud_scorer.yaml
              feat validate --format json
            """)

    @Argument(help: "Feature or consumer files to check (default: every one).")
    var paths: [String] = []

    @OptionGroup var output: FormatOption<ReportFormats>

    func run() throws {
        let repo = try currentRepository()
        let root = try repo.workingTree(for: "validate")
        let policy = try repo.worktreePolicy()
        let all = try repo.worktreeCatalog(policy: policy)
        let consumers = try repo.worktreeConsumerCatalog(policy: policy)
        var files = all.files
        var consumerFiles = consumers.files
        if !paths.isEmpty {
            consumerFiles = []
            let cwd = FileManager.default.currentDirectoryPath
            var selected: [ParsedFile] = []
            for p in paths {
                let absolute = URL(fileURLWithPath: p, relativeTo: URL(fileURLWithPath: cwd + "/")).standardizedFileURL
                    .path
                guard absolute.hasPrefix(root + "/") else {
                    throw FeatError.invalidArgument("\(p) is outside the feature repository \(root)")
                }
                guard FileManager.default.fileExists(atPath: absolute) || isSymbolicLink(absolute) else {
                    throw FeatError.io(path: p, message: "no such file")
                }
                let rel = String(absolute.dropFirst(root.count + 1))
                if policy.isConsumerDeclaration(rel) {
                    consumerFiles.append(
                        consumers.files.first { $0.path == rel }
                            ?? ParsedConsumer(path: rel, consumer: nil, problems: [Self.notRegular]))
                    continue
                }
                if !policy.isFeatureFile(rel) {
                    let folders = policy.featureFolders.map { $0.isEmpty ? "." : $0 }.joined(separator: ", ")
                    Output.warning(
                        "\(p) is not in the feature folders (\(folders)) or is not a .yaml/.yml file: "
                            + "checked here, but feat list, check and history will not see it")
                }
                if let file = all.files.first(where: { $0.path == rel }) {
                    selected.append(file)
                } else {
                    selected.append(contentsOf: try repo.worktreeCatalog(policy: policy, only: [rel]).files)
                }
            }
            files = selected
        }
        let findings =
            Validation.findings(files, policy: policy, duplicatesAmong: all.files)
            + Validation.consumerFindings(consumerFiles, among: consumers.files, features: all.files, policy: policy)
        for path in Scaffold.staleSchemas(at: root, policy: policy) {
            Output.warning("\(path) is out of date with the policy or this feat: run `feat schema --write` for editors")
        }
        let (n, c) = (files.count, consumerFiles.count)
        switch output.format {
        case .json: Output.out(ValidateRender.json(findings, files: n, consumerFiles: c))
        case .markdown: Output.out(ValidateRender.markdown(findings, files: n, consumerFiles: c))
        default: Output.out(ValidateRender.text(findings, files: n, consumerFiles: c, style: Output.style))
        }
        if findings.contains(where: { $0.problem.severity == .error }) { throw ExitCode(1) }
    }
}

extension Validate {
    /// A consumer file named on the command line that the consumer catalog does not read.
    static let notRegular = Problem(
        .error, "not a regular file (a symbolic link?): feat reads consumer files as regular files only")
}

/// Whether a path is a symbolic link (dangling or not): validate reports those itself.
func isSymbolicLink(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
}
