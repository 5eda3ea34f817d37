package org.dlas.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.sql.SQLException;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import org.dlas.ir.IrException;
import org.dlas.spec.SpecException;
import org.dlas.store.StoreException;

/**
 * Turns what escapes a command into one line on stderr saying what went wrong and what to do, and an exit code
 * that tells bad input (2) from a store or I/O problem (3) and from an unexpected error (4); the stack trace is
 * printed only with {@code --verbose}.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    static final String VERBOSE = "--verbose";

    @Override public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": " + oneLine(ex.getMessage()));
        if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            err.println("did you mean: " + String.join(", ", u.getSuggestions()) + "?");
        }
        err.println("see `" + cl.getCommandSpec().qualifiedName() + " --help`");
        err.flush();
        return Dlas.EXIT_USAGE;
    }

    @Override public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        if (ex instanceof ParameterException pe) return handleParseException(pe, parsed.originalArgs().toArray(String[]::new));
        PrintWriter err = cl.getErr();
        Failure f = classify(ex);
        err.println(cl.getCommandSpec().qualifiedName() + ": " + f.message());
        if (parsed.originalArgs().contains(VERBOSE)) ex.printStackTrace(err);
        else err.println("(" + f.advice() + "; --verbose shows the stack trace)");
        err.flush();
        return f.exit();
    }

    /** The message, what to do and the exit code for an exception, from the first cause of a known kind. */
    record Failure(int exit, String message, String advice) { }

    static Failure classify(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof SpecException) return new Failure(Dlas.EXIT_USAGE, t.getMessage(), "fix the sweep file");
            if (t instanceof IllegalArgumentException || t instanceof IrException) {
                return new Failure(Dlas.EXIT_USAGE, oneLine(t.getMessage()), "fix the input named above");
            }
            if (t instanceof IOException || t instanceof StoreException || t instanceof SQLException) {
                return new Failure(Dlas.EXIT_STORE, ioMessage(t), "check the path, its permissions and the free space");
            }
            if (t instanceof UncheckedIOException u) return new Failure(Dlas.EXIT_STORE, ioMessage(u.getCause()),
                    "check the path, its permissions and the free space");
        }
        return new Failure(Dlas.EXIT_INTERNAL, "unexpected error: " + ex.getClass().getSimpleName() + ": " + oneLine(ex.getMessage()),
                "this is a bug in dlas; please report it with the stack trace");
    }

    private static String ioMessage(Throwable t) {
        if (t instanceof FileSystemException fs) {
            String what = t instanceof NoSuchFileException ? "no such file or folder"
                    : t instanceof AccessDeniedException ? "permission denied"
                    : t instanceof FileAlreadyExistsException ? "already exists"
                    : t instanceof NotDirectoryException ? "not a folder"
                    : fs.getReason() == null ? "file system error" : fs.getReason();
            return what + ": " + fs.getFile() + (fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile());
        }
        String m = oneLine(t.getMessage());
        return t instanceof StoreException ? m : "I/O error: " + m;
    }

    static String oneLine(String message) {
        return message == null ? "(no message)" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
