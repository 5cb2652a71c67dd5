package org.backtriage.check;

import org.backtriage.engine.RuleBaseCompiler;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages {@code engine} and {@code check} form no cycle: the engine's compiler calls the checker
 * ({@code engine -> check}), and nothing in {@code check} uses anything of {@code engine} (no import, no
 * class, method or field reference). Read from the compiled classes, where every class a class uses is
 * named in its constant pool ({@code org/backtriage/engine/...}), so a fully qualified name written without
 * an import counts too; and from the sources, so an import that compiles to nothing counts as well.
 */
class CheckNeedsNoEngineTest {
    private static final String ENGINE = "org/backtriage/engine/";
    private static final String CHECK = "org/backtriage/check/";

    @Test
    void noClassOfCheckNamesAClassOfTheEngine() throws IOException {
        Map<String, byte[]> check = classesOf(RuleChecker.class);
        assertTrue(check.keySet().containsAll(List.of("RuleChecker.class", "DrlFile.class", "RuleProblem.class")),
                "the check package's classes are read: " + check.keySet());
        List<String> usesEngine = new ArrayList<>();
        check.forEach((name, bytes) -> {
            if (names(bytes, ENGINE)) {
                usesEngine.add(name);
            }
        });
        assertEquals(List.of(), usesEngine, "check must not use the engine (the engine uses check: that would be a cycle)");
    }

    @Test
    void theEnginesCompilerChecksEveryRuleBaseItCompiles() throws IOException {
        // the one direction there is: no rule file reaches an engine without the checker
        byte[] compiler = classesOf(RuleBaseCompiler.class).get("RuleBaseCompiler.class");
        assertTrue(names(compiler, CHECK + "RuleChecker"), "RuleBaseCompiler calls RuleChecker");
    }

    @Test
    void noSourceOfCheckImportsTheEngine() throws IOException {
        Path sources = Path.of("core/src/main/java/org/backtriage/check");
        assertTrue(Files.isDirectory(sources), "tests run from the repository root: " + sources.toAbsolutePath());
        List<String> imports = new ArrayList<>();
        try (Stream<Path> files = Files.list(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .filter(line -> line.matches("\\s*import\\s+(static\\s+)?org\\.backtriage\\.engine\\..*"))
                        .forEach(line -> imports.add(file.getFileName() + ": " + line.strip()));
            }
        }
        assertEquals(List.of(), imports);
    }

    /** The compiled classes of {@code member}'s package (nested classes too), by file name. */
    private static Map<String, byte[]> classesOf(Class<?> member) throws IOException {
        Path folder;
        try {
            folder = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolve(member.getPackageName().replace('.', '/'));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        assertTrue(Files.isDirectory(folder), "the classes are a folder (target/classes): " + folder);
        Map<String, byte[]> classes = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    classes.put(file.getFileName().toString(), in.readAllBytes());
                }
            }
        }
        assertFalse(classes.isEmpty(), "no classes in " + folder);
        return classes;
    }

    /** Whether a class file names something under {@code prefix} (class names are ASCII in its constant pool). */
    private static boolean names(byte[] classFile, String prefix) {
        return new String(classFile, StandardCharsets.ISO_8859_1).contains(prefix);
    }
}
