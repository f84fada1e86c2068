/// Graduation rules as merge checks.
enum FeatRulesModule {}
