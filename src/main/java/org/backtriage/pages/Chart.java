package org.backtriage.pages;

import java.util.ArrayList;
import java.util.List;

/**
 * A horizontal bar chart, drawn as inline SVG by the report's template, with the same numbers as a table
 * beside it. A bar may be split into series (an exercise's count by status); this class works out the
 * geometry so the template only places shapes.
 *
 * @param valueName what a bar counts ("records")
 * @param labelName what a bar is ("referral level")
 * @param series    the series names (one, empty, for a plain chart)
 */
public record Chart(String id, String title, String valueName, String labelName, List<String> series,
                    List<String> colours, List<Bar> bars) {
    static final int WIDTH = 560;
    static final int LABEL_END = 230;
    static final int BAR_SPACE = 250;
    static final int ROW = 26;
    static final int BAR = 18;
    static final int TOP = 6;

    public Chart {
        series = List.copyOf(series);
        colours = List.copyOf(colours);
        bars = List.copyOf(bars);
    }

    static Chart single(String id, String title, String valueName, String labelName, List<Bar> bars) {
        return new Chart(id, title, valueName, labelName, List.of(), List.of(), bars);
    }

    /** One bar: its label, its value per series and each series' colour. */
    public record Bar(String label, List<Long> values, List<String> colours) {
        public Bar {
            values = List.copyOf(values);
            colours = List.copyOf(colours);
        }

        public long total() {
            return values.stream().mapToLong(Long::longValue).sum();
        }
    }

    /** A bar placed on the drawing. */
    public record Placed(String label, long total, int y, int textY, int totalX, List<Segment> segments) {
    }

    /** One series' part of a bar. */
    public record Segment(int x, int width, String colour, String name, long value) {
    }

    public boolean split() {
        return !series.isEmpty();
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return TOP * 2 + Math.max(1, bars.size()) * ROW;
    }

    public int labelEnd() {
        return LABEL_END - 8;
    }

    public int axisX() {
        return LABEL_END;
    }

    public long sum() {
        return bars.stream().mapToLong(Bar::total).sum();
    }

    /** {@code value} as a share of all bars' sum, for the table ("12.5 %"). */
    public String share(long value) {
        long sum = sum();
        return sum == 0 ? "0 %" : String.format(java.util.Locale.ROOT, "%.1f %%", value * 100.0 / sum);
    }

    /** Bars scaled to the largest total; a value above zero always shows at least one pixel wide. */
    public List<Placed> placed() {
        long max = Math.max(1, bars.stream().mapToLong(Bar::total).max().orElse(1));
        List<Placed> placed = new ArrayList<>();
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = TOP + i * ROW + (ROW - BAR) / 2;
            int x = LABEL_END;
            List<Segment> segments = new ArrayList<>();
            for (int s = 0; s < bar.values().size(); s++) {
                long value = bar.values().get(s);
                int width = value == 0 ? 0 : (int) Math.max(1, Math.round((double) value * BAR_SPACE / max));
                if (width > 0) {
                    segments.add(new Segment(x, width, bar.colours().get(s), series.isEmpty() ? bar.label() : series.get(s), value));
                }
                x += width;
            }
            placed.add(new Placed(bar.label(), bar.total(), y, y + BAR - 4, x + 6, segments));
        }
        return placed;
    }
}
