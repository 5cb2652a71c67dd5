package org.backtriage.spark;

import org.backtriage.batch.InputFormat;

import java.util.Locale;
import java.util.Optional;

/** What the Spark job reads: the batch's line formats, and Parquet. */
public enum SparkInputFormat {
    NDJSON(InputFormat.NDJSON), CSV(InputFormat.CSV), PARQUET(null);

    private final InputFormat lineFormat;

    SparkInputFormat(InputFormat lineFormat) {
        this.lineFormat = lineFormat;
    }

    /** The batch reader's format for a text format; {@code null} for Parquet. */
    public InputFormat lineFormat() {
        return lineFormat;
    }

    public boolean isText() {
        return lineFormat != null;
    }

    public static Optional<SparkInputFormat> byExtension(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
            return Optional.of(NDJSON);
        }
        if (name.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (name.endsWith(".parquet")) {
            return Optional.of(PARQUET);
        }
        return Optional.empty();
    }

    public static SparkInputFormat parse(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--input-format must be ndjson, csv or parquet, not '" + value + "'");
        }
    }
}
