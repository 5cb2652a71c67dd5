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
 * @param origin     where the files came from, for messages ({@code rules} or {@code embedded rules})
 * @param files      relative path to file text
 * @param unreadable relative path to why a rule file there could not be read (a link to nothing, a folder
 *                   named like a rule file, no permission): the rule base then fails closed, because a
 *                   missing red-flag file would silently turn an emergency into "no referral"
 */
public record RuleFiles(String origin, SortedMap<String, String> files, SortedMap<String, String> unreadable) {
    public static final String VOCABULARY = "vocabulary.yaml";
    /** Where the jar carries its copy of {@code rules/}. */
    static final String EMBEDDED_ROOT = "backtriage-rules";

    public RuleFiles {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
        unreadable = Collections.unmodifiableSortedMap(new TreeMap<>(unreadable));
    }

    /** Rule files that were all read. */
    public RuleFiles(String origin, SortedMap<String, String> files) {
        this(origin, files, new TreeMap<>());
    }

    /** Reads the rule files under {@code folder}; fails when the folder does not exist. */
    public static RuleFiles fromFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("rules folder not found: " + folder);
        }
        SortedMap<String, String> unreadable = new TreeMap<>();
        SortedMap<String, String> files = read(folder, unreadable);
        return new RuleFiles(folder.toString(), files, unreadable);
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
                return new RuleFiles("embedded rules", read(jar.getPath("/" + EMBEDDED_ROOT), new TreeMap<>()));
            }
            return new RuleFiles("embedded rules", read(Path.of(uri).getParent(), new TreeMap<>()));
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

    private static SortedMap<String, String> read(Path root, SortedMap<String, String> unreadable) {
        SortedMap<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(p -> !p.equals(root)).toList()) {
                String relative = root.relativize(path).toString().replace('\\', '/');
                if (!(relative.endsWith(".drl") || relative.equals(VOCABULARY))) {
                    continue;
                }
                if (!Files.isRegularFile(path)) {
                    // Files.isRegularFile follows links: false for a link to nothing and for a folder
                    unreadable.put(relative, Files.isSymbolicLink(path) ? "it is a link to a file that does not exist"
                            : "it is not a file");
                    continue;
                }
                try {
                    files.put(relative, Files.readString(path, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    unreadable.put(relative, "it cannot be read (" + e.getClass().getSimpleName() + ")");
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
            // an unreadable file changes the version too, so a watcher sees it (and refuses it)
            unreadable.keySet().forEach(name -> {
                sha.update((byte) 1);
                sha.update(name.getBytes(StandardCharsets.UTF_8));
            });
            return "sha256:" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
