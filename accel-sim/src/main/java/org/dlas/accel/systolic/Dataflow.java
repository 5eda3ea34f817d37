package org.dlas.accel.systolic;

import java.util.Locale;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Which GEMM operand stays in the PEs of the systolic array. With {@code O[M x N] = A[M x K] B[K x N]}
 * (M output pixels, N filters, K = C*R*S):
 * <ul>
 *   <li>{@link #OS} output stationary: PE(i, j) accumulates O[m0+i][n0+j]; A rows stream in from the
 *       left, B columns from the top, both skewed; spatial S_R = M, S_C = N, temporal T = K.</li>
 *   <li>{@link #WS} weight stationary: PE(i, j) holds B[k0+i][n0+j]; A streams from the left, partial
 *       sums flow down the columns; S_R = K, S_C = N, T = M.</li>
 *   <li>{@link #IS} input stationary: PE(i, j) holds A[m0+j][k0+i]; B streams from the left, partial
 *       sums flow down; S_R = K, S_C = M, T = N.</li>
 * </ul>
 * The same (S_R, S_C, T) convention as SCALE-Sim.
 */
public enum Dataflow {
    OS, WS, IS;

    public static Dataflow parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "unknown dataflow '" + s + "'; accepted: os, ws, is");
        }
    }

    /** Spatial rows S_R for a GEMM M x N x K. */
    public int spatialRows(int m, int n, int k) { return this == OS ? m : k; }

    /** Spatial columns S_C. */
    public int spatialCols(int m, int n, int k) { return this == IS ? m : n; }

    /** Temporal length T. */
    public int temporal(int m, int n, int k) { return switch (this) { case OS -> k; case WS -> m; case IS -> n; }; }

    public String key() { return name().toLowerCase(Locale.ROOT); }
}
