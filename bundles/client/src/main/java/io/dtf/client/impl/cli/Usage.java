package io.dtf.client.impl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of option values beyond their types; a value that fails is bad usage (exit code 2). */
final class Usage {
    private Usage() {
    }

    /** The value, when it is within [min, max]. */
    static int inRange(CommandSpec spec, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), option + " must be between " + min + " and " + max
                    + ", not " + value);
        }
        return value;
    }

    /** The file {@code --junit-xml} names, when it can be one (not a folder); null stays null. */
    static Path reportFile(CommandSpec spec, Path file) {
        if (file != null && file.toString().isBlank()) {
            throw new ParameterException(spec.commandLine(), "--junit-xml needs a file name");
        }
        if (file != null && Files.isDirectory(file)) {
            throw new ParameterException(spec.commandLine(), "--junit-xml " + file + " is a folder; give a file name");
        }
        return file;
    }
}
