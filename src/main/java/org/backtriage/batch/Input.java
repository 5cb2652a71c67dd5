package org.backtriage.batch;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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

    public static Input stdin(InputFormat format) {
        return new Input("-", null, format);
    }

    /**
     * Expands files, folders (every .json, .ndjson, .jsonl and .csv file directly in it, in name order)
     * and {@code -}.
     *
     * @throws IllegalArgumentException for a missing path, an unknown extension, or {@code -} without a format
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
                try (Stream<Path> files = Files.list(path)) {
                    files.filter(Files::isRegularFile)
                            .filter(f -> InputFormat.byExtension(f.getFileName().toString()).isPresent())
                            .sorted()
                            .forEach(f -> inputs.add(new Input(f.toString(), f,
                                    InputFormat.byExtension(f.getFileName().toString()).orElseThrow())));
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

    /** Opens a reader of this input's records. Invalid UTF-8 becomes U+FFFD, reported by the validator. */
    public RecordReader open(InputStream stdin, ObjectMapper json) throws IOException {
        InputStream stream = skipByteOrderMark(new java.io.BufferedInputStream(
                path == null ? stdin : Files.newInputStream(path), 1 << 16));
        Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
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
