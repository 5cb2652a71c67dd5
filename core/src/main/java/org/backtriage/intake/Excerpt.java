package org.backtriage.intake;

/** Short, escaped excerpts of input for error messages: never the whole input, never raw control bytes. */
public final class Excerpt {
    private static final int MAX = 40;

    private Excerpt() {
    }

    public static String of(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        int limit = Math.min(text.length(), MAX);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == '\ufffd') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > MAX) {
            out.append("...");
        }
        return "\"" + out + "\"";
    }
}
