import CYAML

/// Limits that keep a hostile file from exhausting memory or stack.
public struct YAMLLimits: Sendable {
    /// Largest accepted file, in bytes.
    public var maxBytes: Int
    /// Deepest accepted nesting of sequences and mappings.
    public var maxDepth: Int
    /// Most nodes a document may expand to, aliases counted at their full size: the nodes
    /// they repeat, plus one for every `textBytesPerNode` bytes of scalar text in them.
    public var maxNodes: Int

    /// Bytes of scalar text that an alias costs as much as one node. An alias repeats its
    /// anchor's text for everything that reads the document afterwards, so ten thousand
    /// aliases of one long string are refused like an alias bomb, not read in quadratic time.
    public static let textBytesPerNode = 16

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
/// stack; aliases are expanded by sharing, with their full size (nodes and text) counted
/// against `maxNodes`, so an alias bomb is refused instead of expanded. Duplicate keys in a
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

    /// A collection being composed. A struct (not an enum with payloads) so that
    /// `stack[last].items.append` mutates in place: rebuilding an enum case per child
    /// copied the whole array each time, which made a long flat list quadratic.
    struct Frame {
        var isMapping: Bool
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var pendingKey: YAMLNode?
        /// The mapping's scalar keys so far, in order. A new key is compared with each (cheaper
        /// than hashing it into a table for every small mapping) until there are
        /// `keysCompared`; from then on they are looked up in `seen`, so that a long mapping
        /// stays linear.
        var keys: [(text: String, mark: Mark)] = []
        var seen: [String: Mark]?
        var mark: Mark
        var flow: Bool
        var anchor: String?
        var tag: String?
        /// Nodes in this subtree so far, the collection itself included, and its text by
        /// `textBytesPerNode`: what an alias to it costs.
        var size = 1

        static let keysCompared = 32

        /// Places a finished node: an item, a key, or the value of the pending key. A key
        /// written twice is an error.
        mutating func add(_ node: consuming YAMLNode, size: Int) throws(YAMLError) {
            self.size += size
            guard isMapping else {
                items.append(consume node)
                return
            }
            if let key = pendingKey.take() {
                pairs.append(YAMLPair(key: key, value: consume node))
                return
            }
            if let text = node.scalarText {
                if let first = firstMark(ofKey: text) {
                    throw YAMLError("duplicate key '\(text)' (first at line \(first.line))", at: node.mark)
                }
                if seen != nil {
                    seen?[text] = node.mark
                } else {
                    keys.append((text, node.mark))
                }
            }
            pendingKey = node
        }

        /// Where an earlier key of this mapping is spelt `text`, if one is (no two earlier
        /// keys are equal: the second would have been refused).
        mutating func firstMark(ofKey text: String) -> Mark? {
            if seen == nil, keys.count >= Self.keysCompared {
                seen = Dictionary(keys, uniquingKeysWith: { first, _ in first })
                keys = []
            }
            if let seen { return seen[text] }
            return keys.first { $0.text == text }?.mark
        }
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
                return .failure(Self.parserError(parser, buffer))
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

    static func parserError(_ parser: yaml_parser_t, _ buffer: UnsafeBufferPointer<UInt8>) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.context.map { String(cString: $0) }
        var mark = Mark(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
        if parser.error == YAML_READER_ERROR {
            // libyaml's reader (e.g. "control characters are not allowed") reports a byte
            // offset and leaves problem_mark at zero, which read as line 1.
            let offset = min(Int(parser.problem_offset), buffer.count)
            mark = TextInput.mark(of: offset, in: Array(buffer)[...])
        } else if let tab = indentationTab(onLine: mark.line, in: buffer) {
            // libyaml words a tab in indentation after what it was scanning ("found character
            // that cannot start any token"); the cause is the tab.
            return YAMLError("YAML indents with spaces; tab at \(tab.line):\(tab.column)", at: tab)
        }
        if let context {
            return YAMLError("\(problem) \(context)", at: mark)
        }
        return YAMLError(problem, at: mark)
    }

    /// The first tab in the indentation of a line (the spaces and tabs that begin it), if any.
    static func indentationTab(onLine line: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Mark? {
        var start = 0
        var current = 1
        while current < line {
            guard let lf = buffer[start...].firstIndex(of: 0x0A) else { return nil }
            start = lf + 1
            current += 1
        }
        var i = start
        while i < buffer.count, buffer[i] == 0x20 || buffer[i] == 0x09 {
            if buffer[i] == 0x09 { return Mark(line: line, column: i - start + 1) }
            i += 1
        }
        return nil
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
            try count(anchored.size, at: mark)
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
            try count(1, at: mark)
            // Read once here, the scalar costs one node; repeated by an alias, its text too.
            let size = 1 + Int(scalar.length) / YAMLLimits.textBytesPerNode
            try add(
                YAMLNode(content: .scalar(text, style, tag: Self.string(scalar.tag)), mark: mark), size: size,
                anchor: Self.string(scalar.anchor))
        case YAML_SEQUENCE_START_EVENT:
            try push(at: mark)
            let start = event.data.sequence_start
            stack.append(
                Frame(
                    isMapping: false, mark: mark, flow: start.style == YAML_FLOW_SEQUENCE_STYLE,
                    anchor: Self.string(start.anchor), tag: Self.string(start.tag)))
        case YAML_MAPPING_START_EVENT:
            try push(at: mark)
            let start = event.data.mapping_start
            stack.append(
                Frame(
                    isMapping: true, mark: mark, flow: start.style == YAML_FLOW_MAPPING_STYLE,
                    anchor: Self.string(start.anchor), tag: Self.string(start.tag)))
        case YAML_SEQUENCE_END_EVENT:
            guard let frame = stack.popLast(), !frame.isMapping else {
                throw YAMLError("unbalanced sequence", at: mark)
            }
            try add(
                YAMLNode(
                    content: .sequence(frame.items), mark: frame.mark, isFlow: frame.flow, collectionTag: frame.tag),
                size: frame.size,
                anchor: frame.anchor)
        case YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast(), frame.isMapping else {
                throw YAMLError("unbalanced mapping", at: mark)
            }
            try add(
                YAMLNode(
                    content: .mapping(frame.pairs), mark: frame.mark, isFlow: frame.flow, collectionTag: frame.tag),
                size: frame.size,
                anchor: frame.anchor)
        default:
            return false
        }
        return false
    }

    /// Opens a collection: one more level of nesting and one more node.
    mutating func push(at mark: Mark) throws(YAMLError) {
        if stack.count >= limits.maxDepth {
            throw YAMLError("nested deeper than \(limits.maxDepth) levels", at: mark)
        }
        try count(1, at: mark)
    }

    /// Counts nodes as they appear, each once: a scalar or a collection when it starts,
    /// an alias at its anchor's full size. (Counting a collection's subtree again when it
    /// closed charged every node once per ancestor and refused ordinary lists.)
    mutating func count(_ size: Int, at mark: Mark) throws(YAMLError) {
        nodeCount += size
        if nodeCount > limits.maxNodes {
            throw YAMLError(
                "document expands to more than \(limits.maxNodes) nodes (aliases included); refusing it",
                at: mark)
        }
    }

    /// Places a finished node in the collection being composed, or makes it the root.
    mutating func add(_ node: consuming YAMLNode, size: Int, anchor: String? = nil) throws(YAMLError) {
        if let anchor { anchors[anchor] = (node, size) }
        guard !stack.isEmpty else {
            root = node
            return
        }
        // One in-place access to the open collection: reading its fields through the
        // array one at a time copied the whole frame.
        try stack[stack.count - 1].add(consume node, size: size)
    }
}
