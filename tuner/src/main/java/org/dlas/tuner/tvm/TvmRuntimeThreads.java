package org.dlas.tuner.tvm;

import org.apache.tvm.Function;

/**
 * How many threads TVM's runtime thread pool (in this JVM, through tvm4j) runs parallel loops on.
 * TVM fixes the pool's size when it starts: {@code TVM_NUM_THREADS} (or {@code OMP_NUM_THREADS})
 * from the environment, else its own default, which on x86 is half the logical CPUs (it assumes
 * two hyper-threads per core). The ./dlas launcher and the tests set TVM_NUM_THREADS to the CPU
 * count, matching the {@code -num-cores} the code is built for.
 */
final class TvmRuntimeThreads {
    private TvmRuntimeThreads() {}

    /** The runtime's thread count ({@code runtime.NumThreads}); tvm4j must be initialised. */
    static int count() {
        Function f = Function.getFunction("runtime.NumThreads");
        try {
            return (int) f.invoke().asLong();
        } finally {
            f.release();
        }
    }

    static String describe() {
        String env = System.getenv("TVM_NUM_THREADS");
        return count() + " TVM runtime threads (" + (env == null ? "TVM's default; TVM_NUM_THREADS unset" : "TVM_NUM_THREADS=" + env) + ")";
    }
}
