package dev.tocin.cli;

/** Entry point of the {@code tocin} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(TocinCommand.commandLine(args).execute(args));
    }
}
