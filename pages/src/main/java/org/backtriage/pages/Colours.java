package org.backtriage.pages;

/**
 * The colours pages use for levels and statuses: each dark enough against white (contrast 4.5:1 or more)
 * to carry text and thin bars, and each also named in words beside it, so colour is never the only cue.
 */
final class Colours {
    private Colours() {
    }

    static String level(String level) {
        return switch (level) {
            case "emergency" -> "#a4161a";
            case "urgent" -> "#a04a00";
            case "routine" -> "#1d4e9e";
            case "none" -> "#2e6b32";
            default -> "#555555";
        };
    }

    static String status(String status) {
        return switch (status) {
            case "recommended" -> "#2e6b32";
            case "needs_clearance" -> "#a04a00";
            case "avoid" -> "#a4161a";
            default -> "#555555";
        };
    }
}
