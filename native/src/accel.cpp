#include "accel.h"

#include <algorithm>
#include <cstring>
#include <sstream>
#include <stdexcept>

using namespace sc_core;

namespace dlas {

namespace {

int32_t read_i32(const uint8_t* p) {
    uint32_t v = uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
    return int32_t(v);
}

int64_t pad4(int64_t n) { return (n + 3) & ~int64_t(3); }

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

// wrapping int32 arithmetic (the int8 contract accumulates in wrapping int32)
inline int32_t wrap_add(int32_t a, int32_t b) { return int32_t(uint32_t(a) + uint32_t(b)); }

const char* op_name(int op) {
    switch (op) {
        case DLAS_FPGA_OP_END: return "END";
        case DLAS_FPGA_OP_LOAD_W: return "LOAD_W";
        case DLAS_FPGA_OP_LOAD_X: return "LOAD_X";
        case DLAS_FPGA_OP_LOAD_B: return "LOAD_B";
        case DLAS_FPGA_OP_COMPUTE: return "COMPUTE";
        case DLAS_FPGA_OP_STORE: return "STORE";
        case DLAS_FPGA_OP_FAULT: return "FAULT";
        default: return "?";
    }
}

}  // namespace

bool validate_config(const dlas_fpga_config& c, std::string& err) {
    std::ostringstream e;
    if (c.design != DLAS_FPGA_DESIGN_VM && c.design != DLAS_FPGA_DESIGN_SA) e << "design must be 0 (vm) or 1 (sa), got " << c.design;
    else if (c.design == DLAS_FPGA_DESIGN_SA && (c.rows < 1 || c.rows > 256 || c.cols < 1 || c.cols > 256)) e << "sa rows and cols must be in 1..256, got " << c.rows << "x" << c.cols;
    else if (c.design == DLAS_FPGA_DESIGN_VM && (c.lanes < 1 || c.lanes > 4096 || c.vector < 1 || c.vector > 256)) e << "vm lanes must be in 1..4096 and vector in 1..256, got " << c.lanes << "x" << c.vector;
    else if (c.dma_bytes_per_cycle < 1 || c.dma_bytes_per_cycle > 4096) e << "dma_bytes_per_cycle must be in 1..4096, got " << c.dma_bytes_per_cycle;
    else if (c.buffer_bytes < 4 || c.buffer_bytes > (int64_t(1) << 30)) e << "buffer_bytes must be in 4..2^30, got " << c.buffer_bytes;
    else if (c.max_cycles < 1) e << "max_cycles must be >= 1, got " << c.max_cycles;
    err = e.str();
    return err.empty();
}

bool decode_program(const dlas_fpga_config& c, const uint8_t* prog, int64_t len,
                    std::vector<Instr>& out, int64_t& result_values, std::string& err) {
    out.clear();
    result_values = 0;
    const int64_t wcap = c.buffer_bytes, xcap = c.buffer_bytes, ocap = c.buffer_bytes / 4;
    int32_t w_m = 0, w_k = 0, x_k = 0, x_n = 0, b_m = 0, o_m = 0, o_n = 0;
    int64_t pos = 0;
    std::ostringstream e;
    auto fail = [&](const std::string& what) {
        e << "instruction " << out.size() << " at byte " << pos << ": " << what;
        err = e.str();
        return false;
    };
    // LOAD_W and LOAD_X: a rows x cols int8 matrix, non-empty and within its buffer
    auto matrix_fits = [&](const char* op, const char* dims, int32_t rows, int32_t cols, int64_t cap, const char* buffer) {
        if (rows < 1 || cols < 1) return fail(std::string(op) + " needs " + dims + " >= 1");
        if (int64_t(rows) * cols > cap) return fail(std::string(op) + " " + std::to_string(rows) + "x" + std::to_string(cols) + " exceeds the " + buffer + " buffer (" + std::to_string(cap) + " bytes)");
        return true;
    };
    bool ended = false;
    while (pos < len) {
        if (ended) return fail("bytes after END");
        if (len - pos < 16) return fail("truncated header");
        Instr in;
        int32_t w0 = read_i32(prog + pos);
        in.op = w0 & 0xff;
        in.flags = (w0 >> 8) & 0xff;
        in.zp = int8_t((w0 >> 16) & 0xff);
        in.m = read_i32(prog + pos + 4);
        in.n = read_i32(prog + pos + 8);
        in.k = read_i32(prog + pos + 12);
        in.payload_off = pos + 16;
        std::string name = op_name(in.op);
        switch (in.op) {
            case DLAS_FPGA_OP_END: ended = true; break;
            case DLAS_FPGA_OP_FAULT: break;
            case DLAS_FPGA_OP_LOAD_W:
                if (!matrix_fits("LOAD_W", "m, k", in.m, in.k, wcap, "weight")) return false;
                in.payload_len = int64_t(in.m) * in.k;
                w_m = in.m; w_k = in.k;
                break;
            case DLAS_FPGA_OP_LOAD_X:
                if (!matrix_fits("LOAD_X", "k, n", in.k, in.n, xcap, "input")) return false;
                in.payload_len = int64_t(in.k) * in.n;
                x_k = in.k; x_n = in.n;
                break;
            case DLAS_FPGA_OP_LOAD_B:
                if (in.m < 1 || in.m > kBiasEntries) return fail("LOAD_B needs 1 <= m <= " + std::to_string(kBiasEntries));
                in.payload_len = int64_t(in.m) * 4;
                b_m = in.m;
                break;
            case DLAS_FPGA_OP_COMPUTE:
                if (in.m < 1 || in.n < 1 || in.k < 1) return fail("COMPUTE needs m, n, k >= 1");
                if (in.m != w_m || in.k != w_k) return fail("COMPUTE " + std::to_string(in.m) + "x" + std::to_string(in.k) + " does not match the loaded weights " + std::to_string(w_m) + "x" + std::to_string(w_k));
                if (in.k != x_k || in.n != x_n) return fail("COMPUTE " + std::to_string(in.k) + "x" + std::to_string(in.n) + " does not match the loaded inputs " + std::to_string(x_k) + "x" + std::to_string(x_n));
                if (int64_t(in.m) * in.n > ocap) return fail("COMPUTE output " + std::to_string(in.m) + "x" + std::to_string(in.n) + " exceeds the output buffer (" + std::to_string(ocap) + " int32)");
                if ((in.flags & DLAS_FPGA_FLAG_BIAS) && b_m < in.m) return fail("COMPUTE with bias needs " + std::to_string(in.m) + " loaded biases, have " + std::to_string(b_m));
                if ((in.flags & DLAS_FPGA_FLAG_ACCUMULATE) && (o_m != in.m || o_n != in.n)) return fail("COMPUTE accumulate onto a different output block");
                if ((in.flags & ~3) != 0) return fail("unknown COMPUTE flags");
                o_m = in.m; o_n = in.n;
                break;
            case DLAS_FPGA_OP_STORE:
                if (in.m != o_m || in.n != o_n || in.m < 1) return fail("STORE " + std::to_string(in.m) + "x" + std::to_string(in.n) + " does not match the computed block " + std::to_string(o_m) + "x" + std::to_string(o_n));
                result_values += int64_t(in.m) * in.n;
                break;
            default:
                return fail("unknown opcode " + std::to_string(in.op));
        }
        in.stream_bytes = 16 + pad4(in.payload_len);
        if (pos + in.stream_bytes > len) return fail(name + " payload truncated");
        pos += in.stream_bytes;
        out.push_back(in);
    }
    if (!ended) return fail("program does not end with END");
    return true;
}

// ---------------------------------------------------------------------------------------------
AxisDma::AxisDma(sc_module_name name, Shared* s) : sc_module(name), clk("clk"), sh(s) {
    SC_THREAD(run);
}

void AxisDma::run() {
    const sc_time period = sc_time(10, SC_NS);
    for (;;) {
        wait(start_ev);
        const int beat = sh->cfg.dma_bytes_per_cycle;
        int64_t beats = ceil_div(bytes, beat) + (setup ? kDmaSetupCycles : 0);
        // one beat per cycle; TLAST on the last one, then the destination holds the data
        wait(period * double(beats));
        sh->stats.dma_cycles += beats;
        // each beat is written into (or read from) the buffer as 32-bit words
        sh->stats.bram_accesses += ceil_div(bytes, 4);
        switch (dest) {
            case 1: std::memcpy(sh->wbuf.data(), src, size_t(src_len)); break;
            case 2: std::memcpy(sh->xbuf.data(), src, size_t(src_len)); break;
            case 3:
                for (int64_t i = 0; i < src_len / 4; i++) sh->bbuf[size_t(i)] = read_i32(src + 4 * i);
                break;
            case 4: sh->results->insert(sh->results->end(), sh->obuf.begin(), sh->obuf.begin() + int64_t(rows) * cols); break;
            default: break;
        }
        if (dest == 4) sh->stats.dma_out_bytes += bytes; else sh->stats.dma_in_bytes += bytes;
        done_ev.notify(SC_ZERO_TIME);
    }
}

// ---------------------------------------------------------------------------------------------
Engine::Engine(sc_module_name name, Shared* s) : sc_module(name), clk("clk"), sh(s) {
    SC_CTHREAD(run, clk.pos());
}

void Engine::run() {
    wait();
    for (;;) {
        while (!go) wait();
        go = false;
        compute(cmd);
        done_ev.notify(SC_ZERO_TIME);
    }
}

// ---------------------------------------------------------------------------------------------
void VmEngine::compute(const EngineCmd& c) {
    const int L = sh->cfg.lanes, V = sh->cfg.vector;
    const int64_t kw = ceil_div(c.k, V);
    wreg.assign(size_t(L) * c.k, 0);
    acc.assign(size_t(L), 0);
    int64_t busy = 0;
    for (int32_t mi = 0; mi < c.m; mi += L) {
        const int mp = std::min<int32_t>(L, c.m - mi);
        sh->stats.passes++;
        // stationary weights: each lane loads its row, V bytes per cycle
        for (int l = 0; l < mp; l++) std::memcpy(&wreg[size_t(l) * c.k], &sh->wbuf[size_t(mi + l) * c.k], size_t(c.k));
        sh->stats.bram_accesses += int64_t(mp) * ceil_div(c.k, 4);
        wait(int(kw));
        busy += kw;
        for (int32_t j = 0; j < c.n; j++) {
            for (int l = 0; l < mp; l++) {
                const size_t o = size_t(mi + l) * c.n + j;
                acc[size_t(l)] = (c.flags & DLAS_FPGA_FLAG_ACCUMULATE) ? sh->obuf[o]
                               : (c.flags & DLAS_FPGA_FLAG_BIAS) ? sh->bbuf[size_t(mi + l)] : 0;
            }
            if (c.flags & DLAS_FPGA_FLAG_ACCUMULATE) sh->stats.bram_accesses += mp;
            for (int64_t tc = 0; tc < kw; tc++) {
                const int t0 = int(tc * V), t1 = std::min<int>(c.k, t0 + V);
                // the input vector x[t0..t1)[j] is broadcast to every lane
                int32_t xv[256];
                for (int t = t0; t < t1; t++) xv[t - t0] = int32_t(sh->xbuf[size_t(t) * c.n + j]) - c.zp;
                for (int l = 0; l < mp; l++) {
                    const int8_t* w = &wreg[size_t(l) * c.k];
                    int32_t s = 0;
                    for (int t = t0; t < t1; t++) s = wrap_add(s, int32_t(w[t]) * xv[t - t0]);
                    acc[size_t(l)] = wrap_add(acc[size_t(l)], s);
                }
                sh->stats.bram_accesses += ceil_div(t1 - t0, 4);
                wait();
            }
            // results written back while the next column streams (pipelined)
            for (int l = 0; l < mp; l++) sh->obuf[size_t(mi + l) * c.n + j] = acc[size_t(l)];
            sh->stats.bram_accesses += mp;
            busy += kw;
        }
        sh->stats.macs += int64_t(mp) * c.n * c.k;
        wait(2);  // multiplier and adder-tree pipeline drain
        busy += 2;
    }
    sh->stats.compute_cycles += busy;
    sh->stats.pe_cycles += busy * L * V;
}

// ---------------------------------------------------------------------------------------------
void SaEngine::compute(const EngineCmd& c) {
    const int R = sh->cfg.rows, C = sh->cfg.cols;
    a_reg.assign(size_t(R) * C, 0);
    b_reg.assign(size_t(R) * C, 0);
    acc.assign(size_t(R) * C, 0);
    const int8_t* W = sh->wbuf.data();
    const int8_t* X = sh->xbuf.data();
    int64_t busy = 0;
    for (int32_t mi = 0; mi < c.m; mi += R) {
        const int mp = std::min<int32_t>(R, c.m - mi);
        for (int32_t nj = 0; nj < c.n; nj += C) {
            const int np = std::min<int32_t>(C, c.n - nj);
            sh->stats.passes++;
            // accumulator initialisation: bias registers (1 cycle) or the partial sums (a row per cycle)
            for (int i = 0; i < mp; i++) {
                for (int j = 0; j < np; j++) {
                    acc[size_t(i) * C + j] = (c.flags & DLAS_FPGA_FLAG_ACCUMULATE) ? sh->obuf[size_t(mi + i) * c.n + nj + j]
                                            : (c.flags & DLAS_FPGA_FLAG_BIAS) ? sh->bbuf[size_t(mi + i)] : 0;
                    a_reg[size_t(i) * C + j] = 0;
                    b_reg[size_t(i) * C + j] = 0;
                }
            }
            const int init = (c.flags & DLAS_FPGA_FLAG_ACCUMULATE) ? mp : 1;
            if (c.flags & DLAS_FPGA_FLAG_ACCUMULATE) sh->stats.bram_accesses += int64_t(mp) * np;
            wait(init);
            busy += init;
            // skewed flow: row i sees w[i][t] at cycle t + i, column j sees x[t][j] at cycle t + j
            const int64_t steps = int64_t(c.k) + mp + np - 2;
            for (int64_t cyc = 0; cyc < steps; cyc++) {
                for (int i = mp - 1; i >= 0; i--) {
                    int32_t* ar = &a_reg[size_t(i) * C];
                    int32_t* br = &b_reg[size_t(i) * C];
                    int32_t* ac = &acc[size_t(i) * C];
                    const int32_t* bup = i > 0 ? &b_reg[size_t(i - 1) * C] : nullptr;
                    for (int j = np - 1; j >= 0; j--) {
                        int32_t a, b;
                        if (j > 0) a = ar[j - 1];
                        else {
                            const int64_t t = cyc - i;
                            a = (t >= 0 && t < c.k) ? int32_t(W[size_t(mi + i) * c.k + size_t(t)]) : 0;
                        }
                        if (bup) b = bup[j];
                        else {
                            const int64_t t = cyc - j;
                            b = (t >= 0 && t < c.k) ? int32_t(X[size_t(t) * c.n + nj + j]) - c.zp : 0;
                        }
                        ar[j] = a;
                        br[j] = b;
                        ac[j] = wrap_add(ac[j], a * b);
                    }
                }
                wait();
            }
            busy += steps;
            // edge feeders read a byte per row / column per cycle, 4 bytes to a buffer word
            sh->stats.bram_accesses += ceil_div(int64_t(mp) * c.k, 4) + ceil_div(int64_t(np) * c.k, 4);
            sh->stats.macs += int64_t(mp) * np * c.k;
            // drain: one row of accumulators per cycle into the output buffer
            for (int i = 0; i < mp; i++)
                for (int j = 0; j < np; j++) sh->obuf[size_t(mi + i) * c.n + nj + j] = acc[size_t(i) * C + j];
            sh->stats.bram_accesses += int64_t(mp) * np;
            wait(mp);
            busy += mp;
        }
    }
    sh->stats.compute_cycles += busy;
    sh->stats.pe_cycles += busy * R * C;
}

// ---------------------------------------------------------------------------------------------
Controller::Controller(sc_module_name name, Shared* s, AxisDma* d, Engine* v, Engine* a)
    : sc_module(name), clk("clk"), done("done"), sh(s), dma(d), vm(v), sa(a) {
    SC_THREAD(run);
}

void Controller::transfer(int64_t bytes, bool setup, const uint8_t* src, int64_t src_len, int dest, int32_t rows, int32_t cols) {
    dma->bytes = bytes;
    dma->setup = setup;
    dma->src = src;
    dma->src_len = src_len;
    dma->dest = dest;
    dma->rows = rows;
    dma->cols = cols;
    dma->start_ev.notify(SC_ZERO_TIME);
    wait(dma->done_ev);
}

void Controller::run() {
    for (;;) {
        while (!host_start) wait(clk.posedge_event());
        host_start = false;
        done.write(false);
        const sc_time t0 = sc_time_stamp();
        bool first = true;
        for (const Instr& in : *sh->instrs) {
            sh->stats.instructions++;
            const uint8_t* payload = sh->program + in.payload_off;
            // the program is one mm2s stream: header and payload arrive as beats; the first
            // transfer pays the descriptor set-up
            int dest = 0;
            switch (in.op) {
                case DLAS_FPGA_OP_LOAD_W: dest = 1; break;
                case DLAS_FPGA_OP_LOAD_X: dest = 2; break;
                case DLAS_FPGA_OP_LOAD_B: dest = 3; break;
                default: break;
            }
            transfer(in.stream_bytes, first, payload, in.payload_len, dest, in.m, in.n);
            first = false;
            if (in.op == DLAS_FPGA_OP_COMPUTE) {
                sh->stats.computes++;
                EngineCmd c{in.m, in.n, in.k, in.flags, in.zp};
                Engine* engine = sh->cfg.design == DLAS_FPGA_DESIGN_SA ? sa : vm;
                engine->cmd = c;
                engine->go = true;
                wait(engine->done_ev);
            } else if (in.op == DLAS_FPGA_OP_STORE) {
                // s2mm: a new outgoing stream with its own descriptor
                transfer(int64_t(in.m) * in.n * 4, true, nullptr, 0, 4, in.m, in.n);
            } else if (in.op == DLAS_FPGA_OP_FAULT) {
                SC_REPORT_ERROR("dlas/fpga/controller", "FAULT instruction: error raised on purpose (test hook)");
            } else if (in.op == DLAS_FPGA_OP_END) {
                break;
            }
        }
        // align to the clock edge and signal done
        wait(clk.posedge_event());
        sh->stats.cycles = int64_t((sc_time_stamp() - t0) / sc_time(10, SC_NS) + 0.5);
        done.write(true);
    }
}

// ---------------------------------------------------------------------------------------------
Accelerator::Accelerator(sc_module_name name)
    : sc_module(name), clk("clk", sc_time(10, SC_NS)), done("done"),
      dma("dma", &sh), vm("vm", &sh), sa("sa", &sh), ctrl("ctrl", &sh, &dma, &vm, &sa) {
    dma.clk(clk);
    vm.clk(clk);
    sa.clk(clk);
    ctrl.clk(clk);
    ctrl.done(done);
    SC_METHOD(on_done);
    sensitive << done;
    dont_initialize();
}

void Accelerator::on_done() {
    if (done.read()) {
        finished = true;
        sc_pause();
    }
}

void Accelerator::run(const dlas_fpga_config& cfg, const uint8_t* prog, const std::vector<Instr>& instrs,
                      std::vector<int32_t>& results, dlas_fpga_stats& stats) {
    // per-job reset: parameters, buffers, counters
    sh.cfg = cfg;
    sh.w_cap = cfg.buffer_bytes;
    sh.x_cap = cfg.buffer_bytes;
    sh.o_cap = cfg.buffer_bytes / 4;
    sh.wbuf.assign(size_t(sh.w_cap), 0);
    sh.xbuf.assign(size_t(sh.x_cap), 0);
    sh.obuf.assign(size_t(sh.o_cap), 0);
    sh.bbuf.assign(size_t(kBiasEntries), 0);
    sh.program = prog;
    sh.instrs = &instrs;
    sh.results = &results;
    sh.stats = dlas_fpga_stats{};
    finished = false;
    ctrl.host_start = true;
    sc_start(sc_time(10, SC_NS) * double(cfg.max_cycles + 16));
    if (!finished) {
        std::ostringstream e;
        e << "watchdog: the design did not signal done within " << cfg.max_cycles << " cycles";
        throw std::runtime_error(e.str());
    }
    stats = sh.stats;
}

}  // namespace dlas
