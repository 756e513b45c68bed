package dev.anyrouter.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code anyrouter} command; the work is in its subcommands. */
@Command(
        name = "anyrouter",
        mixinStandardHelpOptions = true,
        version = "AnyRouter 0.1.0",
        description = "One OpenAI- and Anthropic-compatible endpoint in front of your own provider keys.",
        subcommands = {ServeCommand.class, MockUpstreamCommand.class, CreditsCommand.class, VaultCommand.class,
                CommandLine.HelpCommand.class})
public final class AnyRouterCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static CommandLine commandLine() {
        return new CommandLine(new AnyRouterCommand());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
