package org.backtriage.commandline;

import org.backtriage.batch.UnwritableFile;
import org.backtriage.engine.RuleBaseException;
import org.backtriage.engine.RuleFailure;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How every program of backtriage (the command line and the Spark job) reports an error found while a
 * command runs: in words on its error writer, with the {@link ExitCode} that names it. Shared here so the
 * Spark job does not depend on the command line's module.
 */
public final class CommandErrors {
    private CommandErrors() {
    }

    /**
     * Every usage mistake is one {@code backtriage: ...} line and exit 2: those in the command line itself
     * (an unknown option, a word outside a closed set) and those found while running (a missing rules folder).
     */
    public static CommandLine configure(CommandLine commandLine) {
        acceptClosedSetsInPlainWords(commandLine);
        // a mistake in the command line itself: one line saying what, like every other usage error, and where
        // the options are listed, rather than the whole usage text under the line that matters
        commandLine.setParameterExceptionHandler((mistake, args) -> {
            CommandLine at = mistake.getCommandLine();
            at.getErr().println("backtriage: " + mistake.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(mistake, at.getErr());
            at.getErr().println("('" + at.getCommandSpec().qualifiedName() + " --help' lists the options)");
            at.getErr().flush();
            return ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            if (e instanceof RuleBaseException refused) {
                // every door refuses a broken rule base the same way: each problem located, nothing evaluated
                refused.problems().forEach(cl.getErr()::println);
                cl.getErr().println("backtriage: the rule base has " + refused.problems().size()
                        + " problem(s); run 'backtriage check' and fix them first");
                cl.getErr().flush();
                return ExitCode.USAGE;
            }
            RuleFailure ruleFailure = ruleFailureIn(e);
            if (ruleFailure != null) {
                // commands that stop at a failing rule (test, explain, impact): the rule, never the intake
                cl.getErr().println("backtriage: the rule " + ruleFailure.ruleId() + " failed (" + ruleFailure.thrown()
                        + "); fix the rule, then run 'backtriage test'");
                cl.getErr().flush();
                return ExitCode.RULE_FAILED;
            }
            if (e instanceof UnwritableFile unwritable) {
                cl.getErr().println("backtriage: " + unwritable.getMessage());
                cl.getErr().flush();
                return ExitCode.OUTPUT_FAILED;
            }
            if (e instanceof IllegalArgumentException) {
                cl.getErr().println("backtriage: " + (e.getMessage() != null ? e.getMessage() : "invalid argument"));
                cl.getErr().flush();
                return ExitCode.USAGE;
            }
            throw e;
        });
        return commandLine;
    }

    /**
     * Options with a closed set of values (--format, --detail, --input-format) are enums. Each is read in any
     * case, and a word outside its set is refused with the words it takes, as a person types them:
     * "must be full or codes, not 'everything'" (picocli's own message would list FULL, CODES).
     */
    private static void acceptClosedSetsInPlainWords(CommandLine commandLine) {
        for (CommandLine.Model.ArgSpec arg : commandLine.getCommandSpec().args()) {
            if (arg.type().isEnum()) {
                register(commandLine, arg.type().asSubclass(Enum.class));
            }
        }
        commandLine.getSubcommands().values().forEach(CommandErrors::acceptClosedSetsInPlainWords);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void register(CommandLine commandLine, Class<? extends Enum> type) {
        commandLine.registerConverter((Class) type, plainWords((Class) type));
    }

    private static <E extends Enum<E>> CommandLine.ITypeConverter<E> plainWords(Class<E> type) {
        List<String> words = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        return value -> {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(value)) {
                    return constant;
                }
            }
            String allowed = words.size() == 1 ? words.get(0)
                    : String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
            throw new CommandLine.TypeConversionException("must be " + allowed + ", not '" + value + "'");
        };
    }

    private static RuleFailure ruleFailureIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RuleFailure failure) {
                return failure;
            }
        }
        return null;
    }
}
