import FeatYAML

/// YAML merge keys (`<<: *defaults`) are not part of the format: feat reads what is written,
/// and a merge would otherwise be read as a field named `<<` with the merged fields missing.
enum MergeKeys {
    static let message = "YAML merge keys ('<<') are not supported"

    /// Where each merge key is written, in document order, each place once.
    static func marks(in root: YAMLNode) -> [Mark] {
        var found = Set<Mark>()
        // Aliases share their anchor's subtree; the document's node limit bounds this walk.
        var stack = [root]
        while let node = stack.popLast() {
            switch node.content {
            case .scalar:
                continue
            case .sequence(let items):
                stack.append(contentsOf: items)
            case .mapping(let pairs):
                for pair in pairs {
                    if case .scalar("<<", .plain, _) = pair.key.content { found.insert(pair.key.mark) }
                    stack.append(pair.key)
                    stack.append(pair.value)
                }
            }
        }
        return found.sorted()
    }
}
