/// A position in a text file, 1-based, as editors show it.
public struct Mark: Sendable, Hashable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: Mark, b: Mark) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// How a scalar was written; quoted scalars are always strings.
public enum ScalarStyle: Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

/// One node of a YAML document, with where it starts.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(String, ScalarStyle, tag: String?)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var content: Content
    public var mark: Mark
    /// Written in flow style (`[a, b]`, `{k: v}`).
    public var isFlow: Bool
    /// The tag written on a sequence or mapping (`!set [a]`), shorthand expanded; a scalar's
    /// tag is in its content.
    public var collectionTag: String?

    public init(content: Content, mark: Mark, isFlow: Bool = false, collectionTag: String? = nil) {
        self.content = content
        self.mark = mark
        self.isFlow = isFlow
        self.collectionTag = collectionTag
    }

    /// Every tag written in this subtree (keys included), in document order, each place once.
    /// An alias shares its anchor's subtree; the document's node limit bounds this walk.
    public func explicitTags() -> [YAMLTag] {
        var found: [Mark: String] = [:]
        var stack = [self]
        while let node = stack.popLast() {
            switch node.content {
            case .scalar(_, _, let tag):
                if let tag { found[node.mark] = tag }
            case .sequence(let items):
                if let tag = node.collectionTag { found[node.mark] = tag }
                stack.append(contentsOf: items)
            case .mapping(let pairs):
                if let tag = node.collectionTag { found[node.mark] = tag }
                for pair in pairs {
                    stack.append(pair.key)
                    stack.append(pair.value)
                }
            }
        }
        return found.map { YAMLTag(resolved: $0.value, mark: $0.key) }.sorted { $0.mark < $1.mark }
    }

    /// The scalar text when this node is a scalar.
    public var scalarText: String? {
        if case .scalar(let text, _, _) = content { return text }
        return nil
    }

    /// True for a plain scalar that YAML reads as null (`~`, `null`, empty).
    public var isNull: Bool {
        if case .scalar(let text, .plain, let tag) = content, tag == nil || tag == "tag:yaml.org,2002:null" {
            return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
        }
        return false
    }

    /// The value of a key in a mapping node.
    public subscript(key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = content else { return nil }
        return pairs.first { $0.key.scalarText == key }?.value
    }
}

/// A tag written in a document (`!!str`, `!w`), where it is.
public struct YAMLTag: Sendable, Hashable {
    /// The tag as libyaml resolves it (`tag:yaml.org,2002:str` for `!!str`).
    public var resolved: String
    public var mark: Mark

    public init(resolved: String, mark: Mark) {
        self.resolved = resolved
        self.mark = mark
    }

    /// The tag as an author writes it: `!!str` for the YAML types, `!w` for a local tag.
    public var written: String {
        let core = "tag:yaml.org,2002:"
        if resolved.hasPrefix(core) { return "!!" + resolved.dropFirst(core.count) }
        if resolved.hasPrefix("!") { return resolved }
        return "!<\(resolved)>"
    }
}

/// A key and its value in a mapping, in document order.
public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A problem reading a YAML document, with its position when one is known.
public struct YAMLError: Error, Sendable, Equatable {
    public var message: String
    public var mark: Mark?

    public init(_ message: String, at mark: Mark? = nil) {
        self.message = message
        self.mark = mark
    }
}
