import CYAML

/// Limits that keep a hostile file from exhausting memory or stack.
public struct YAMLLimits: Sendable {
    /// Largest accepted file, in bytes.
    public var maxBytes: Int
    /// Deepest accepted nesting of sequences and mappings.
    public var maxDepth: Int
    /// Most nodes a document may expand to, aliases counted at their full size.
    public var maxNodes: Int

    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 64, maxNodes: Int = 100_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
    }

    public static let `default` = YAMLLimits()
}

/// Reads one YAML document into a tree of nodes with positions.
///
/// Composition is iterative over libyaml's event stream, so nesting costs heap, not
/// stack; aliases are expanded by sharing, with their full size counted against
/// `maxNodes`, so an alias bomb is refused instead of expanded. Duplicate keys in a
/// mapping are an error.
public enum YAMLDocument {
    /// Parses `bytes` (BOM allowed) into the root node; an empty document is a null scalar.
    public static func parse(_ bytes: [UInt8], limits: YAMLLimits = .default) throws(YAMLError) -> YAMLNode {
        let body = try TextInput.validate(bytes, limit: limits.maxBytes)
        var composer = Composer(limits: limits)
        let result: Result<YAMLNode, YAMLError> = body.withUnsafeBufferPointer { buffer in
            composer.run(buffer)
        }
        return try result.get()
    }
}

private struct Composer {
    let limits: YAMLLimits

    enum Frame {
        case sequence(items: [YAMLNode], mark: Mark, flow: Bool, anchor: String?, size: Int)
        case mapping(pairs: [YAMLPair], pendingKey: YAMLNode?, seen: [String: Mark], mark: Mark, flow: Bool, anchor: String?, size: Int)
    }

    var stack: [Frame] = []
    var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    var nodeCount = 0
    var root: YAMLNode?
    var documents = 0

    init(limits: YAMLLimits) { self.limits = limits }

    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<YAMLNode, YAMLError> {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return .failure(YAMLError("could not initialise the YAML parser"))
        }
        defer { yaml_parser_delete(&parser) }
        if let base = buffer.baseAddress {
            yaml_parser_set_input_string(&parser, base, buffer.count)
        } else {
            return .success(YAMLNode(content: .scalar("", .plain, tag: nil), mark: Mark(line: 1, column: 1)))
        }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                return .failure(Self.parserError(parser))
            }
            defer { yaml_event_delete(&event) }
            do {
                if try handle(&event) { break }
            } catch {
                return .failure(error)
            }
        }
        return .success(root ?? YAMLNode(content: .scalar("", .plain, tag: nil), mark: Mark(line: 1, column: 1)))
    }

    static func parserError(_ parser: yaml_parser_t) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.context.map { String(cString: $0) }
        let mark = Mark(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
        if let context {
            return YAMLError("\(problem) \(context)", at: mark)
        }
        return YAMLError(problem, at: mark)
    }

    static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    static func mark(_ m: yaml_mark_t) -> Mark {
        Mark(line: Int(m.line) + 1, column: Int(m.column) + 1)
    }

    /// Returns true at the end of the stream.
    mutating func handle(_ event: inout yaml_event_t) throws(YAMLError) -> Bool {
        let mark = Self.mark(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT, YAML_NO_EVENT:
            return false
        case YAML_STREAM_END_EVENT:
            return true
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                throw YAMLError("more than one YAML document; a feature file holds exactly one", at: mark)
            }
            return false
        case YAML_DOCUMENT_END_EVENT:
            return false
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let anchored = anchors[name] else {
                throw YAMLError("unknown alias *\(name)", at: mark)
            }
            var node = anchored.node
            node.mark = mark
            try add(node, size: anchored.size)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text: String
            if let value = scalar.value {
                text = String(decoding: UnsafeBufferPointer(start: value, count: Int(scalar.length)), as: UTF8.self)
            } else {
                text = ""
            }
            let style: ScalarStyle
            switch scalar.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            let node = YAMLNode(content: .scalar(text, style, tag: Self.string(scalar.tag)), mark: mark)
            try add(node, size: 1, anchor: Self.string(scalar.anchor))
        case YAML_SEQUENCE_START_EVENT:
            try push()
            let start = event.data.sequence_start
            stack.append(.sequence(items: [], mark: mark, flow: start.style == YAML_FLOW_SEQUENCE_STYLE,
                                   anchor: Self.string(start.anchor), size: 1))
        case YAML_MAPPING_START_EVENT:
            try push()
            let start = event.data.mapping_start
            stack.append(.mapping(pairs: [], pendingKey: nil, seen: [:], mark: mark,
                                  flow: start.style == YAML_FLOW_MAPPING_STYLE, anchor: Self.string(start.anchor), size: 1))
        case YAML_SEQUENCE_END_EVENT:
            guard case .sequence(let items, let start, let flow, let anchor, let size) = stack.popLast() else {
                throw YAMLError("unbalanced sequence", at: mark)
            }
            try add(YAMLNode(content: .sequence(items), mark: start, isFlow: flow), size: size, anchor: anchor)
        case YAML_MAPPING_END_EVENT:
            guard case .mapping(let pairs, _, _, let start, let flow, let anchor, let size) = stack.popLast() else {
                throw YAMLError("unbalanced mapping", at: mark)
            }
            try add(YAMLNode(content: .mapping(pairs), mark: start, isFlow: flow), size: size, anchor: anchor)
        default:
            return false
        }
        return false
    }

    mutating func push() throws(YAMLError) {
        if stack.count >= limits.maxDepth {
            throw YAMLError("nested deeper than \(limits.maxDepth) levels", at: nil)
        }
    }

    mutating func add(_ node: YAMLNode, size: Int, anchor: String? = nil) throws(YAMLError) {
        nodeCount += size
        if nodeCount > limits.maxNodes {
            throw YAMLError(
                "document expands to more than \(limits.maxNodes) nodes (aliases included); refusing it",
                at: node.mark)
        }
        if let anchor { anchors[anchor] = (node, size) }
        guard let top = stack.popLast() else {
            root = node
            return
        }
        switch top {
        case .sequence(var items, let mark, let flow, let anchor, let total):
            items.append(node)
            stack.append(.sequence(items: items, mark: mark, flow: flow, anchor: anchor, size: total + size))
        case .mapping(var pairs, let pendingKey, var seen, let mark, let flow, let anchor, let total):
            if let key = pendingKey {
                pairs.append(YAMLPair(key: key, value: node))
                stack.append(.mapping(pairs: pairs, pendingKey: nil, seen: seen, mark: mark, flow: flow, anchor: anchor, size: total + size))
            } else {
                if let text = node.scalarText {
                    if let first = seen[text] {
                        throw YAMLError("duplicate key '\(text)' (first at line \(first.line))", at: node.mark)
                    }
                    seen[text] = node.mark
                }
                stack.append(.mapping(pairs: pairs, pendingKey: node, seen: seen, mark: mark, flow: flow, anchor: anchor, size: total + size))
            }
        }
    }
}
