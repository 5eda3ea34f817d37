// The two SECDA-style accelerator designs (vector-MAC "vm" and systolic array "sa") sharing one
// AXI-stream-like DMA engine, one instruction controller and the on-chip buffers. The module
// hierarchy is elaborated once per process; every job reconfigures the parameters (array size,
// lanes, buffer capacities, DMA beat width), resets buffers and counters, and runs until the
// controller signals done (then sc_pause, never sc_stop).
#ifndef DLAS_FPGA_ACCEL_H
#define DLAS_FPGA_ACCEL_H

#include <systemc>

#include <cstdint>
#include <string>
#include <vector>

#include "dlas_fpga.h"

namespace dlas {

// One decoded instruction (offsets into the program buffer).
struct Instr {
    int op = 0, flags = 0, zp = 0;
    int32_t m = 0, n = 0, k = 0;
    int64_t payload_off = 0, payload_len = 0;  // payload bytes before padding
    int64_t stream_bytes = 0;                  // header + padded payload
};

// Host-side check of a configuration and program before the design runs: a malformed request
// is a recoverable error (the kernel never sees it). Returns false with a message.
bool validate_config(const dlas_fpga_config& c, std::string& err);
bool decode_program(const dlas_fpga_config& c, const uint8_t* prog, int64_t len,
                    std::vector<Instr>& out, int64_t& result_values, std::string& err);

inline constexpr int64_t kBiasEntries = 1024;  // bias buffer: one 4 KB BRAM
inline constexpr int kDmaSetupCycles = 8;      // descriptor set-up per DMA transfer start

// State shared by the modules: parameters latched at job start, on-chip buffers, counters.
struct Shared {
    dlas_fpga_config cfg{};
    int64_t w_cap = 0, x_cap = 0, o_cap = 0;
    std::vector<int8_t> wbuf, xbuf;      // weights [m][k], inputs [k][n]
    std::vector<int32_t> obuf, bbuf;     // accumulators [m][n], biases [m]
    const uint8_t* program = nullptr;
    const std::vector<Instr>* instrs = nullptr;
    std::vector<int32_t>* results = nullptr;
    dlas_fpga_stats stats{};
};

// Command latched by a compute engine when started.
struct EngineCmd {
    int32_t m = 0, n = 0, k = 0;
    int flags = 0, zp = 0;
};

// AXI-stream-like DMA: mm2s (program stream into the on-chip buffers) and s2mm (results out).
// A transfer of B bytes takes ceil(B / beat) cycles, one beat per cycle, plus a descriptor
// set-up when a stream starts. Data lands in the destination when the last beat (TLAST) is in.
class AxisDma : public sc_core::sc_module {
public:
    sc_core::sc_in<bool> clk;
    sc_core::sc_event start_ev, done_ev;

    // command registers, written by the controller before start_ev
    int64_t bytes = 0;
    bool setup = false;
    const uint8_t* src = nullptr;  // payload source (mm2s) or nullptr
    int64_t src_len = 0;
    int dest = 0;                  // 0 none (header only), 1 weights, 2 inputs, 3 bias, 4 results out
    int32_t rows = 0, cols = 0;

    SC_HAS_PROCESS(AxisDma);
    explicit AxisDma(sc_core::sc_module_name name, Shared* s);

private:
    Shared* sh;
    void run();
};

// A compute engine: the controller writes `cmd`, sets `go` and waits for `done_ev`. The clocked
// thread (the same for every design) waits for `go`, runs `compute` and notifies `done_ev`.
class Engine : public sc_core::sc_module {
public:
    sc_core::sc_in<bool> clk;
    sc_core::sc_event done_ev;
    bool go = false;
    EngineCmd cmd;

    SC_HAS_PROCESS(Engine);

protected:
    Engine(sc_core::sc_module_name name, Shared* s);
    Shared* sh;
    // One command: the cycles it takes are the wait()s it makes on `clk`.
    virtual void compute(const EngineCmd& c) = 0;

private:
    void run();
};

// Vector-MAC engine: `lanes` MAC lanes, each `vector` int8 multiplies per cycle. A lane group of
// up to `lanes` output channels holds its weight rows stationary in lane registers while every
// input column is broadcast to all lanes, `vector` values per cycle.
class VmEngine : public Engine {
public:
    VmEngine(sc_core::sc_module_name name, Shared* s) : Engine(name, s) {}

private:
    std::vector<int8_t> wreg;
    std::vector<int32_t> acc;
    void compute(const EngineCmd& c) override;
};

// Output-stationary R x C int8 systolic array: weights enter from the left edge (row i delayed
// by i cycles), inputs from the top edge (column j delayed by j cycles); every PE multiplies the
// pair passing through it and accumulates its own output in int32. Blocks of R x C outputs are
// computed one pass at a time, then drained row by row into the output buffer.
class SaEngine : public Engine {
public:
    SaEngine(sc_core::sc_module_name name, Shared* s) : Engine(name, s) {}

private:
    std::vector<int32_t> a_reg, b_reg, acc;
    void compute(const EngineCmd& c) override;
};

// Instruction controller: decodes the program stream and sequences DMA and compute.
class Controller : public sc_core::sc_module {
public:
    sc_core::sc_in<bool> clk;
    sc_core::sc_out<bool> done;
    bool host_start = false;  // AXI-lite control register written by the host

    SC_HAS_PROCESS(Controller);
    Controller(sc_core::sc_module_name name, Shared* s, AxisDma* dma, Engine* vm, Engine* sa);

private:
    Shared* sh;
    AxisDma* dma;
    Engine* vm;
    Engine* sa;
    void run();
    void transfer(int64_t bytes, bool setup, const uint8_t* src, int64_t src_len, int dest, int32_t rows, int32_t cols);
};

class Accelerator : public sc_core::sc_module {
public:
    sc_core::sc_clock clk;
    sc_core::sc_signal<bool> done;

    SC_HAS_PROCESS(Accelerator);
    explicit Accelerator(sc_core::sc_module_name name);

    // Runs one job to completion. Throws on a SystemC error or when the watchdog expires.
    void run(const dlas_fpga_config& cfg, const uint8_t* prog, const std::vector<Instr>& instrs,
             std::vector<int32_t>& results, dlas_fpga_stats& stats);

private:
    Shared sh;
    AxisDma dma;
    VmEngine vm;
    SaEngine sa;
    Controller ctrl;
    bool finished = false;
    void on_done();
};

}  // namespace dlas

#endif
