package org.backtriage.cli;

/** {@code java -jar backtriage.jar COMMAND ...}: see {@link BacktriageCommand}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(BacktriageCommand.commandLine().execute(args));
    }
}
