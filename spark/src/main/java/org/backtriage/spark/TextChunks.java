package org.backtriage.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.backtriage.batch.Input;
import org.backtriage.batch.InputFormat;
import org.backtriage.batch.RawRecord;
import org.backtriage.batch.RecordReader;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;

/**
 * NDJSON files, read by Spark as lines and split into chunks (a large file into several), each chunk
 * handed to the very reader {@code evaluate} uses, so every line means the same here as there: blank
 * lines, over-long lines, byte-order marks, bytes that are not UTF-8.
 *
 * <p>What a chunk does not know on its own is the number of its first line, which error records name
 * ({@code file:line}). So the lines are read twice: a first pass counts each chunk's lines
 * ({@link CountLines}), {@link #starts} turns the counts into each chunk's first line number, and the
 * second pass evaluates.
 */
final class TextChunks {

    private TextChunks() {
    }

    /** The lines of the files, with the file and chunk each came from; only {@code \n} ends a line, as in {@code evaluate}. */
    static Dataset<Row> scan(SparkSession spark, List<InputFile> files) {
        return spark.read().option("lineSep", "\n").text(InputFile.paths(files))
                .select(col("value").cast("binary").as("bytes"), col("_metadata.file_path").as("file"),
                        col("_metadata.file_block_start").as("start"));
    }

    /** What the first pass learns about one chunk. */
    record Count(String file, long start, long lines) implements Serializable {
    }

    static String key(String file, long start) {
        return start + "@" + file;
    }

    /**
     * The first pass: one {@link Count} per chunk in the partition (a chunk is never split over partitions).
     * A named class, as every function here that Spark ships: a serialized lambda names its types in
     * strings that the shaded jar's relocation does not rewrite.
     */
    static final class CountLines implements FlatMapFunction<Iterator<Row>, Count> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Count> call(Iterator<Row> rows) {
            List<Count> counts = new ArrayList<>();
            String file = null;
            long start = -1;
            long lines = 0;
            while (rows.hasNext()) {
                Row row = rows.next();
                String rowFile = row.getString(1);
                long rowStart = row.getLong(2);
                if (rowStart != start || !rowFile.equals(file)) {
                    if (file != null) {
                        counts.add(new Count(file, start, lines));
                    }
                    file = rowFile;
                    start = rowStart;
                    lines = 0;
                }
                lines++;
            }
            if (file != null) {
                counts.add(new Count(file, start, lines));
            }
            return counts.iterator();
        }
    }

    /** The number of each chunk's first line in its file, keyed by {@link #key}, from the first pass's counts. */
    static Map<String, Long> starts(List<Count> counts) {
        Map<String, Long> starts = new HashMap<>();
        Map<String, List<Count>> byFile = counts.stream().collect(Collectors.groupingBy(Count::file));
        byFile.forEach((file, chunks) -> {
            chunks.sort(Comparator.comparingLong(Count::start));
            long linesBefore = 0;
            for (Count chunk : chunks) {
                starts.put(key(file, chunk.start()), linesBefore + 1);
                linesBefore += chunk.lines();
            }
        });
        return starts;
    }

    /** The second pass's records: each chunk through evaluate's NDJSON reader, located by file line. */
    record Source(Broadcast<Map<String, Long>> starts, Broadcast<Map<String, InputFile>> files,
                  LongAccumulator recordsIn) implements RecordSource {
        @Override
        public Iterator<RawRecord> records(Iterator<Row> rows, ObjectMapper json) {
            return new ChunkRecords(rows, starts.value(), files.value(), json, recordsIn);
        }
    }

    /** The records of a partition's chunks, in order. */
    private static final class ChunkRecords implements Iterator<RawRecord> {
        private final Iterator<Row> rows;
        private final Map<String, Long> starts;
        private final Map<String, InputFile> files;
        private final ObjectMapper json;
        private final LongAccumulator recordsIn;
        private Row peeked;
        private RecordReader reader;
        private Iterator<byte[]> chunkLines;
        private String displayName;
        private long firstLine;
        private RawRecord next;

        ChunkRecords(Iterator<Row> rows, Map<String, Long> starts, Map<String, InputFile> files, ObjectMapper json,
                     LongAccumulator recordsIn) {
            this.rows = rows;
            this.starts = starts;
            this.files = files;
            this.json = json;
            this.recordsIn = recordsIn;
        }

        @Override
        public boolean hasNext() {
            try {
                while (next == null) {
                    if (reader != null) {
                        RawRecord record = reader.next();
                        if (record != null) {
                            next = relocate(record);
                            continue;
                        }
                        reader.close();
                        reader = null;
                        // a reader reads to the end of its input; should one ever stop short, the rest of
                        // its chunk must not be taken for a new chunk
                        chunkLines.forEachRemaining(line -> { });
                    }
                    if (peek() == null) {
                        return false;
                    }
                    openChunk();
                }
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("reading a chunk of " + displayName, e);
            }
        }

        @Override
        public RawRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            RawRecord record = next;
            next = null;
            recordsIn.add(1);
            return record;
        }

        private Row peek() {
            if (peeked == null && rows.hasNext()) {
                peeked = rows.next();
            }
            return peeked;
        }

        private void openChunk() throws IOException {
            String file = peeked.getString(1);
            long start = peeked.getLong(2);
            Long first = starts.get(key(file, start));
            InputFile input = InputFile.named(files, file);
            if (first == null || input == null) {
                throw new IllegalStateException("a chunk the first pass did not count: " + key(file, start));
            }
            displayName = input.displayName();
            firstLine = first;
            chunkLines = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    Row row = peek();
                    return row != null && row.getLong(2) == start && row.getString(1).equals(file);
                }

                @Override
                public byte[] next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    byte[] bytes = (byte[]) peeked.get(0);
                    peeked = null;
                    return bytes;
                }
            };
            // evaluate's own reader; it numbers lines from the start of what it reads (":N")
            reader = new Input("", null, InputFormat.NDJSON).open(new LineBytesStream(chunkLines), json);
        }

        /** The record located in its file: line N of the chunk is line firstLine + N - 1 of the file. */
        private RawRecord relocate(RawRecord record) {
            String location = record.location();
            long chunkLine = Long.parseLong(location.substring(location.lastIndexOf(':') + 1));
            return new RawRecord(displayName + ":" + (firstLine + chunkLine - 1), record.text(), record.node(), record.problem());
        }
    }
}
