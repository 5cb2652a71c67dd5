package org.backtriage.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.backtriage.intake.FieldError;

import java.util.List;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}). {@code detail} and {@code errors} say
 * what is wrong and where, in words written here: never an exception message, a class name or the input.
 *
 * @param errors        every field error, for a contract violation; {@code null} otherwise
 * @param correlationId for a server-side failure: the id the server's log line carries, to quote when
 *                      reporting it; {@code null} otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors, String correlationId) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        errors = errors == null ? null : List.copyOf(errors);
    }

    /** A problem without field errors; {@code type} is {@code about:blank}, as RFC 9457 says when the status says it all. */
    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null);
    }

    public static Problem withErrors(int status, String type, String title, String detail, List<FieldError> errors) {
        return new Problem(type, title, status, detail, errors, null);
    }

    /** This problem carrying the id of the server's log line about it. */
    public Problem withCorrelationId(String id) {
        return new Problem(type, title, status, detail, errors, id);
    }

    /** Thrown by the request logic and turned into a response by the app; carries no stack trace (none is ever shown). */
    public static final class Failure extends RuntimeException {
        private final transient Problem problem;

        public Failure(Problem problem) {
            super(problem.title(), null, false, false);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }
}
