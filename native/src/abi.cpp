// The C ABI: one Accelerator per process, elaborated on first use; every exception is caught
// here and becomes a status code and a message.
#include <systemc>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "accel.h"
#include "dlas_fpga.h"

namespace {

std::unique_ptr<dlas::Accelerator> g_accel;
std::string g_broken;  // why the kernel is unusable, empty while it is fine

int fail(int code, const std::string& msg, char* error, int32_t cap) {
    if (error && cap > 0) {
        std::snprintf(error, size_t(cap), "%s", msg.c_str());
    }
    return code;
}

dlas::Accelerator& accel() {
    if (!g_accel) {
        setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
        // errors throw (and are reported through the ABI) rather than print to stdout
        sc_core::sc_report_handler::set_actions(sc_core::SC_ERROR, sc_core::SC_THROW);
        sc_core::sc_report_handler::set_actions(sc_core::SC_FATAL, sc_core::SC_THROW);
        sc_core::sc_report_handler::set_actions(sc_core::SC_WARNING, sc_core::SC_DO_NOTHING);
        sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
        g_accel.reset(new dlas::Accelerator("dlas_fpga"));
    }
    return *g_accel;
}

}  // namespace

extern "C" {

int dlas_fpga_abi_version(void) { return DLAS_FPGA_ABI_VERSION; }

const char* dlas_fpga_systemc_version(void) { return sc_core::sc_version(); }

int dlas_fpga_check(const dlas_fpga_config* config, const uint8_t* program, int64_t program_len,
                    int64_t* result_values, char* error, int32_t error_capacity) {
    try {
        if (!config || !program || program_len < 0 || !result_values) return fail(DLAS_FPGA_BAD_REQUEST, "null argument", error, error_capacity);
        std::string err;
        if (!dlas::validate_config(*config, err)) return fail(DLAS_FPGA_BAD_REQUEST, "bad configuration: " + err, error, error_capacity);
        std::vector<dlas::Instr> instrs;
        if (!dlas::decode_program(*config, program, program_len, instrs, *result_values, err)) return fail(DLAS_FPGA_BAD_REQUEST, "bad program: " + err, error, error_capacity);
        return DLAS_FPGA_OK;
    } catch (const std::exception& e) {
        return fail(DLAS_FPGA_BAD_REQUEST, std::string("unexpected error: ") + e.what(), error, error_capacity);
    }
}

int dlas_fpga_run(const dlas_fpga_config* config, const uint8_t* program, int64_t program_len,
                  int32_t* out, int64_t out_capacity, int64_t* out_len, dlas_fpga_stats* stats,
                  char* error, int32_t error_capacity) {
    try {
        if (!g_broken.empty()) return fail(DLAS_FPGA_BROKEN, "simulator unusable after an earlier error: " + g_broken, error, error_capacity);
        if (!config || !program || program_len < 0 || !out_len || !stats) return fail(DLAS_FPGA_BAD_REQUEST, "null argument", error, error_capacity);
        std::string err;
        if (!dlas::validate_config(*config, err)) return fail(DLAS_FPGA_BAD_REQUEST, "bad configuration: " + err, error, error_capacity);
        std::vector<dlas::Instr> instrs;
        int64_t values = 0;
        if (!dlas::decode_program(*config, program, program_len, instrs, values, err)) return fail(DLAS_FPGA_BAD_REQUEST, "bad program: " + err, error, error_capacity);
        if (values > out_capacity) return fail(DLAS_FPGA_BAD_REQUEST, "output capacity " + std::to_string(out_capacity) + " < " + std::to_string(values) + " result values", error, error_capacity);
        std::vector<int32_t> results;
        results.reserve(size_t(values));
        try {
            accel().run(*config, program, instrs, results, *stats);
        } catch (const sc_core::sc_report& r) {
            g_broken = std::string("SystemC error: ") + r.what();
            return fail(DLAS_FPGA_SIM_ERROR, g_broken, error, error_capacity);
        } catch (const std::runtime_error& e) {
            g_broken = e.what();
            return fail(std::strncmp(e.what(), "watchdog", 8) == 0 ? DLAS_FPGA_WATCHDOG : DLAS_FPGA_SIM_ERROR, g_broken, error, error_capacity);
        }
        if (int64_t(results.size()) != values) {
            g_broken = "design produced " + std::to_string(results.size()) + " values, expected " + std::to_string(values);
            return fail(DLAS_FPGA_SIM_ERROR, g_broken, error, error_capacity);
        }
        std::memcpy(out, results.data(), results.size() * sizeof(int32_t));
        *out_len = values;
        return DLAS_FPGA_OK;
    } catch (const std::exception& e) {
        g_broken = std::string("unexpected error: ") + e.what();
        return fail(DLAS_FPGA_SIM_ERROR, g_broken, error, error_capacity);
    } catch (...) {
        g_broken = "unexpected non-standard exception";
        return fail(DLAS_FPGA_SIM_ERROR, g_broken, error, error_capacity);
    }
}

}  // extern "C"
