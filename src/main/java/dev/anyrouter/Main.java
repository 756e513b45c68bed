package dev.anyrouter;

import dev.anyrouter.cli.AnyRouterCommand;
import picocli.CommandLine;

/** Entry point: hands the command line to picocli. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = AnyRouterCommand.commandLine().execute(args);
        if (code != 0) System.exit(code);
    }
}
