// dlas-fpga-worker: the simulator as a process, for isolation. It elaborates the design once and
// then serves jobs over stdin/stdout with a small little-endian binary protocol:
//
//   request : u32 magic 0x314A4C44 ("DLJ1"), i32 command
//             RUN (1): i32 design, rows, cols, lanes, vector, dma_bytes_per_cycle;
//                      i64 buffer_bytes, max_cycles; i64 program_len; program bytes
//             INFO (2), QUIT (3): nothing more
//   response: u32 magic 0x31524C44 ("DLR1"), i32 status
//             status != 0: i32 length, UTF-8 message
//             RUN ok : 11 x i64 statistics (dlas_fpga_stats order), i64 count, count x i32 results
//             INFO ok: i32 length, UTF-8 description
//
// After an error that leaves the SystemC kernel unusable (status 2..4) the worker answers and
// exits with status 3; the Java pool starts a fresh one. SystemC's own output goes to stderr:
// stdout carries only the protocol.
#include <systemc>

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "dlas_fpga.h"

namespace {

const uint32_t kRequestMagic = 0x314A4C44u;
const uint32_t kResponseMagic = 0x31524C44u;
int g_out = -1;

bool read_all(void* dst, size_t n) {
    uint8_t* p = static_cast<uint8_t*>(dst);
    while (n > 0) {
        ssize_t r = ::read(0, p, n);
        if (r <= 0) return false;
        p += r;
        n -= size_t(r);
    }
    return true;
}

std::vector<uint8_t> g_wbuf;

void put(const void* src, size_t n) {
    const uint8_t* p = static_cast<const uint8_t*>(src);
    g_wbuf.insert(g_wbuf.end(), p, p + n);
}

bool flush() {
    const uint8_t* p = g_wbuf.data();
    size_t n = g_wbuf.size();
    while (n > 0) {
        ssize_t w = ::write(g_out, p, n);
        if (w <= 0) return false;
        p += w;
        n -= size_t(w);
    }
    g_wbuf.clear();
    return true;
}

template <typename T> void put_v(T v) { put(&v, sizeof v); }  // x86-64: little-endian

void put_status(int32_t status, const std::string& msg) {
    put_v(kResponseMagic);
    put_v(status);
    put_v(int32_t(msg.size()));
    put(msg.data(), msg.size());
}

}  // namespace

int sc_main(int, char**) {
    // the protocol gets its own descriptor; anything printed to stdout lands on stderr
    g_out = ::dup(1);
    ::dup2(2, 1);
    std::vector<uint8_t> program;
    std::vector<int32_t> out;
    std::vector<char> err(4096);
    for (;;) {
        uint32_t magic;
        int32_t cmd;
        if (!read_all(&magic, 4)) return 0;  // the host closed the pipe
        if (magic != kRequestMagic || !read_all(&cmd, 4)) {
            std::fprintf(stderr, "dlas-fpga-worker: bad request header\n");
            return 2;
        }
        if (cmd == 3) return 0;
        if (cmd == 2) {
            std::string info = std::string("dlas-fpga-worker abi=") + std::to_string(dlas_fpga_abi_version())
                             + " systemc=" + dlas_fpga_systemc_version() + " pid=" + std::to_string(::getpid());
            put_v(kResponseMagic);
            put_v(int32_t(0));
            put_v(int32_t(info.size()));
            put(info.data(), info.size());
            if (!flush()) return 2;
            continue;
        }
        if (cmd != 1) {
            std::fprintf(stderr, "dlas-fpga-worker: unknown command %d\n", cmd);
            return 2;
        }
        dlas_fpga_config cfg{};
        int32_t ints[6];
        int64_t longs[3];
        if (!read_all(ints, sizeof ints) || !read_all(longs, sizeof longs)) return 2;
        cfg.design = ints[0];
        cfg.rows = ints[1];
        cfg.cols = ints[2];
        cfg.lanes = ints[3];
        cfg.vector = ints[4];
        cfg.dma_bytes_per_cycle = ints[5];
        cfg.buffer_bytes = longs[0];
        cfg.max_cycles = longs[1];
        const int64_t len = longs[2];
        if (len < 0 || len > (int64_t(1) << 31)) {
            std::fprintf(stderr, "dlas-fpga-worker: bad program length %lld\n", (long long) len);
            return 2;
        }
        program.resize(size_t(std::max<int64_t>(1, len)));
        if (len > 0 && !read_all(program.data(), size_t(len))) return 2;
        int64_t values = 0;
        int status = dlas_fpga_check(&cfg, program.data(), len, &values, err.data(), int32_t(err.size()));
        if (status != DLAS_FPGA_OK) {
            put_status(status, std::string(err.data()));
            if (!flush()) return 2;
            continue;
        }
        out.resize(size_t(std::max<int64_t>(1, values)));
        int64_t out_len = 0;
        dlas_fpga_stats stats{};
        status = dlas_fpga_run(&cfg, program.data(), len, out.data(), int64_t(out.size()), &out_len, &stats, err.data(), int32_t(err.size()));
        if (status != DLAS_FPGA_OK) {
            put_status(status, std::string(err.data()));
            if (!flush()) return 2;
            if (status != DLAS_FPGA_BAD_REQUEST) return 3;
            continue;
        }
        put_v(kResponseMagic);
        put_v(int32_t(0));
        const int64_t s[11] = {stats.cycles, stats.compute_cycles, stats.dma_cycles, stats.dma_in_bytes, stats.dma_out_bytes,
                               stats.macs, stats.bram_accesses, stats.instructions, stats.computes, stats.passes, stats.pe_cycles};
        put(s, sizeof s);
        put_v(out_len);
        put(out.data(), size_t(out_len) * 4);
        if (!flush()) return 2;
    }
}
