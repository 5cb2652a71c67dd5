package org.backtriage.cli;

import org.backtriage.batch.AtomicOutputFile;
import org.backtriage.commandline.ExitCode;
import org.backtriage.engine.TriageEngine;
import org.backtriage.pages.Catalogue;
import org.backtriage.pages.Pages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code backtriage catalogue}: the rule base as one HTML page, for the people who sign it off. */
@Command(name = "catalogue", mixinStandardHelpOptions = true,
        description = {"Writes the rule catalogue: every rule by file (name, id, source, conditions), the thresholds, "
                + "the vocabulary's texts, and two matrices worked out by running probe intakes through the engine.",
                "The page names the rule set version, so a signed-off catalogue names exactly what was signed."})
public final class CatalogueCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RulesOption rules;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The HTML file to write.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        TriageEngine engine = rules.engine(err);
        Catalogue catalogue = Catalogue.of(engine);
        try (AtomicOutputFile file = new AtomicOutputFile(out)) {
            file.writer().write(new Pages().catalogue(catalogue));
            file.commit();
        } catch (IOException e) {
            err.println("backtriage: the catalogue could not be written to " + out + " (" + e.getMessage() + ")");
            err.flush();
            return ExitCode.OUTPUT_FAILED;
        }
        err.println("catalogue of rule set " + catalogue.version() + " (" + catalogue.ruleCount() + " rules) written to " + out);
        err.flush();
        return ExitCode.OK;
    }
}
