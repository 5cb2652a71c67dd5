package org.backtriage.engine;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the Drools compiler's messages into words a rule author can act on. The original message is
 * kept (shortened) after the plain explanation, so nothing Drools said is lost.
 */
final class DroolsMessages {
    private record Translation(Pattern pattern, String plain) {
    }

    private static final List<Translation> TRANSLATIONS = List.of(
            new Translation(Pattern.compile("(?i)unable to (resolve|find) (ObjectType|class|type) '?([\\w.$]+)'?"),
                    "unknown fact type '$3': check its spelling and that the file imports it"),
            new Translation(Pattern.compile("(?i)unable to (?:analyze|analyse) expression.*?\\[Error: .*?unable to resolve method using strict-mode: [\\w.$]+\\.(\\w+)\\(\\)"),
                    "unknown field '$1': check its spelling against the fact's fields"),
            new Translation(Pattern.compile("(?is)unknown field (\\w+) on .*"), "unknown field '$1': check its spelling against the fact's fields"),
            new Translation(Pattern.compile("(?i)Duplicate rule name:? *\"?([^\"]+)\"?.*"),
                    "duplicate rule name \"$1\": two rules in one package need different names"),
            new Translation(Pattern.compile("(?i).*token recognition error at: '\"[^']*'.*"),
                    "a text in double quotes is not closed: add the missing \""),
            new Translation(Pattern.compile("(?i).*(missing|expecting) '?\\)'?.*"),
                    "a bracket is not closed: add the missing )"),
            new Translation(Pattern.compile("(?i).*mismatched input '<EOF>'.*"),
                    "the file ends in the middle of a rule: a bracket, quote or 'end' is missing"),
            new Translation(Pattern.compile("(?i).*no viable alternative at input.*"),
                    "Drools cannot read this line: look for a missing bracket, comma or quote"));

    private DroolsMessages() {
    }

    static String plain(String droolsMessage) {
        String message = droolsMessage == null ? "" : droolsMessage.strip().replaceAll("\\s+", " ");
        for (Translation t : TRANSLATIONS) {
            Matcher m = t.pattern().matcher(message);
            if (m.find()) {
                String plain = t.plain();
                for (int g = 1; g <= m.groupCount(); g++) {
                    plain = plain.replace("$" + g, m.group(g) == null ? "" : m.group(g));
                }
                return plain + " (Drools: " + shorten(message) + ")";
            }
        }
        return shorten(message);
    }

    private static String shorten(String message) {
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }
}
