package org.backtriage.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.backtriage.authoring.Explainer;
import org.backtriage.batch.Json;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.IntakeValidator;
import org.backtriage.intake.ValidationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code backtriage explain}: which rule made each finding for one intake, and why an exercise has its status. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explains one intake: which rule made each finding, and why an exercise has its status.",
                "INTAKE_FILE is a .json file holding one intake object. Prints each finding with its rule, the rule's source,",
                "its conditions and the facts they matched; with --exercise, which rule listed the exercise and which changed its status.",
                "Exit 0 explained, 1 the intake is not valid, 2 usage error or rules that do not compile."})
public final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RulesOption rules;

    @Option(names = "--exercise", paramLabel = "ID", description = "Explain this exercise's status (an exercise id such as toe-reach).")
    String exercise;

    @Parameters(index = "0", paramLabel = "INTAKE_FILE", description = "A .json file holding one intake object.")
    Path intakeFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JsonNode node = read(intakeFile);
        TriageEngine engine = rules.engine(err);
        ValidationResult validation = new IntakeValidator().validate(node);
        if (validation instanceof ValidationResult.Invalid invalid) {
            invalid.errors().forEach(e -> err.println(intakeFile + ": " + e.field() + ": " + e.message()));
            err.println("backtriage: the intake is not valid; nothing to explain");
            err.flush();
            return ExitCode.PROBLEMS;
        }
        Explainer explainer = new Explainer(engine);
        var intake = ((ValidationResult.Valid) validation).intake();
        List<String> lines = exercise == null ? explainer.findings(intake) : explainer.exercise(intake, exercise);
        lines.forEach(out::println);
        out.flush();
        return ExitCode.OK;
    }

    private static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("intake file not found: " + file);
        }
        try {
            return Json.mapper().readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not one JSON object: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
