import FeatDiff
import FeatModel
import FeatRules
import Foundation
import GitID

/// Every feature file of a feature repository at one point: a commit or the working tree.
public struct Catalog: Sendable {
    /// The commit read, or nil for the working tree.
    public var commit: ObjectID?
    public var files: [ParsedFile]
    /// Entries of the vocabulary files the features reference, by reference as written.
    public var vocabularies: [String: [String]] = [:]

    public init(commit: ObjectID?, files: [ParsedFile], vocabularies: [String: [String]] = [:]) {
        self.commit = commit
        self.files = files
        self.vocabularies = vocabularies
    }

    /// The features that could be read, ordered by identity then path.
    public var features: [Feature] {
        files.compactMap(\.feature).sorted { ($0.identity, $0.path) < ($1.identity, $1.path) }
    }

    /// Looks a feature up by name (the highest version when `version` is nil).
    public func feature(named name: String, version: Int? = nil) -> Feature? {
        features.filter { $0.name == name && (version == nil || $0.version == version) }.max { $0.version < $1.version }
    }

    /// All names, for suggestions.
    public var names: [String] { features.map(\.name) }
}
