package org.dlas.fpga.sim;

import com.sun.jna.Library;
import com.sun.jna.Structure;
import com.sun.jna.ptr.LongByReference;

/** JNA mapping of {@code native/include/dlas_fpga.h} ({@code libdlasfpga.so}). */
public interface DlasFpgaLibrary extends Library {

    @Structure.FieldOrder({"design", "rows", "cols", "lanes", "vector", "dma_bytes_per_cycle", "buffer_bytes", "max_cycles"})
    class Config extends Structure {
        public int design, rows, cols, lanes, vector, dma_bytes_per_cycle;
        public long buffer_bytes, max_cycles;

        public static Config of(SimConfig c) {
            Config s = new Config();
            s.design = c.design();
            s.rows = c.rows();
            s.cols = c.cols();
            s.lanes = c.lanes();
            s.vector = c.vector();
            s.dma_bytes_per_cycle = c.dmaBytesPerCycle();
            s.buffer_bytes = c.bufferBytes();
            s.max_cycles = c.maxCycles();
            return s;
        }
    }

    @Structure.FieldOrder({"cycles", "compute_cycles", "dma_cycles", "dma_in_bytes", "dma_out_bytes", "macs",
            "bram_accesses", "instructions", "computes", "passes", "pe_cycles"})
    class Stats extends Structure {
        public long cycles, compute_cycles, dma_cycles, dma_in_bytes, dma_out_bytes, macs, bram_accesses,
                instructions, computes, passes, pe_cycles;

        public SimStats toStats() {
            return new SimStats(cycles, compute_cycles, dma_cycles, dma_in_bytes, dma_out_bytes, macs, bram_accesses,
                    instructions, computes, passes, pe_cycles);
        }
    }

    int dlas_fpga_abi_version();

    String dlas_fpga_systemc_version();

    int dlas_fpga_check(Config config, byte[] program, long programLen, LongByReference resultValues,
                        byte[] error, int errorCapacity);

    int dlas_fpga_run(Config config, byte[] program, long programLen, int[] out, long outCapacity,
                      LongByReference outLen, Stats stats, byte[] error, int errorCapacity);
}
