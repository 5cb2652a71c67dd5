package org.backtriage.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.backtriage.batch.BatchEvaluator;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The progress bar on stderr (the progressbar library draws it): records done, rate, and time left when
 * the inputs are files (their size is known). Shown only when stderr is a terminal and not --quiet.
 */
final class ProgressDisplay implements BatchEvaluator.Progress, AutoCloseable {
    private final ProgressBar bar;
    private final long startNanos = System.nanoTime();

    private ProgressDisplay(ProgressBar bar) {
        this.bar = bar;
    }

    static ProgressDisplay start(boolean wanted, long totalChars, PrintWriter err) {
        if (!wanted || !stderrIsTerminal()) {
            return new ProgressDisplay(null);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("Evaluating")
                .setInitialMax(totalChars > 0 ? totalChars : -1)
                .setUnit(" MB", 1 << 20)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
                .build();
        return new ProgressDisplay(bar);
    }

    /** Linux tells through /proc whether fd 2 is a terminal; elsewhere fall back to the JVM's console check. */
    private static boolean stderrIsTerminal() {
        try {
            Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/2"));
            String name = target.toString();
            return name.startsWith("/dev/pts/") || name.startsWith("/dev/tty");
        } catch (Exception notLinux) {
            return System.console() != null;
        }
    }

    @Override
    public void update(long records, long charsConsumed) {
        if (bar == null) {
            return;
        }
        if (charsConsumed >= 0) {
            bar.stepTo(Math.min(charsConsumed, bar.getMax() > 0 ? bar.getMax() : charsConsumed));
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        bar.setExtraMessage(String.format(" %,d rec %,.0f/s", records, records / seconds));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
