package org.dlas.tuner.tvm;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.llvm.global.LLVM;

/**
 * This machine's CPU as LLVM names it: {@code llvm::sys::getHostCPUName()}, the function behind
 * TVM's own {@code tvm.target.codegen.llvm_get_system_cpu()} (what {@code -mcpu=native} means to
 * LLVM), here through the LLVM C API of the LLVM 19 that TVM's bundle carries, so the target
 * string is known before a build starts and is part of the build's cache key.
 */
public final class HostCpu {
    private static String name;

    private HostCpu() {}

    /** LLVM's name of this CPU, e.g. {@code skylake-avx512} or {@code znver4}. */
    public static synchronized String llvmName() {
        if (name == null) {
            BytePointer p = LLVM.LLVMGetHostCPUName();
            try {
                name = p.getString();
            } finally {
                LLVM.LLVMDisposeMessage(p);
            }
        }
        return name;
    }
}
