/// Semantic diffs of feature definitions.
public enum FeatDiffModule {}
