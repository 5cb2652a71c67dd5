package org.backtriage.impact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Checks out a rules folder as it was at a git revision (git archive into a temporary folder). */
final class GitRules {
    private GitRules() {
    }

    /**
     * The folder {@code rulesFolder} as committed at {@code revision}, extracted under {@code into}.
     *
     * @throws IllegalArgumentException when the folder is not in a git work tree or the revision is unknown
     */
    static Path at(String revision, Path rulesFolder, Path into) throws IOException, InterruptedException {
        if (git(rulesFolder, "rev-parse", "--is-inside-work-tree") == null) {
            throw new IllegalArgumentException("--before " + revision + ": " + rulesFolder.toAbsolutePath().normalize()
                    + " is not in a git repository, so there is no revision " + revision + " to compare with;"
                    + " give --before a folder that holds the rules as they were");
        }
        String top = git(rulesFolder, "rev-parse", "--show-toplevel").strip();
        String prefix = git(rulesFolder, "rev-parse", "--show-prefix").strip();
        if (git(rulesFolder, "rev-parse", "--verify", "--quiet", revision + "^{commit}") == null) {
            throw new IllegalArgumentException("--before " + revision + ": git knows no revision '" + revision + "' in " + top
                    + "; give a commit, a branch or a tag (HEAD is the last commit, HEAD~1 the one before), or a folder");
        }
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(
                new ProcessBuilder("git", "-C", top, "archive", "--format=tar", revision, prefix.isEmpty() ? "." : prefix)
                        .redirectError(ProcessBuilder.Redirect.DISCARD),
                new ProcessBuilder("tar", "-x", "-C", into.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)));
        for (Process p : pipeline) {
            if (p.waitFor() != 0) {
                throw new IllegalArgumentException("--before " + revision + ": the revision " + revision + " has no "
                        + (prefix.isEmpty() ? "rules" : prefix) + " folder (was it committed then?)");
            }
        }
        Path folder = into.resolve(prefix);
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--before " + revision + ": the revision " + revision + " has no " + prefix + " folder");
        }
        return folder;
    }

    /** What git printed, or null when it failed (not a repository, unknown revision). */
    private static String git(Path folder, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", folder.toString()));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalArgumentException("--before needs git to read an old revision, and git cannot be run here;"
                    + " give --before a folder that holds the rules as they were");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return process.waitFor() == 0 ? out : null;
    }
}
