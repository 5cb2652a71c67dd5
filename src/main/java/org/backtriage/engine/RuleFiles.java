package org.backtriage.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The text of a rule base: every {@code .drl} file under a folder (recursively) and its
 * {@code vocabulary.yaml}, keyed by path relative to the folder ({@code /}-separated, sorted).
 *
 * @param origin where the files came from, for messages ({@code rules} or {@code embedded rules})
 * @param files  relative path to file text
 */
public record RuleFiles(String origin, SortedMap<String, String> files) {
    public static final String VOCABULARY = "vocabulary.yaml";
    /** Where the jar carries its copy of {@code rules/}. */
    static final String EMBEDDED_ROOT = "backtriage-rules";

    public RuleFiles {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /** Reads the rule files under {@code folder}; fails when the folder does not exist. */
    public static RuleFiles fromFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("rules folder not found: " + folder);
        }
        return new RuleFiles(folder.toString(), read(folder));
    }

    /** The copy of {@code rules/} that the jar carries. */
    public static RuleFiles embedded() {
        URL marker = RuleFiles.class.getClassLoader().getResource(EMBEDDED_ROOT + "/" + VOCABULARY);
        if (marker == null) {
            throw new IllegalStateException("this build carries no embedded rules (" + EMBEDDED_ROOT + " is missing)");
        }
        try {
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem jar = jarFileSystem(uri);
                return new RuleFiles("embedded rules", read(jar.getPath("/" + EMBEDDED_ROOT)));
            }
            return new RuleFiles("embedded rules", read(Path.of(uri).getParent()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the embedded rules", e);
        }
    }

    private static FileSystem jarFileSystem(URI uri) {
        try {
            return FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException notOpenYet) {
            try {
                return FileSystems.newFileSystem(uri, Map.of());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the embedded rules", e);
            }
        }
    }

    private static SortedMap<String, String> read(Path root) {
        SortedMap<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                String relative = root.relativize(path).toString().replace('\\', '/');
                if (relative.endsWith(".drl") || relative.equals(VOCABULARY)) {
                    files.put(relative, Files.readString(path, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rule files under " + root, e);
        }
        return files;
    }

    /** The DRL files only. */
    public SortedMap<String, String> drlFiles() {
        SortedMap<String, String> drl = new TreeMap<>(files);
        drl.keySet().removeIf(name -> !name.endsWith(".drl"));
        return drl;
    }

    /** A content hash of every file and its name: the same rule files always give the same version. */
    public String version() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            files.forEach((name, text) -> {
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            });
            return "sha256:" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
