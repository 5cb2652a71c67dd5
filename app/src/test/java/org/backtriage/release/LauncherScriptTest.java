package org.backtriage.release;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code backtriage} launcher at the repository root, run by bash with a stand-in {@code java} that
 * prints what it was given (no JVM is started): it finds the jar, passes the arguments through unchanged,
 * and says in words when Java or the jar is missing or Java is too old. {@link ReleaseZipIT} runs it for
 * real, from the release zip.
 */
class LauncherScriptTest {
    static final Path LAUNCHER = Path.of("backtriage");

    @TempDir
    Path temp;

    record Run(int exit, String out, String err) {
    }

    /** bash, found on this process's PATH (the launcher's own PATH may be emptied by a test). */
    static Path bash() {
        for (String folder : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path bash = Path.of(folder, "bash");
            if (Files.isExecutable(bash)) {
                return bash;
            }
        }
        throw new AssertionError("no bash on PATH: the launcher is a bash script");
    }

    /** A copy of the launcher in a folder of its own, as the release zip lays it out. */
    private Path install(String folder) throws IOException {
        Path home = Files.createDirectories(temp.resolve(folder));
        Path launcher = home.resolve("backtriage");
        Files.copy(LAUNCHER, launcher);
        return launcher;
    }

    /** A stand-in java that says it is {@code version} and prints each argument in brackets, one a line. */
    private Path fakeJava(String version) throws IOException {
        Path bin = Files.createDirectories(temp.resolve("java-" + version.replace('"', '_') + "/bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!" + bash() + "\n"
                + "if [ \"$1\" = -version ]; then echo 'openjdk version \"" + version + "\" 2024-01-16' >&2; exit 0; fi\n"
                + "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin.getParent();
    }

    /** Runs the launcher with bash, PATH set to an empty folder (no java on it) and JAVA_HOME as given. */
    private Run run(Path launcher, Path javaHome, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(bash().toString(), launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile());
        Map<String, String> env = builder.environment();
        env.put("PATH", Files.createDirectories(temp.resolve("empty-path")).toString());
        env.remove("BACKTRIAGE_JAVA_OPTS");
        if (javaHome == null) {
            env.remove("JAVA_HOME");
        } else {
            env.put("JAVA_HOME", javaHome.toString());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the launcher did not finish");
        return new Run(process.exitValue(), out, err);
    }

    @Test
    void theShippedLauncherIsAnExecutableBashScript() throws IOException {
        assertTrue(Files.readString(LAUNCHER).startsWith("#!/usr/bin/env bash\n"));
        assertTrue(Files.isExecutable(LAUNCHER), "git keeps the launcher executable (mode 100755)");
    }

    @Test
    void theArgumentsReachJavaUnchangedWithTheJarNextToTheLauncher() throws Exception {
        Path launcher = install("release folder");
        Files.writeString(launcher.resolveSibling("backtriage.jar"), "");
        Run run = run(launcher, fakeJava("17.0.12"), "explain", "my intake.json", "--id", "a b", "", "$HOME", "*");
        assertEquals(0, run.exit(), run.err());
        assertEquals("[-jar]\n[" + launcher.resolveSibling("backtriage.jar").toRealPath() + "]\n"
                + "[explain]\n[my intake.json]\n[--id]\n[a b]\n[]\n[$HOME]\n[*]\n", run.out());
        assertEquals("", run.err());
    }

    @Test
    void aBuildFromSourceUsesTheJarInTarget() throws Exception {
        Path launcher = install("project");
        Files.createDirectories(launcher.resolveSibling("target"));
        Files.writeString(launcher.resolveSibling("target/backtriage.jar"), "");
        Run run = run(launcher, fakeJava("21"), "check");
        assertEquals(0, run.exit(), run.err());
        assertEquals("[-jar]\n[" + launcher.resolveSibling("target/backtriage.jar").toRealPath() + "]\n[check]\n", run.out());
    }

    @Test
    void withoutJavaItSaysJavaIsNotInstalledAndHowToGetIt() throws Exception {
        Path launcher = install("release");
        Files.writeString(launcher.resolveSibling("backtriage.jar"), "");
        Run run = run(launcher, null, "check");
        assertEquals(127, run.exit(), run.out() + run.err());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("backtriage: Java is not installed: there is no java command"), run.err());
        assertTrue(run.err().contains("needs Java 17 or later"), run.err());
    }

    @Test
    void aJavaOlderThan17IsRefusedInWords() throws Exception {
        Path launcher = install("release");
        Files.writeString(launcher.resolveSibling("backtriage.jar"), "");
        Run run = run(launcher, fakeJava("1.8.0_402"), "check");
        assertEquals(127, run.exit(), run.out() + run.err());
        assertEquals("", run.out(), "java was not asked to run the jar");
        assertTrue(run.err().contains("is Java 8; backtriage needs Java 17 or later"), run.err());
    }

    @Test
    void withoutTheJarItSaysWhereItLookedAndHowToBuildIt() throws Exception {
        Path launcher = install("half-unpacked");
        Run run = run(launcher, fakeJava("17.0.12"), "check");
        assertEquals(127, run.exit(), run.out() + run.err());
        assertTrue(run.err().startsWith("backtriage: cannot find backtriage.jar next to this script ("
                + launcher.getParent().toRealPath() + ")"), run.err());
        assertTrue(run.err().contains("mvn -B -q package -DskipTests"), run.err());
    }
}
