package org.backtriage.cli;

import org.backtriage.commandline.ExitCode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.backtriage.cli.EvaluateCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** evaluate on FHIR as a user meets it: a Bulk Data folder, and FHIR on standard input. */
class EvaluateFhirCommandTest {

    @Test
    void aBulkDataFolderGivesOneLinePerFormAndCountsPatientsApart() {
        EvaluateCommandTest.Run run = run("evaluate", "--rules", "core/src/test/frozen-rules", "fixtures/fhir/bulk");
        assertEquals(ExitCode.PROBLEMS, run.exitCode(), run.err());
        assertEquals(15, run.lines().size());
        assertTrue(run.err().contains("8 FHIR Patient resource(s) read for ages"), run.err());
        assertTrue(run.err().contains("15 records: 9 assessed, 6 rejected"), run.err());
    }

    @Test
    void standardInputTakesInputFormatFhir() throws Exception {
        assertEquals(ExitCode.USAGE, run("evaluate", "--rules", "core/src/test/frozen-rules", "--input-format", "hl7v2", "-").exitCode());
        InputStream original = System.in;
        try {
            byte[] bulk = (Files.readString(Path.of("fixtures/fhir/bulk/QuestionnaireResponse.ndjson"))
                    + Files.readString(Path.of("fixtures/fhir/bulk/Patient.ndjson"))).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            System.setIn(new ByteArrayInputStream(bulk));
            EvaluateCommandTest.Run run = run("evaluate", "--rules", "core/src/test/frozen-rules", "--input-format", "fhir", "-");
            assertEquals(ExitCode.PROBLEMS, run.exitCode(), run.err());
            assertEquals(15, run.lines().size(), "the Patients after the forms still give their ages");
            assertTrue(run.out().contains("\"location\":\"-:8\""), "a form whose Patient is missing is an error at its line");
            assertTrue(run.err().contains("15 records: 9 assessed, 6 rejected"), run.err());
        } finally {
            System.setIn(original);
        }
    }
}
