package dev.tocin.cli;

import picocli.CommandLine;

/** Entry point of the {@code tocin} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(TocinCommand.commandLine().execute(args));
    }
}
