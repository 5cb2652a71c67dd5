package org.backtriage.pages;

import java.util.List;

/**
 * The {@code index.html} of a folder of handouts ({@code evaluate --format html --out DIR/}): who made them
 * and when, how many records there were by referral level, a link to the batch report, and a link to every
 * page in input order. Written at the end of the run; its rows are kept in a temporary file as the batch
 * runs, so memory stays bounded however many records there are.
 *
 * @param reportHref the batch report, relative to the folder; {@code null} when there is none
 */
public record IndexPage(PageHeader header, long records, long assessed, long rejected, List<LevelCount> levels,
                        String reportHref, String reportName) {
    public IndexPage {
        levels = List.copyOf(levels);
    }

    /** How many records were referred at one level. */
    public record LevelCount(String level, long count) {
        public String levelWords() {
            return words(level);
        }
    }

    /** A referral level as the index shows it ({@code null}: a record that could not be assessed). */
    static String words(String level) {
        if (level == null) {
            return "Not assessed";
        }
        return switch (level) {
            case "emergency" -> "Emergency";
            case "urgent" -> "Urgent";
            case "routine" -> "Routine";
            case "none" -> "None (self-care)";
            default -> level;
        };
    }

    /**
     * One record's line: its position in the batch, its page, its id, and its referral level ({@code null}
     * for a record that could not be assessed).
     */
    public record Row(long number, String href, String intakeId, String level, String location) {
        /** The level in plain words, as the row shows it. */
        public String levelWords() {
            return words(level);
        }

        /** The class that colours the level (the report's colours). */
        public String levelClass() {
            return level == null ? "not-assessed" : "level-" + level;
        }

        public String shownId() {
            return intakeId == null || intakeId.isEmpty() ? "(record without an id)" : intakeId;
        }
    }
}
