import FeatDiff
import FeatJSON
import FeatModel
import Foundation

/// A lock (SPEC §8): the definitions a consumer read at one moment, self-contained, so that
/// what a model was trained on can be compared with any later revision without history.
///
/// Written deterministically: the same reads at the same commit give the same bytes (keys in
/// a fixed order, reads sorted by feature then version, definitions by key, no timestamps).
public struct LockFile: Sendable {
    /// The lock format this feat writes and reads.
    public static let currentFormat = 1

    public var format: Int
    /// The feat version that wrote it (information: a later feat re-judges with its own rules).
    public var feat: String
    /// The consumer locked, nil for a set named with `--features`.
    public var consumer: String?
    /// The commit it was written at (information only).
    public var commit: String?
    /// Whether what it locks had uncommitted changes (`--allow-dirty`).
    public var dirty: Bool
    public var reads: [LockedRead]

    public init(format: Int, feat: String, consumer: String?, commit: String?, dirty: Bool, reads: [LockedRead]) {
        self.format = format
        self.feat = feat
        self.consumer = consumer
        self.commit = commit
        self.dirty = dirty
        self.reads = reads.sorted { $0.identity < $1.identity }
    }

    /// The lock as JSON, keys in the order SPEC §8 shows.
    public var json: JSON {
        .object([
            ("lock", .int(format)), ("feat", .string(feat)), ("consumer", .optional(consumer)),
            ("commit", .optional(commit)), ("dirty", .bool(dirty)), ("reads", .array(reads.map(\.json))),
        ])
    }

    /// The bytes of the lock file: pretty JSON, two-space indent, ending in a newline.
    public var bytes: [UInt8] { json.serializedBytes(pretty: true) }

    /// Writes the lock to a file, replacing it whole (never half-written), and the folders
    /// it goes in when they do not exist yet (`-o model/features.lock.json`); a device, a
    /// pipe or a symbolic link is written through (`Scaffold.write`).
    public func write(to path: String) throws(FeatError) {
        try Scaffold.write(bytes, to: path)
    }
}

/// One locked read: where the feature was, what it was, and the files it referenced.
public struct LockedRead: Sendable {
    public var identity: Identity
    public var path: String
    public var stage: String
    /// For a read in an exit stage, the stage it left for it, when history showed it.
    public var leftFrom: String?
    /// The feature file's git blob id (information: blobs change with comments).
    public var blob: String?
    /// `sha256:` and the SHA-256 of the RFC 8785 serialisation of `definition`.
    public var digest: String
    public var files: [LockedFile]
    /// The normalised definition, a file vocabulary's entries inline.
    public var definition: JSON
    /// The definition read as a feature (the vocabulary entries left to `vocabularies`).
    public var feature: Feature
    /// For a derived feature, every feature it reads through `inputs`, transitively, once
    /// each, sorted (SPEC §10): their `stage` and `left_from` are not written, and they have
    /// no inputs of their own here.
    public var inputs: [LockedRead] = []

    public init(
        identity: Identity, path: String, stage: String, leftFrom: String?, blob: String?, files: [LockedFile],
        definition: JSON, feature: Feature
    ) {
        self.identity = identity
        self.path = path
        self.stage = stage
        self.leftFrom = leftFrom
        self.blob = blob
        self.files = files.sorted { $0.path < $1.path }
        self.definition = definition
        self.digest = LockDefinition.digest(definition)
        self.feature = feature
    }

    var json: JSON {
        var fields: [(String, JSON)] = [
            ("feature", .string(identity.feature)), ("version", .int(identity.version)), ("path", .string(path)),
            ("stage", .string(stage)),
        ]
        if let leftFrom { fields.append(("left_from", .string(leftFrom))) }
        fields += [
            ("blob", .optional(blob)), ("digest", .string(digest)), ("files", .array(files.map(\.json))),
        ]
        if !inputs.isEmpty { fields.append(("inputs", .array(inputs.map(\.inputJSON)))) }
        fields.append(("definition", definition))
        return .object(fields)
    }

    /// An input of a read: `{"feature", "version", "path", "blob", "digest", "files", "definition"}`.
    var inputJSON: JSON {
        .object([
            ("feature", .string(identity.feature)), ("version", .int(identity.version)), ("path", .string(path)),
            ("blob", .optional(blob)), ("digest", .string(digest)), ("files", .array(files.map(\.json))),
            ("definition", definition),
        ])
    }

    /// What a diff compares of the referenced vocabulary (`VocabularyFiles`), under the
    /// reference as written: the entries inline in the definition, and the content's SHA-256.
    public var vocabularies: [String: [String]] {
        guard let reference = feature.definition[path: "categorical.vocabulary_file"]?.stringValue,
            let path = VocabularyFile.repositoryPath(reference)
        else { return [:] }
        var result: [String: [String]] = [:]
        if let sha = files.first(where: { $0.path == path })?.sha256 {
            result[VocabularyFile.contentHashKey(reference)] = [sha]
        }
        if let entries = LockDefinition.inlineVocabulary(definition) { result[reference] = entries }
        return result
    }
}

/// A file a locked read references (a vocabulary file): its path relative to the feature
/// root, its git blob id, and the SHA-256 of its content (a Git LFS pointer's oid).
public struct LockedFile: Sendable, Hashable {
    public var path: String
    public var blob: String?
    public var sha256: String

    public init(path: String, blob: String?, sha256: String) {
        self.path = path
        self.blob = blob
        self.sha256 = sha256
    }

    var json: JSON { .object([("path", .string(path)), ("blob", .optional(blob)), ("sha256", .string(sha256))]) }
}

/// How a definition is written into a lock, and read back.
public enum LockDefinition {
    /// A normalised definition as JSON: maps by sorted key, a duration in one spelling per
    /// length of time (`7d` and `168h` both `7d`: the largest of d, h, m, s that divides it),
    /// so that the digest does not change with how a duration was written; `vocabulary` holds
    /// a readable vocabulary file's entries beside `vocabulary_file`.
    public static func json(_ definition: Value, vocabulary: [String]?) -> JSON {
        var value = definition
        if let vocabulary, case .map(var fields) = value, case .map(var categorical)? = fields["categorical"],
            categorical["vocabulary"] == nil
        {
            categorical["vocabulary"] = .list(vocabulary.map(Value.string))
            fields["categorical"] = .map(categorical)
            value = .map(fields)
        }
        return json(value)
    }

    static func json(_ value: Value) -> JSON {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .number(let d): return .number(d)
        case .string(let s): return .string(s)
        case .duration(let d): return .string(canonical(d))
        case .list(let l): return .array(l.map(json))
        case .map(let m): return .object(m.sorted { $0.key < $1.key }.map { ($0.key, json($0.value)) })
        }
    }

    /// One spelling per length of time.
    static func canonical(_ d: FeatureDuration) -> String {
        guard d.seconds != 0 else { return "0s" }
        for (unit, factor) in [("d", Int64(86_400)), ("h", 3600), ("m", 60)] where d.seconds % factor == 0 {
            return "\(d.seconds / factor)\(unit)"
        }
        return "\(d.seconds)s"
    }

    /// `sha256:` and the SHA-256 of the RFC 8785 serialisation.
    public static func digest(_ definition: JSON) -> String {
        "sha256:" + SHA256.hex(definition.canonical())
    }

    /// The entries a lock wrote inline beside `vocabulary_file`, nil when there are none.
    static func inlineVocabulary(_ definition: JSON) -> [String]? {
        guard case .object(let fields) = definition,
            case .object(let categorical)? = fields.first(where: { $0.0 == "categorical" })?.1,
            categorical.contains(where: { $0.0 == "vocabulary_file" }),
            case .array(let items)? = categorical.first(where: { $0.0 == "vocabulary" })?.1
        else { return nil }
        var entries: [String] = []
        for item in items {
            guard case .string(let s) = item else { return nil }
            entries.append(s)
        }
        return entries
    }

    /// The definition read back as a feature, as a feature file at `path` would be: JSON text
    /// is YAML, so the feature parser normalises it (durations, dates, defaults) exactly as it
    /// normalises a file. A vocabulary written inline beside `vocabulary_file` is taken out:
    /// it is the file's content, compared through `LockedRead.vocabularies`.
    public static func feature(_ definition: JSON, path: String) -> ParsedFile {
        var written = definition
        if inlineVocabulary(definition) != nil, case .object(var fields) = definition,
            let i = fields.firstIndex(where: { $0.0 == "categorical" }), case .object(var categorical) = fields[i].1
        {
            categorical.removeAll { $0.0 == "vocabulary" }
            fields[i].1 = .object(categorical)
            written = .object(fields)
        }
        return FeatureParser.parse(written.serializedBytes(pretty: false), path: path)
    }
}

extension LockFile {
    /// The largest lock file read (a lock of thousands of reads is far smaller).
    static let maxBytes = 64 << 20

    /// Reads a lock file from disk; every reason it cannot be used is one `FeatError` naming
    /// the file and what is wrong.
    public static func read(at path: String) throws(FeatError) -> LockFile {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .io(path: path, message: "no such lock file") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw .io(path: path, message: "is not a file (a lock is a file)")
        }
        guard Int(info.st_size) <= maxBytes else {
            throw .io(path: path, message: "is \(info.st_size) bytes, larger than a lock can be (\(maxBytes) bytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(path: path, message: "cannot be read (permissions?)")
        }
        return try parse([UInt8](data), path: path)
    }

    /// Whether a file on disk holds a JSON object with a `lock` key: what makes `feat diff`'s
    /// first argument a lock. Anything else (no such file, not JSON) is not one.
    public static func looksLikeLock(at path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) <= maxBytes,
            let data = FileManager.default.contents(atPath: path),
            data.first(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) == UInt8(ascii: "{")
        else { return false }
        guard case .object(let fields)? = try? JSONReader.parse([UInt8](data)) else { return false }
        return fields.contains { $0.0 == "lock" }
    }

    /// Parses a lock's bytes: the JSON, the format, and every read, whose definition must read
    /// back as the feature it names and match its digest.
    public static func parse(_ bytes: [UInt8], path: String) throws(FeatError) -> LockFile {
        func bad(_ message: String) -> FeatError { .io(path: path, message: message) }
        let json: JSON
        do {
            json = try JSONReader.parse(bytes)
        } catch {
            throw bad("not JSON (\(error)); a lock is the JSON file `feat lock` writes")
        }
        guard case .object(let top) = json else { throw bad("is JSON but not a lock: it is not an object") }
        func field(_ fields: [(String, JSON)], _ key: String) -> JSON? { fields.first { $0.0 == key }?.1 }
        guard let format = field(top, "lock") else {
            throw bad("is JSON but not a feat lock: it has no \"lock\" key")
        }
        let feat: String
        if case .string(let s)? = field(top, "feat") { feat = s } else { feat = "unknown" }
        guard case .int(let number) = format else {
            throw bad("\"lock\" is \(describe(format)), not a lock format number")
        }
        guard number == currentFormat else {
            let newer = number > currentFormat
            throw bad(
                "lock format \(number) is \(newer ? "newer than" : "not") one this feat reads (format "
                    + "\(currentFormat)); it was written by feat \(feat)"
                    + (newer ? ": upgrade feat to read it" : ""))
        }
        var consumer: String?
        if case .string(let s)? = field(top, "consumer") { consumer = s }
        var commit: String?
        if case .string(let s)? = field(top, "commit") { commit = s }
        var dirty = false
        if case .bool(let b)? = field(top, "dirty") { dirty = b }
        guard case .array(let items)? = field(top, "reads") else {
            throw bad("has no \"reads\" list")
        }
        var reads: [LockedRead] = []
        var seen = Set<Identity>()
        for (i, item) in items.enumerated() {
            let read = try LockedRead.parse(item, index: i, path: path)
            guard seen.insert(read.identity).inserted else {
                throw bad("reads[\(i)]: \(read.identity) is locked twice")
            }
            reads.append(read)
        }
        return LockFile(format: number, feat: feat, consumer: consumer, commit: commit, dirty: dirty, reads: reads)
    }

    static func describe(_ json: JSON) -> String {
        switch json {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int(let i): return String(i)
        case .number: return "a number"
        case .string(let s): return "\"\(s.prefix(40))\""
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}

extension LockedRead {
    static func parse(_ item: JSON, index i: Int, path lockPath: String, within: String = "")
        throws(FeatError) -> LockedRead
    {
        let place = within.isEmpty ? "reads[\(i)]" : "\(within).inputs[\(i)]"
        guard case .object(let fields) = item else {
            throw .io(path: lockPath, message: "\(place) is \(LockFile.describe(item)), not an object")
        }
        func field(_ key: String) -> JSON? { fields.first { $0.0 == key }?.1 }
        func string(_ key: String) -> String? {
            if case .string(let s)? = field(key) { return s }
            return nil
        }
        var name = place
        func bad(_ message: String) -> FeatError { .io(path: lockPath, message: "\(name): \(message)") }
        guard let feature = string("feature"), FeatureName.isValid(feature) else {
            throw bad("has no \"feature\" name")
        }
        var version = 1
        if let v = field("version") {
            guard case .int(let n) = v, n >= 1 else { throw bad("\"version\" is not a version number") }
            version = n
        }
        let identity = Identity(feature: feature, version: version)
        name += " (\(identity))"
        guard let path = string("path"), !path.isEmpty else { throw bad("has no \"path\"") }
        guard let definition = field("definition") else { throw bad("has no \"definition\"") }
        guard case .object = definition else { throw bad("its \"definition\" is not an object") }
        guard let digest = string("digest") else { throw bad("has no \"digest\"") }
        guard digest == LockDefinition.digest(definition) else {
            throw bad("its digest does not match its definition: the lock was edited or damaged; write it again")
        }
        let parsed = LockDefinition.feature(definition, path: path)
        guard let read = parsed.feature else {
            let problem = parsed.unreadableProblem.map { $0.message } ?? "it does not parse"
            throw bad("its definition does not read as a feature: \(problem)")
        }
        guard read.identity == identity else {
            throw bad("its definition is \(read.identity), not \(identity)")
        }
        var files: [LockedFile] = []
        if let list = field("files") {
            guard case .array(let entries) = list else { throw bad("\"files\" is not a list") }
            for (j, entry) in entries.enumerated() {
                guard case .object(let f) = entry, case .string(let p)? = f.first(where: { $0.0 == "path" })?.1,
                    case .string(let sha)? = f.first(where: { $0.0 == "sha256" })?.1
                else { throw bad("files[\(j)] needs \"path\" and \"sha256\"") }
                var blob: String?
                if case .string(let b)? = f.first(where: { $0.0 == "blob" })?.1 { blob = b }
                files.append(LockedFile(path: p, blob: blob, sha256: sha))
            }
        }
        var locked = LockedRead(
            identity: identity, path: path, stage: string("stage") ?? read.stage, leftFrom: string("left_from"),
            blob: string("blob"), files: files, definition: definition, feature: read)
        if let list = field("inputs") {
            guard within.isEmpty, case .array(let entries) = list else {
                throw bad("\"inputs\" is not a list of the features it is derived from")
            }
            for (j, entry) in entries.enumerated() {
                locked.inputs.append(try parse(entry, index: j, path: lockPath, within: name))
            }
        }
        return locked
    }
}
