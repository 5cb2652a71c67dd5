package org.backtriage.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.backtriage.batch.Input;
import org.backtriage.batch.RawRecord;
import org.backtriage.batch.RecordReader;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;

/**
 * NDJSON and CSV files, read by Spark as lines and split into chunks (a large file into several), and
 * handed chunk by chunk to the very readers {@code evaluate} uses, so every line means the same here as
 * there: blank lines, over-long lines, byte-order marks, CSV headers and cells.
 *
 * <p>Two things a chunk does not know on its own: the line number it starts at (error records name
 * {@code file:line}) and, for CSV, the file's header row, which only the first chunk holds. A first pass
 * over the lines counts each chunk's lines and keeps the first non-blank line (the header);
 * {@link #starts} turns those counts into each chunk's first line number and the header it needs.
 */
final class TextChunks {
    /** More bytes than this are more than {@link Input#MAX_RECORD_CHARS} characters: a kept header stays over-long. */
    private static final int MAX_HEADER_BYTES = 4 * (Input.MAX_RECORD_CHARS + 1);

    private TextChunks() {
    }

    /** The lines of the files, with the file and chunk each came from; only {@code \n} ends a line, as in {@code evaluate}. */
    static Dataset<Row> scan(SparkSession spark, List<InputFile> files) {
        return spark.read().option("lineSep", "\n").text(InputFile.paths(files))
                .select(col("value").cast("binary").as("bytes"), col("_metadata.file_path").as("file"),
                        col("_metadata.file_block_start").as("start"));
    }

    /** What the first pass learns about one chunk. */
    record Count(String file, long start, long lines, byte[] firstNonBlank) implements Serializable {
    }

    /**
     * Where a chunk starts: the number of its first line in the file, and the CSV header that its reader
     * must see first ({@code null} when the chunk holds the header itself, or comes before it, or is NDJSON).
     */
    record Start(long firstLine, byte[] csvHeader) implements Serializable {
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
            byte[] firstNonBlank = null;
            while (rows.hasNext()) {
                Row row = rows.next();
                String rowFile = row.getString(1);
                long rowStart = row.getLong(2);
                if (rowStart != start || !rowFile.equals(file)) {
                    if (file != null) {
                        counts.add(new Count(file, start, lines, firstNonBlank));
                    }
                    file = rowFile;
                    start = rowStart;
                    lines = 0;
                    firstNonBlank = null;
                }
                lines++;
                byte[] bytes = (byte[]) row.get(0);
                if (firstNonBlank == null && !isBlank(bytes)) {
                    firstNonBlank = Arrays.copyOf(bytes, Math.min(bytes.length, MAX_HEADER_BYTES));
                }
            }
            if (file != null) {
                counts.add(new Count(file, start, lines, firstNonBlank));
            }
            return counts.iterator();
        }
    }

    /** Blank as the batch readers see it (an over-long line is a record, never blank). */
    private static boolean isBlank(byte[] line) {
        return line.length <= MAX_HEADER_BYTES && new String(line, StandardCharsets.UTF_8).isBlank();
    }

    /** Each chunk's start, keyed by {@link #key}, from the first pass's counts. */
    static Map<String, Start> starts(List<Count> counts, Map<String, InputFile> files) {
        Map<String, Start> starts = new HashMap<>();
        Map<String, List<Count>> byFile = counts.stream().collect(Collectors.groupingBy(Count::file));
        byFile.forEach((file, chunks) -> {
            chunks.sort(Comparator.comparingLong(Count::start));
            InputFile input = InputFile.named(files, file);
            if (input == null) {
                throw new IllegalStateException("Spark read a file that was not asked for: " + file);
            }
            Count headerChunk = input.format() == SparkInputFormat.CSV
                    ? chunks.stream().filter(c -> c.firstNonBlank() != null).findFirst().orElse(null) : null;
            long linesBefore = 0;
            for (Count chunk : chunks) {
                boolean needsHeader = headerChunk != null && chunk.start() > headerChunk.start();
                starts.put(key(file, chunk.start()), new Start(linesBefore + 1, needsHeader ? headerChunk.firstNonBlank() : null));
                linesBefore += chunk.lines();
            }
        });
        return starts;
    }

    /** The second pass's records: each chunk through the batch reader of its file's format. */
    record Source(Broadcast<Map<String, Start>> starts, Broadcast<Map<String, InputFile>> files,
                  LongAccumulator recordsIn) implements RecordSource {
        @Override
        public Iterator<RawRecord> records(Iterator<Row> rows, ObjectMapper json) {
            return new ChunkRecords(rows, starts.value(), files.value(), json, recordsIn);
        }
    }

    /** The records of a partition's chunks, in order, located by file line. */
    private static final class ChunkRecords implements Iterator<RawRecord> {
        private final Iterator<Row> rows;
        private final Map<String, Start> starts;
        private final Map<String, InputFile> files;
        private final ObjectMapper json;
        private final LongAccumulator recordsIn;
        private Row peeked;
        private RecordReader reader;
        private Iterator<byte[]> chunkLines;
        private String displayName;
        private long firstLine;
        private boolean headerPrepended;
        private RawRecord next;

        ChunkRecords(Iterator<Row> rows, Map<String, Start> starts, Map<String, InputFile> files, ObjectMapper json,
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
            Start chunk = starts.get(key(file, start));
            InputFile input = InputFile.named(files, file);
            if (chunk == null || input == null) {
                throw new IllegalStateException("a chunk the first pass did not count: " + key(file, start));
            }
            displayName = input.displayName();
            firstLine = chunk.firstLine();
            headerPrepended = chunk.csvHeader() != null;
            chunkLines = new Iterator<>() {
                private byte[] header = chunk.csvHeader();

                @Override
                public boolean hasNext() {
                    Row row = header != null ? null : peek();
                    return header != null || (row != null && row.getLong(2) == start && row.getString(1).equals(file));
                }

                @Override
                public byte[] next() {
                    if (header != null) {
                        byte[] h = header;
                        header = null;
                        return h;
                    }
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    byte[] bytes = (byte[]) peeked.get(0);
                    peeked = null;
                    return bytes;
                }
            };
            // the reader is evaluate's own; it numbers lines from the start of what it reads (":N")
            reader = new Input("", null, input.format().lineFormat()).open(new LineBytesStream(chunkLines), json);
        }

        /** The record located in its file; {@code null} for the prepended header's own line (its first chunk reports it). */
        private RawRecord relocate(RawRecord record) {
            long readerLine = Long.parseLong(record.location().substring(record.location().lastIndexOf(':') + 1));
            if (headerPrepended && readerLine == 1) {
                return null;
            }
            long fileLine = firstLine + readerLine - (headerPrepended ? 2 : 1);
            return new RawRecord(displayName + ":" + fileLine, record.text(), record.node(), record.problem());
        }
    }
}
