package org.dlas.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Small JDBC helpers shared by the SQLite store's parts. */
final class Sql {

    private Sql() { }

    /** Work on one statement inside a transaction. */
    @FunctionalInterface
    interface Work {
        void run(Statement st) throws SQLException;
    }

    /** Runs {@code work} as one transaction: committed when it returns, rolled back when it throws. */
    static void inTransaction(Connection connection, Work work) throws SQLException {
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            work.run(st);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(auto);
        }
    }

    /** {@code identifier} as a quoted SQL identifier. */
    static String q(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing useful to do
        }
    }
}
