package org.backtriage.batch;

import java.util.Locale;
import java.util.Optional;

/**
 * The input formats, chosen by file extension ({@code .json}, {@code .ndjson}/{@code .jsonl}, {@code .csv});
 * {@code FHIR} (Bulk Data NDJSON or a Bundle) is found by content (the fhir module's {@code FhirBatch.detect}) or named
 * with {@code --input-format fhir}.
 */
public enum InputFormat {
    JSON, NDJSON, CSV, FHIR;

    public static Optional<InputFormat> byExtension(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
            return Optional.of(NDJSON);
        }
        if (name.endsWith(".json")) {
            return Optional.of(JSON);
        }
        if (name.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        return Optional.empty();
    }
}
