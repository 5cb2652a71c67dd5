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
        String top = git(rulesFolder, "rev-parse", "--show-toplevel").strip();
        String prefix = git(rulesFolder, "rev-parse", "--show-prefix").strip();
        git(rulesFolder, "rev-parse", "--verify", "--quiet", revision + "^{commit}");
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(
                new ProcessBuilder("git", "-C", top, "archive", "--format=tar", revision, prefix.isEmpty() ? "." : prefix)
                        .redirectError(ProcessBuilder.Redirect.DISCARD),
                new ProcessBuilder("tar", "-x", "-C", into.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)));
        for (Process p : pipeline) {
            if (p.waitFor() != 0) {
                throw new IllegalArgumentException("could not read " + prefix + " at git revision " + revision);
            }
        }
        Path folder = into.resolve(prefix);
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("git revision " + revision + " has no " + prefix);
        }
        return folder;
    }

    private static String git(Path folder, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", folder.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalArgumentException("--before " + args[args.length - 1] + " is neither a folder nor a git revision of "
                    + folder + " (git " + String.join(" ", args) + " failed)");
        }
        return out;
    }
}
