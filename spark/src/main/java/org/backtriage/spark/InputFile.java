package org.backtriage.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One file the job reads.
 *
 * @param uri         the file's qualified Hadoop path ({@link #named} finds it from Spark's {@code _metadata.file_path})
 * @param displayName the file as the user named it, for error records' locations ({@code name:line}),
 *                    the same as {@code evaluate} shows for the same argument
 * @param format      how to read it
 */
public record InputFile(String uri, String displayName, SparkInputFormat format) implements Serializable {

    /**
     * Expands the INPUT arguments, through Hadoop's file systems (local paths, {@code file:}, {@code hdfs:},
     * ...): a file; a folder (its files, in name order, not its subfolders, not hidden {@code _} or
     * {@code .} files, and without {@code --input-format} only those whose extension names a format); or a glob.
     *
     * @throws IllegalArgumentException for a path that matches nothing, or a file whose format is unknown
     */
    public static List<InputFile> expand(List<String> arguments, SparkInputFormat forced, Configuration conf)
            throws IOException {
        Map<String, InputFile> files = new LinkedHashMap<>();
        for (String argument : arguments) {
            Path path = new Path(argument);
            FileSystem fs = path.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(path);
            if (matches == null || matches.length == 0) {
                throw new IllegalArgumentException("no such file or folder: " + argument);
            }
            boolean asGiven = matches.length == 1 && !hasGlob(argument);
            for (FileStatus match : matches) {
                if (match.isDirectory()) {
                    FileStatus[] children = fs.listStatus(match.getPath());
                    Arrays.sort(children, Comparator.comparing(s -> s.getPath().getName()));
                    for (FileStatus child : children) {
                        String name = child.getPath().getName();
                        if (!child.isFile() || name.startsWith("_") || name.startsWith(".")) {
                            continue;
                        }
                        SparkInputFormat format = forced != null ? forced : SparkInputFormat.byExtension(name).orElse(null);
                        if (format != null) {
                            String display = asGiven ? join(argument, name) : child.getPath().toString();
                            add(files, new InputFile(uri(child), display, format));
                        }
                    }
                } else {
                    String name = match.getPath().getName();
                    SparkInputFormat format = forced != null ? forced : SparkInputFormat.byExtension(name).orElseThrow(
                            () -> new IllegalArgumentException("cannot tell the format of " + argument
                                    + ": use a .ndjson, .jsonl, .csv or .parquet file, or --input-format"));
                    add(files, new InputFile(uri(match), asGiven ? argument : match.getPath().toString(), format));
                }
            }
        }
        return List.copyOf(files.values());
    }

    /** A file named twice is read once: Spark lists each path once. */
    private static void add(Map<String, InputFile> files, InputFile file) {
        files.putIfAbsent(file.uri(), file);
    }

    private static String uri(FileStatus status) {
        return status.getPath().toString();
    }

    /**
     * The file that Spark names {@code sparkFilePath} (a URL-encoded URI, {@code file:///a%20b}), among
     * {@code files} keyed by {@link #uri}; {@code null} when it is none of them.
     */
    static InputFile named(Map<String, InputFile> files, String sparkFilePath) {
        return files.get(new Path(URI.create(sparkFilePath)).toString());
    }

    private static boolean hasGlob(String argument) {
        return argument.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static String join(String folder, String name) {
        return folder.endsWith("/") ? folder + name : folder + "/" + name;
    }

    /** The files of one kind, as paths for Spark's readers. */
    static String[] paths(List<InputFile> files) {
        List<String> paths = new ArrayList<>();
        files.forEach(f -> paths.add(f.uri()));
        return paths.toArray(new String[0]);
    }
}
