package org.backtriage.spark;

import java.util.Locale;
import java.util.Optional;

/** What the Spark job reads. */
public enum SparkInputFormat {
    /** Split into chunks of lines ({@link TextChunks}). */
    NDJSON,
    /** Each file read whole by one task ({@link CsvFiles}). */
    CSV,
    /** Rows, split as Spark splits Parquet ({@link ParquetRows}). */
    PARQUET;

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
}
