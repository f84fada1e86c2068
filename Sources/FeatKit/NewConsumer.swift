import FeatModel
import FeatReport
import Foundation

extension FeatureRepository {
    /// `feat new --consumer NAME`: writes `NAME.yaml` in the first consumers folder of the
    /// working tree's policy and returns its path. Refuses, writing nothing, a name another
    /// consumer has, a file that exists, and a read that names no feature of the working tree
    /// (with the closest name, or the versions there are) — `feat validate` would refuse it.
    public func newConsumer(
        name: String, kind: Consumer.Kind, owner: String, reads: [Identity]
    ) throws(FeatError) -> String {
        let root = try requireWorkingTree("new")
        let policy = try worktreePolicy()
        if let other = try worktreeConsumerCatalog(policy: policy).consumers.first(where: { $0.name == name }) {
            throw .alreadyExists(path: "\(other.path) (consumer \(name))")
        }
        let features = try worktreeCatalog(policy: policy).features
        for read in reads where !features.contains(where: { $0.identity == read }) {
            let versions = features.filter { $0.name == read.feature }.map(\.version).sorted()
            guard versions.isEmpty else {
                let its = versions.count == 1 ? "its version is" : "its versions are"
                throw .invalidArgument(
                    "--reads \(read.feature)@\(read.version): \(read.feature) has no version \(read.version); "
                        + "\(its) \(versions.map(String.init).joined(separator: ", "))")
            }
            throw .unknownFeature(
                name: read.feature, suggestion: Suggestion.closest(to: read.feature, in: features.map(\.name)))
        }
        let path = Scaffold.consumerPath(name, policy: policy)
        if FileManager.default.fileExists(atPath: root + "/" + path) { throw .alreadyExists(path: path) }
        let text = Scaffold.newConsumer(name: name, kind: kind, owner: owner, reads: reads, path: path)
        try Scaffold.write(text, to: root + "/" + path)
        return path
    }
}
