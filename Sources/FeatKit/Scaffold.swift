import FeatGit
import FeatModel
import FeatReport
import Foundation

/// Writes new files from the embedded templates: a feature repo's config, CI, new features.
public enum Scaffold {
    public enum CI: String, Sendable, CaseIterable {
        case github, gitlab

        var template: String { "ci/\(rawValue).yml" }
        var destination: String {
            switch self {
            case .github: return ".github/workflows/feat.yml"
            case .gitlab: return ".gitlab-ci.yml"
            }
        }

        /// Where the GitLab job goes when the project already has a `.gitlab-ci.yml`.
        static let gitlabInclude = ".gitlab/feat.gitlab-ci.yml"

        /// What to do after `feat init --ci`: the workflow cannot get feat until a variable
        /// says where from (its first step stops, naming them, until then).
        func nextStep(written path: String) -> String {
            let (host, kind, settings, job) =
                self == .github
                ? (
                    "GitHub", "repository variables", "Settings > Secrets and variables > Actions > Variables",
                    "workflow"
                )
                : ("GitLab", "CI/CD variables", "Settings > CI/CD > Variables", "job")
            var text = """
                Next: tell the \(job) where to get feat. In \(host), \(settings), set these \(kind):
                  FEAT_URL and FEAT_SHA256   the address of feat-<version>-linux-x86_64.tar.gz and the
                                             checksum in its .sha256 file (nothing is compiled), or
                  FEAT_REPO                  feat's git URL (FEAT_REF: a tag or branch), built once per version

                """
            if self == .gitlab {
                text += """
                      FEAT_NOTE_TOKEN            optional: a project access token (api scope), to keep one
                                                 merge-request note up to date

                    """
            }
            text += "Until one is set, the \(job) stops at its first step and names them. Then commit \(path).\n"
            return text
        }
    }

    /// What `feat init` did: the paths it wrote, and what the user still has to do.
    public struct Initialised: Sendable {
        public var written: [String] = []
        public var advice: [String] = []
    }

    /// `feat init`: `.featurerepo/config.yaml`, `features/`, and optionally a CI workflow.
    /// Existing files are never overwritten: a GitLab project that already has a
    /// `.gitlab-ci.yml` (most have) gets an includable file and the `include:` line to add.
    ///
    /// Only inside a git repository's working tree. feat reads features from git (history,
    /// diff and check read nothing else), and a `.featurerepo/` written in the wrong folder
    /// (a home directory, say) is not harmless: every folder below it would find it.
    public static func initialise(at directory: String, ci: CI?) throws(FeatError) -> Initialised {
        try requireWorkingTree(at: directory)
        var result = Initialised()
        let config = directory + "/" + FeatureRepository.configPath
        if !FileManager.default.fileExists(atPath: config) {
            try write(EmbeddedTemplates.files["config.yaml"] ?? "", to: config)
            result.written.append(FeatureRepository.configPath)
        }
        let features = directory + "/features"
        if !FileManager.default.fileExists(atPath: features) {
            do {
                try FileManager.default.createDirectory(atPath: features, withIntermediateDirectories: true)
                try Data().write(to: URL(fileURLWithPath: features + "/.gitkeep"))
            } catch {
                throw .io(path: "features", message: error.localizedDescription)
            }
            result.written.append("features/")
        }
        result.written += try writeSchemas(at: directory, replacing: false, policy: .standard)
        if let ci {
            // CI files live at the top of the git repository; the feature root may be below it.
            let top = gitTop(from: directory) ?? directory
            let root = directory.hasPrefix(top + "/") ? String(directory.dropFirst(top.count + 1)) + "/" : ""
            var destination = ci.destination
            if ci == .gitlab, FileManager.default.fileExists(atPath: top + "/" + destination) {
                destination = CI.gitlabInclude
                result.advice.append(
                    "\(ci.destination) exists and was left alone; add this to it:\n\ninclude:\n  - local: \(destination)\n"
                )
            }
            let dest = top + "/" + destination
            if FileManager.default.fileExists(atPath: dest) { throw .alreadyExists(path: destination) }
            let text = (EmbeddedTemplates.files[ci.template] ?? "")
                .replacingOccurrences(of: "{{root}}", with: root)
                .replacingOccurrences(of: "{{version}}", with: FeatVersion.current)
            try write(text, to: dest)
            result.written.append(destination)
            result.advice.append(ci.nextStep(written: destination))
        }
        return result
    }

    /// Refuses a folder outside any git repository, or in a bare one.
    static func requireWorkingTree(at directory: String) throws(FeatError) {
        let repository: Repository
        do {
            repository = try Repository.open(discoveringFrom: directory)
        } catch .notARepository {
            throw .notAGitRepository(path: directory)
        } catch {
            throw .git(error)
        }
        if repository.isBare { throw .bareRepository(command: "init") }
    }

    static func gitTop(from directory: String) -> String? {
        var dir = directory
        while true {
            if FileManager.default.fileExists(atPath: dir + "/.git") { return dir }
            let parent = (dir as NSString).deletingLastPathComponent
            if parent == dir || parent.isEmpty { return nil }
            dir = parent
        }
    }

    /// Where `feat init` puts the JSON Schemas, relative to the feature-repo root.
    public static let schemaFolder = ".featurerepo/schemas"

    /// The JSON Schemas feat writes for editors, by name: `<name>.schema.json`. The feature
    /// schema is the policy's: its stages, and each stage's obligations as requirements.
    public static func schemas(policy: Policy) -> [(name: String, text: String)] {
        [
            ("feature", FeatureSchema.jsonSchema(for: policy)), ("config", ConfigSchema.jsonSchema),
            ("consumer", ConsumerSchema.jsonSchema),
        ]
    }

    /// The schemas in `.featurerepo/schemas/` that differ from what `policy` and this feat
    /// would write (a policy or an upgrade changed them since): `feat validate` says to run
    /// `feat schema --write`. A schema that was never written is not stale.
    public static func staleSchemas(at root: String, policy: Policy) -> [String] {
        schemas(policy: policy).compactMap { name, text in
            let path = "\(schemaFolder)/\(name).schema.json"
            guard let data = FileManager.default.contents(atPath: root + "/" + path) else { return nil }
            return String(decoding: data, as: UTF8.self) == text ? nil : path
        }
    }

    /// Writes the feature, config and consumer JSON Schemas into `.featurerepo/schemas/`, for
    /// editors; existing files are kept unless `replacing` (`feat schema --write`, after an
    /// upgrade). Returns the paths written, relative to the feature-repo root.
    public static func writeSchemas(at root: String, replacing: Bool, policy: Policy) throws(FeatError) -> [String] {
        var written: [String] = []
        for (name, text) in schemas(policy: policy) {
            let path = "\(schemaFolder)/\(name).schema.json"
            if !replacing, FileManager.default.fileExists(atPath: root + "/" + path) { continue }
            try write(text, to: root + "/" + path)
            written.append(path)
        }
        return written
    }

    /// The `$schema` a feature file at `path` (relative to the feature-repo root) names in its
    /// first line: the relative path from its folder to `.featurerepo/schemas/feature.schema.json`,
    /// which yaml-language-server resolves against the file's own folder.
    public static func featureSchemaReference(forFileAt path: String) -> String {
        schemaReference("feature", forFileAt: path)
    }

    /// The `$schema` of a file at `path` naming `.featurerepo/schemas/<name>.schema.json`.
    static func schemaReference(_ name: String, forFileAt path: String) -> String {
        let folders = path.split(separator: "/").dropLast().filter { $0 != "." }
        return String(repeating: "../", count: folders.count) + schemaFolder + "/\(name).schema.json"
    }

    /// The text of a new feature of a kind, at the entry stage, to be written at `path`
    /// (relative to the feature-repo root; by default the `features/` folder).
    public static func newFeature(
        name: String, kind: Kind, owner: String, stage: String, path: String? = nil
    ) -> String {
        let template = EmbeddedTemplates.files["features/\(kind.rawValue).yaml"] ?? ""
        let schema = featureSchemaReference(forFileAt: path ?? "features/\(name).yaml")
        return template.replacingOccurrences(of: "{{name}}", with: name)
            .replacingOccurrences(of: "{{owner}}", with: owner)
            .replacingOccurrences(of: "{{schema}}", with: schema)
            .replacingOccurrences(of: "stage: explore", with: "stage: \(stage)")
    }

    /// The text of a new consumer declaration at `path` (relative to the feature-repo root),
    /// at stage `experiment` (listed, never blocking) and reading `reads`, from
    /// templates/consumer.yaml; its first line points at the consumer schema.
    public static func newConsumer(
        name: String, kind: Consumer.Kind, owner: String, reads: [Identity], path: String
    ) -> String {
        let template = EmbeddedTemplates.files["consumer.yaml"] ?? ""
        let list = reads.map { read in
            "\n  - " + (read.version == 1 ? read.feature : "{feature: \(read.feature), version: \(read.version)}")
        }
        return template.replacingOccurrences(of: "{{name}}", with: name)
            .replacingOccurrences(of: "{{owner}}", with: owner)
            .replacingOccurrences(of: "{{schema}}", with: schemaReference("consumer", forFileAt: path))
            .replacingOccurrences(of: "\nkind: model\n", with: "\nkind: \(kind.rawValue)\n")
            .replacingOccurrences(of: "reads: []", with: reads.isEmpty ? "reads: []" : "reads:" + list.joined())
    }

    /// Where `feat new --consumer NAME` writes: `NAME.yaml` in the first consumers folder.
    public static func consumerPath(_ name: String, policy: Policy) -> String {
        let folder = policy.consumerFolders.first ?? "consumers"
        return (folder.isEmpty ? "" : folder + "/") + name + ".yaml"
    }

    /// Writes atomically: a temporary file in the same folder, then a rename.
    public static func write(_ text: String, to path: String) throws(FeatError) {
        try write(Array(text.utf8), to: path)
    }

    /// A regular file (or a new one) is replaced whole, through a temporary file renamed over
    /// it, so a reader never sees half of it. Anything else is written through, never
    /// replaced: a symbolic link writes its target, and a device or a pipe (`-o /dev/null`,
    /// `-o /dev/stdout`, a FIFO) receives the bytes — renaming over `/dev/null` would destroy it.
    public static func write(_ bytes: [UInt8], to path: String) throws(FeatError) {
        let url = URL(fileURLWithPath: path)
        var info = stat()
        let throughExisting = lstat(path, &info) == 0 && info.st_mode & S_IFMT != S_IFREG
        do {
            if throughExisting {
                try Data(bytes).write(to: url)
                return
            }
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw .io(path: path, message: "cannot be written: \(error.localizedDescription)")
        }
    }
}
