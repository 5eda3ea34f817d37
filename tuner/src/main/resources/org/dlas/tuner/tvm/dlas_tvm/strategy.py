"""The conv primitives as a Relay strategy: which TE compute implements each conv layer. Layers a
primitive cannot take keep TVM's own strategy, and the reason is recorded so the result row can
say so."""
import tvm
from tvm import topi, te
from tvm.relay.op import op as _op
from tvm.relay.op.strategy.generic import wrap_compute_conv2d, wrap_topi_schedule

# A compile server builds job after job in the same interpreter (re-importing this package each
# time): TVM's own strategy is kept from the first import, and each job replaces the previous
# job's registration with its own.
if not hasattr(tvm, "_dlas_tvm_conv2d_strategy"):
    tvm._dlas_tvm_conv2d_strategy = _op.get("nn.conv2d").get_attr("FTVMStrategy")
_TVM_CONV2D_STRATEGY = tvm._dlas_tvm_conv2d_strategy
_job = None  # the job being built: TVM calls the strategy with no room for it


def _shape(t):
    return tuple(int(v) for v in t.shape)


def _im2col(data, kernel, strides, padding):
    """The im2col matrix cols[b * oh * ow + p, q] (one row per output pixel, q = c * r * s + y * s + x)
    and the weights as a [k, q] matrix: the convolution is then the dense product cols x W^T."""
    n, c, h, w = _shape(data)
    k, _, r, s = _shape(kernel)
    sh, sw = strides
    ph, pw = padding[0], padding[1]
    oh = (h + 2 * ph - r) // sh + 1
    ow = (w + 2 * pw - s) // sw + 1
    padded = topi.nn.pad(data, (0, 0, ph, pw), (0, 0, ph, pw))
    pixels = oh * ow
    cols = te.compute((n * pixels, c * r * s),
                      lambda bp, q: padded[bp // pixels, q // (r * s), (bp % pixels // ow) * sh + (q % (r * s)) // s,
                                           (bp % ow) * sw + q % s], name="im2col")
    wmat = te.compute((k, c * r * s), lambda o, q: kernel[o, q // (r * s), (q % (r * s)) // s, q % s], name="wmat")
    return cols, wmat, (n, k, oh, ow)


def _im2col_dense_x86(data, kernel, strides, padding, dilation, out_dtype):
    """im2col, then TVM's x86 dense template (topi.x86.dense_pack, its fallback configuration when
    untuned), then the [pixels, k] product back to NCHW."""
    cols, wmat, (n, k, oh, ow) = _im2col(data, kernel, strides, padding)
    gemm = topi.x86.dense_pack(cols, wmat, None, out_dtype)
    pixels = oh * ow
    # tagged injective: the schedule inlines this gather into whatever relay fused after the conv
    return te.compute((n, k, oh, ow), lambda b, o, y, x: gemm[b * pixels + y * ow + x, o], name="conv2d_gemm_out",
                      tag=topi.tag.INJECTIVE)


def _schedule_im2col_dense_x86(outs):
    """TVM's x86 dense_pack schedule template on the GEMM, with the configuration its compute chose
    (the same dispatch-context query that topi.x86.schedule_dense_pack makes); im2col rows in
    parallel; the gather back to NCHW inlined into the fused output (bias, relu, ...), which runs in
    parallel and vectorised on its inner axis."""
    from tvm import autotvm
    from tvm.topi.utils import traverse_inline
    from tvm.topi.x86.dense import _schedule_dense_pack_template
    s = te.create_schedule([x.op for x in outs])

    def _callback(op):
        if op.tag != "dense_pack":
            return
        gemm = op.output(0)
        cols, packed = op.input_tensors
        workload = autotvm.task.topi_integration.get_workload(outs, "dense_pack.x86")
        cfg = autotvm.task.DispatchContext.current.query(tvm.target.Target.current(), workload)
        _schedule_dense_pack_template(cfg, s, gemm, gemm)
        s[packed.op.input_tensors[0]].compute_inline()  # the [k, q] weight view: read while packing
        s[packed].parallel(s[packed].op.axis[0])
        s[cols.op.input_tensors[0]].compute_inline()  # padding: inside im2col
        s[cols].parallel(s[cols].op.axis[0])

    traverse_inline(s, outs[0].op, _callback)
    out = outs[0]
    axes = s[out].op.axis
    if len(axes) > 1:
        s[out].parallel(s[out].fuse(*axes[:-1]))
    s[out].vectorize(axes[-1])
    return s


def _im2col_gemm(data, kernel, strides, padding, dilation, out_dtype):
    """Convolution as an explicit im2col matrix and one GEMM (targets without a dense template here)."""
    cols, wmat, (n, k, oh, ow) = _im2col(data, kernel, strides, padding)
    pixels = oh * ow
    q = te.reduce_axis((0, int(cols.shape[1])), name="q")
    gemm = te.compute((n * pixels, k), lambda p, o: te.sum(cols[p, q].astype(out_dtype) * wmat[o, q].astype(out_dtype), axis=q),
                      name="gemm")
    return te.compute((n, k, oh, ow), lambda b, o, y, x: gemm[b * pixels + y * ow + x, o], name="conv2d_gemm_out", tag="dlas_gemm")


def _schedule_gemm(outs):
    return te.create_schedule([x.op for x in outs])


def _tvm_default(attrs, inputs, out_type, target, layer, why, implementation="TVM default strategy"):
    _job.used[layer] = {"implementation": implementation, "not_applicable": why}
    return _TVM_CONV2D_STRATEGY(attrs, inputs, out_type, target)


def _implement(strategy, layer, compute, schedule, name, implementation, why=None):
    """{strategy} with one implementation of the conv, recorded for {layer}."""
    strategy.add_implementation(wrap_compute_conv2d(compute), wrap_topi_schedule(schedule), name=name)
    _job.used[layer] = {"implementation": implementation, "not_applicable": why}
    return strategy


def _is_x86(target):
    """TVM's x86 strategies apply: an LLVM target that is not an ARM CPU."""
    return target.kind.name == "llvm" and "arm_cpu" not in target.keys


# What TVM's x86 strategy does with an NCHW conv2d when nothing is tuned: conv2d_nchw.x86, turned
# into conv2d_NCHWc by AlterOpLayout (opt_level 3) with the template's fallback configuration.
X86_DIRECT = "TVM x86 strategy: conv2d_NCHWc (topi.x86, fallback configuration)"


# Primitives that TVM has as a topi.arm_cpu template only: (template, what it is called in messages).
# topi.x86 has neither; for Winograd, TVM's x86 strategy uses topi.nn's NHWC Winograd with the
# auto-scheduler only.
ARM_CPU_TEMPLATES = {
    "spatial-pack": ("conv2d_nchw_spatial_pack", "spatial-pack conv2d"),
    "winograd": ("conv2d_nchw_winograd", "Winograd NCHW conv2d"),
}


def dlas_conv2d_strategy(attrs, inputs, out_type, target):
    primitive = _job.primitive
    data, kernel = inputs
    k, cg, r, s = _shape(kernel)
    layer = "conv %s k%dx%d s%s g%d" % ("x".join(map(str, _shape(data)[1:])), r, s, "x".join(map(str, attrs.strides)), attrs.groups)
    strides = tuple(int(v) for v in attrs.strides)
    dilation = tuple(int(v) for v in attrs.dilation)
    x86 = _is_x86(target)
    strategy = _op.OpStrategy()
    if attrs.data_layout != "NCHW" or attrs.kernel_layout != "OIHW":
        return _tvm_default(attrs, inputs, out_type, target, layer, "layout %s/%s" % (attrs.data_layout, attrs.kernel_layout))
    if attrs.groups != 1:
        return _tvm_default(attrs, inputs, out_type, target, layer,
                            "grouped/depthwise convolution: TVM has no %s implementation for groups > 1" % primitive)
    if primitive == "direct" or primitive in ("csr", "bsr"):
        why = None if primitive == "direct" else "TVM's sparse kernels here take fully connected layers; conv layers run direct"
        if x86:
            return _tvm_default(attrs, inputs, out_type, target, layer, why, X86_DIRECT)
        return _implement(strategy, layer, topi.nn.conv2d_nchw, topi.generic.schedule_conv2d_nchw, "conv2d_nchw.direct",
                          "topi.nn.conv2d_nchw (direct)", why)
    if primitive == "winograd":
        dtype = data.dtype
        if (r, s) != (3, 3) or strides != (1, 1) or dilation != (1, 1) or not dtype.startswith("float"):
            return _tvm_default(attrs, inputs, out_type, target, layer,
                                "TVM's Winograd F(2x2,3x3) takes float 3x3 stride-1 convolutions only",
                                X86_DIRECT if x86 else "TVM default strategy")
    if primitive in ARM_CPU_TEMPLATES:
        template, what = ARM_CPU_TEMPLATES[primitive]
        if x86:
            return _tvm_default(attrs, inputs, out_type, target, layer,
                                "TVM has no %s template for x86 (topi.arm_cpu only)" % what, X86_DIRECT)
        return _implement(strategy, layer, getattr(topi.arm_cpu, template), getattr(topi.arm_cpu, "schedule_" + template),
                          template + ".arm_cpu", "topi.arm_cpu." + template)
    if primitive == "gemm":
        if dilation != (1, 1):
            return _tvm_default(attrs, inputs, out_type, target, layer, "im2col GEMM takes undilated convolutions only")
        if x86:
            return _implement(strategy, layer, _im2col_dense_x86, _schedule_im2col_dense_x86, "conv2d_nchw_im2col_dense_pack.x86",
                              "im2col + TVM x86 dense template (topi.x86.dense_pack, fallback configuration)")
        return _implement(strategy, layer, _im2col_gemm, _schedule_gemm, "conv2d_nchw_im2col_gemm.dlas", "im2col + GEMM (TE)")
    raise ValueError("unknown primitive " + primitive)


def install(job):
    """Makes Relay's conv2d lowering pick the implementations of {job.primitive} (recorded in job.used)."""
    global _job
    _job = job
    _op.get("nn.conv2d").reset_attr("FTVMStrategy")
    tvm.ir.register_op_attr("nn.conv2d", "FTVMStrategy", dlas_conv2d_strategy, level=30)
