package org.backtriage.batch;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One input of a batch: a file, or standard input, with its format. {@link #expand} turns the command
 * line's INPUT arguments (files, folders, {@code -}) into inputs, in order.
 */
public record Input(String name, Path path, InputFormat format) {
    /** Longest record accepted: intakes are a few hundred characters; 1 MiB leaves room and bounds memory. */
    public static final int MAX_RECORD_CHARS = 1 << 20;
    /** The error of a record holding bytes that are not UTF-8: it is refused, not assessed with a changed id. */
    static final String NOT_UTF8 = "the record is not valid UTF-8 (a byte sequence that is no character, or an"
            + " encoded lone surrogate); it was not read";

    public static Input stdin(InputFormat format) {
        return new Input("-", null, format);
    }

    /**
     * Expands files, folders (every .json, .ndjson, .jsonl and .csv file directly in it, in name order)
     * and {@code -}.
     *
     * @throws IllegalArgumentException for a missing path, an unknown extension, a folder without input files,
     *                                  or {@code -} without a format
     */
    public static List<Input> expand(List<String> arguments, InputFormat stdinFormat) throws IOException {
        List<Input> inputs = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.equals("-")) {
                if (stdinFormat == null) {
                    throw new IllegalArgumentException("reading standard input ('-') needs --input-format json, ndjson, csv or fhir");
                }
                inputs.add(stdin(stdinFormat));
                continue;
            }
            Path path = Path.of(argument);
            if (Files.isDirectory(path)) {
                int before = inputs.size();
                try (Stream<Path> files = Files.list(path)) {
                    files.filter(Files::isRegularFile)
                            .filter(f -> InputFormat.byExtension(f.getFileName().toString()).isPresent())
                            .sorted()
                            .forEach(f -> inputs.add(new Input(f.toString(), f,
                                    InputFormat.byExtension(f.getFileName().toString()).orElseThrow())));
                }
                if (inputs.size() == before) {
                    // "0 records, exit 0" would read as success for a mistyped folder
                    throw new IllegalArgumentException("the folder " + argument
                            + " has no .json, .ndjson, .jsonl or .csv files to read");
                }
            } else if (Files.isRegularFile(path)) {
                InputFormat format = InputFormat.byExtension(argument).orElseThrow(() -> new IllegalArgumentException(
                        "cannot tell the format of " + argument + ": use a .json, .ndjson, .jsonl or .csv file"));
                inputs.add(new Input(argument, path, format));
            } else {
                throw new IllegalArgumentException("no such file or folder: " + argument);
            }
        }
        return inputs;
    }

    /**
     * Opens a reader of this input's records. UTF-8 is decoded strictly: a record holding a byte sequence
     * that is no character becomes an error record, and the records around it are read.
     */
    public RecordReader open(InputStream stdin, ObjectMapper json) throws IOException {
        InputStream stream = skipByteOrderMark(new java.io.BufferedInputStream(
                path == null ? stdin : Files.newInputStream(path), 1 << 16));
        StrictUtf8Reader reader = new StrictUtf8Reader(stream);
        return switch (format) {
            case NDJSON -> new NdjsonRecordReader(name, reader, MAX_RECORD_CHARS);
            case CSV -> new CsvRecordReader(name, reader, MAX_RECORD_CHARS);
            case JSON -> new JsonRecordReader(name, reader, json, MAX_RECORD_CHARS);
            case FHIR -> new FhirRecordReader(name, reader, json, MAX_RECORD_CHARS);
        };
    }

    /** Spreadsheet programs start UTF-8 files with a byte-order mark; it is not part of the first record. */
    private static InputStream skipByteOrderMark(java.io.BufferedInputStream in) throws IOException {
        in.mark(3);
        byte[] head = in.readNBytes(3);
        if (!(head.length == 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF)) {
            in.reset();
        }
        return in;
    }

    /** Size in bytes when known (files), for progress; -1 for standard input. */
    public long size() {
        try {
            return path == null ? -1 : Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }
}
