import FeatModel

/// A problem found in a file, for reports: the file, the line, the message.
public struct Finding: Sendable, Hashable {
    public var path: String
    public var problem: Problem
    public var identity: Identity?

    public init(path: String, problem: Problem, identity: Identity? = nil) {
        self.path = path
        self.problem = problem
        self.identity = identity
    }
}

/// Checks working-tree files against the obligations of their stage.
public enum Validation {
    /// Every problem in the files: parse and schema problems, unknown stages, duplicate
    /// identities, and obligations the stage demands that are missing.
    public static func findings(_ files: [ParsedFile], policy: Policy, duplicatesAmong all: [ParsedFile]? = nil) -> [Finding] {
        var findings: [Finding] = []
        for file in files {
            for p in file.problems { findings.append(Finding(path: file.path, problem: p, identity: file.feature?.identity)) }
            guard let f = file.feature else { continue }
            let stageLine = f.line(of: "stage")
            guard policy.stage(f.stage) != nil else {
                findings.append(Finding(path: f.path, problem: Problem(
                    .error, "unknown stage '\(f.stage)'\(Suggestion.hint(for: f.stage, in: policy.stageNames)); stages are \(policy.stageNames.joined(separator: ", "))",
                    line: stageLine), identity: f.identity))
                continue
            }
            for o in policy.missing(for: f) {
                findings.append(Finding(path: f.path, problem: Problem(
                    .error, "stage \(f.stage) requires \(o)", line: f.line(of: o.field) ?? stageLine), identity: f.identity))
            }
        }
        // Identities must be unique across the whole catalog.
        var first: [Identity: String] = [:]
        let checked = Set(files.map(\.path))
        for file in (all ?? files).sorted(by: { $0.path < $1.path }) {
            guard let f = file.feature else { continue }
            if let other = first[f.identity] {
                if checked.contains(f.path) {
                    findings.append(Finding(path: f.path, problem: Problem(
                        .error, "\(f.identity) version \(f.version) is already defined in \(other)", line: f.line(of: "feature")),
                        identity: f.identity))
                }
            } else {
                first[f.identity] = f.path
            }
        }
        return findings.sorted { ($0.path, $0.problem.line ?? 0) < ($1.path, $1.problem.line ?? 0) }
    }
}
