package org.backtriage.http;

import java.util.Locale;

/**
 * Whether a request's {@code Accept} header asks for the patient handout ({@code text/html}) rather than
 * the assessment JSON: only when it names {@code text/html} with a higher quality than JSON. A client that
 * sends no Accept, {@code *}{@code /*} or JSON keeps getting JSON, as before.
 */
final class HandoutNegotiation {
    private HandoutNegotiation() {
    }

    static boolean wantsHtml(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        double html = 0;
        double json = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double quality = quality(parts);
            switch (type) {
                case "text/html" -> html = Math.max(html, quality);
                case "application/json", "application/*", "*/*" -> json = Math.max(json, quality);
                default -> { }
            }
        }
        return html > 0 && html > json;
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.startsWith("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
