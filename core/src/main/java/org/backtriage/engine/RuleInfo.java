package org.backtriage.engine;

/** One rule of the rule base: its {@code @id}, its name, its {@code @source} and the file it is in. */
public record RuleInfo(String id, String name, String source, String file) {
}
