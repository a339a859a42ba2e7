package dev.kiln.runtime.train;

/** How much {@code fit} prints while it runs. */
public enum Verbosity {
    /** Nothing. */
    SILENT,
    /** One line per epoch: what log files and CI want. */
    LINES,
    /** A progress bar per epoch, redrawn in place about ten times a second, left as the epoch's line. */
    BAR,
    /** {@link #BAR} when standard output is a terminal, else {@link #LINES}; the default. */
    AUTO;

    /** {@link #AUTO} resolved for this process. */
    Verbosity resolve() {
        if (this != AUTO) {
            return this;
        }
        java.io.Console console = System.console();
        return console != null && console.isTerminal() ? BAR : LINES;
    }
}
