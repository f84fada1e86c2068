import ArgumentParser
import FeatKit
import FeatModel
import FeatRender
import Foundation

/// `feat validate [PATH...]`: working-tree files against their stage.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check working-tree feature files against the obligations of their stage.",
        discussion: """
            Examples:
              feat validate
              feat validate features/payments/user_txn_count_7d.yaml
              feat validate --format json
            """)

    @Argument(help: "Feature files to check (default: every feature file).")
    var paths: [String] = []

    @OptionGroup var output: FormatOption<ReportFormats>

    func run() throws {
        let repo = try currentRepository()
        let root = try repo.workingTree(for: "validate")
        let policy = try repo.worktreePolicy()
        let all = try repo.worktreeCatalog(policy: policy)
        var files = all.files
        if !paths.isEmpty {
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
        let findings = Validation.findings(files, policy: policy, duplicatesAmong: all.files)
        switch output.format {
        case .json: Output.out(ValidateRender.json(findings, files: files.count))
        case .markdown: Output.out(ValidateRender.markdown(findings, files: files.count))
        default: Output.out(ValidateRender.text(findings, files: files.count, style: Output.style))
        }
        if findings.contains(where: { $0.problem.severity == .error }) { throw ExitCode(1) }
    }
}

/// Whether a path is a symbolic link (dangling or not): validate reports those itself.
func isSymbolicLink(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
}
