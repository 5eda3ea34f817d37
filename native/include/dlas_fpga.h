/*
 * dlas FPGA designs: the C ABI shared by the worker executable (dlas-fpga-worker) and the shared
 * library (libdlasfpga.so). No C++ type crosses it; every C++ exception is caught inside and
 * turned into a status code and a message.
 *
 * A job is a program: the byte stream the host's driver writes into the DMA buffer (instruction
 * headers followed by their payloads, see DLAS_FPGA_OP_*). The accelerator's DMA engine streams
 * it in, the controller decodes it, the compute engine (vector-MAC or systolic array) works on
 * the on-chip buffers and STORE instructions stream int32 results back out.
 */
#ifndef DLAS_FPGA_H
#define DLAS_FPGA_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DLAS_FPGA_ABI_VERSION 1

enum { DLAS_FPGA_DESIGN_VM = 0, DLAS_FPGA_DESIGN_SA = 1 };

/* Status codes. */
enum {
    DLAS_FPGA_OK = 0,
    DLAS_FPGA_BAD_REQUEST = 1,  /* invalid configuration or program; the simulator is still usable */
    DLAS_FPGA_SIM_ERROR = 2,    /* SystemC reported an error; this process's kernel is unusable */
    DLAS_FPGA_WATCHDOG = 3,     /* the design did not finish within max_cycles; kernel unusable */
    DLAS_FPGA_BROKEN = 4        /* an earlier error left this process's kernel unusable */
};

/*
 * Instruction header: four little-endian int32 words.
 *   word0: bits 0-7 opcode, bits 8-15 flags, bits 16-23 input zero point (int8)
 *   word1: m (rows: output channels), word2: n (columns: output pixels), word3: k (reduction)
 * Payloads follow their header, padded to a multiple of 4 bytes.
 */
enum {
    DLAS_FPGA_OP_END = 0,      /* end of program: the design signals done */
    DLAS_FPGA_OP_LOAD_W = 1,   /* m*k int8 weights [m][k] into the weight buffer */
    DLAS_FPGA_OP_LOAD_X = 2,   /* k*n int8 inputs [k][n] into the input buffer */
    DLAS_FPGA_OP_LOAD_B = 3,   /* m int32 biases into the bias buffer */
    DLAS_FPGA_OP_COMPUTE = 4,  /* acc[m][n] (+)= sum_t w[i][t] * (x[t][j] - zp), see flags */
    DLAS_FPGA_OP_STORE = 5,    /* m*n int32 accumulators [m][n] streamed out */
    DLAS_FPGA_OP_FAULT = 0x7f  /* test hook: the controller raises a SystemC error */
};
enum {
    DLAS_FPGA_FLAG_BIAS = 1,        /* COMPUTE: start the accumulators from the bias buffer */
    DLAS_FPGA_FLAG_ACCUMULATE = 2   /* COMPUTE: add onto the accumulators already in the output buffer */
};

typedef struct {
    int32_t design;               /* DLAS_FPGA_DESIGN_* */
    int32_t rows, cols;           /* systolic array size (sa) */
    int32_t lanes, vector;        /* MAC lanes and int8 values per lane per cycle (vm) */
    int32_t dma_bytes_per_cycle;  /* AXI-stream beat width */
    int64_t buffer_bytes;         /* capacity of each of the weight and input buffers (bytes) and of the output buffer (bytes, int32 entries) */
    int64_t max_cycles;           /* watchdog */
} dlas_fpga_config;

typedef struct {
    int64_t cycles;          /* from start to done */
    int64_t compute_cycles;  /* cycles the compute engine was busy */
    int64_t dma_cycles;      /* cycles the DMA engine was busy (in and out) */
    int64_t dma_in_bytes;    /* program bytes streamed in (headers and payloads) */
    int64_t dma_out_bytes;   /* result bytes streamed out */
    int64_t macs;            /* multiply-accumulates with valid operands */
    int64_t bram_accesses;   /* 32-bit on-chip buffer word accesses (reads and writes) */
    int64_t instructions;    /* instructions decoded */
    int64_t computes;        /* COMPUTE instructions (buffer tiles) */
    int64_t passes;          /* array passes (sa: R x C output blocks; vm: lane groups) */
    int64_t pe_cycles;       /* MAC units x cycles the engine was busy (for utilisation) */
} dlas_fpga_stats;

int dlas_fpga_abi_version(void);

/* SystemC version string of the linked kernel. */
const char* dlas_fpga_systemc_version(void);

/*
 * Checks a configuration and program without running it; *result_values receives how many int32
 * results the program stores. Returns DLAS_FPGA_OK or DLAS_FPGA_BAD_REQUEST with a message.
 */
int dlas_fpga_check(const dlas_fpga_config* config, const uint8_t* program, int64_t program_len,
                    int64_t* result_values, char* error, int32_t error_capacity);

/*
 * Runs one program. Results (STORE payloads in program order) go to out (capacity in int32
 * values), their count to *out_len. Returns a status code; on failure a NUL-terminated message is
 * written to error (at most error_capacity bytes).
 * Not thread-safe: one call at a time per process, always from the same thread.
 */
int dlas_fpga_run(const dlas_fpga_config* config, const uint8_t* program, int64_t program_len,
                  int32_t* out, int64_t out_capacity, int64_t* out_len, dlas_fpga_stats* stats,
                  char* error, int32_t error_capacity);

#ifdef __cplusplus
}
#endif

#endif
