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
 * @param base      what a share is of (the assessed records, say), and {@code baseName} says so
 */
public record Chart(String id, String title, String valueName, String labelName, List<String> series,
                    List<String> colours, List<Bar> bars, long base, String baseName) {
    // each bar under its label, so a phone shows the chart at (nearly) its own size: labels stay readable
    static final int WIDTH = 420;
    static final int LEFT = 2;
    static final int BAR_SPACE = 340; // room after the longest bar for a seven-digit total
    static final int ROW = 40;
    static final int LABEL = 15;
    static final int BAR = 16;
    static final int TOP = 4;

    public Chart {
        series = List.copyOf(series);
        colours = List.copyOf(colours);
        bars = List.copyOf(bars);
    }

    static Chart single(String id, String title, String valueName, String labelName, List<Bar> bars,
                        long base, String baseName) {
        return new Chart(id, title, valueName, labelName, List.of(), List.of(), bars, base, baseName);
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

    /** A bar placed on the drawing: its label's baseline, the bar's top, and where its total is written. */
    public record Placed(String label, long total, int labelY, int y, int totalY, int totalX, List<Segment> segments) {
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

    public int axisX() {
        return LEFT;
    }

    public int barHeight() {
        return BAR;
    }

    /** {@code value} as a share of the base, for the table ("12.5 %"). */
    public String share(long value) {
        return base == 0 ? "0 %" : String.format(java.util.Locale.ROOT, "%.1f %%", value * 100.0 / base);
    }

    /** Bars scaled to the largest total; a value above zero always shows at least one pixel wide. */
    public List<Placed> placed() {
        long max = Math.max(1, bars.stream().mapToLong(Bar::total).max().orElse(1));
        List<Placed> placed = new ArrayList<>();
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int labelY = TOP + i * ROW + LABEL;
            int y = labelY + 5;
            int x = LEFT;
            List<Segment> segments = new ArrayList<>();
            for (int s = 0; s < bar.values().size(); s++) {
                long value = bar.values().get(s);
                int width = value == 0 ? 0 : (int) Math.max(1, Math.round((double) value * BAR_SPACE / max));
                if (width > 0) {
                    segments.add(new Segment(x, width, bar.colours().get(s), series.isEmpty() ? bar.label() : series.get(s), value));
                }
                x += width;
            }
            placed.add(new Placed(bar.label(), bar.total(), labelY, y, y + BAR - 3, x + 6, segments));
        }
        return placed;
    }
}
