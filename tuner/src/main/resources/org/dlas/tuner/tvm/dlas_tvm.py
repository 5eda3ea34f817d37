"""Builds one dlas model with real TVM (Relay): the chosen conv primitive, untuned or auto-scheduled.

Run by the compile worker (a child JVM's embedded CPython) as  dlas_tvm.py JOB_DIR.
JOB_DIR/job.json describes the graph (nodes in topological order, weights as offsets into
JOB_DIR/weights.bin, little-endian) and the options; on success JOB_DIR holds lib.so, graph.json,
params.bin and result.json (which implementation each conv used, tuning figures).
"""
import json
import os
import sys
import time

import numpy as np
import tvm
from tvm import relay, topi, te
from tvm.relay.op import op as _op
from tvm.relay.op.strategy.generic import wrap_compute_conv2d, wrap_topi_schedule

JOB_DIR = sys.argv[1]
with open(os.path.join(JOB_DIR, "job.json")) as f:
    JOB = json.load(f)
PRIMITIVE = JOB["primitive"]
WEIGHTS = np.fromfile(os.path.join(JOB_DIR, "weights.bin"), dtype=np.uint8)

# ---------------------------------------------------------------- conv primitives (Relay strategy)
# Which TE compute implements each conv layer. Layers a primitive cannot take keep TVM's own
# strategy, and the reason is recorded so the result row can say so.
USED = {}
# A compile server runs this script once per job in the same interpreter: TVM's own strategy is
# kept from the first run, and each run replaces the previous run's registration with its own.
if not hasattr(tvm, "_dlas_tvm_conv2d_strategy"):
    tvm._dlas_tvm_conv2d_strategy = _op.get("nn.conv2d").get_attr("FTVMStrategy")
_TVM_CONV2D_STRATEGY = tvm._dlas_tvm_conv2d_strategy


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
    USED[layer] = {"implementation": implementation, "not_applicable": why}
    return _TVM_CONV2D_STRATEGY(attrs, inputs, out_type, target)


def _is_x86(target):
    """TVM's x86 strategies apply: an LLVM target that is not an ARM CPU."""
    return target.kind.name == "llvm" and "arm_cpu" not in target.keys


# What TVM's x86 strategy does with an NCHW conv2d when nothing is tuned: conv2d_nchw.x86, turned
# into conv2d_NCHWc by AlterOpLayout (opt_level 3) with the template's fallback configuration.
X86_DIRECT = "TVM x86 strategy: conv2d_NCHWc (topi.x86, fallback configuration)"


def dlas_conv2d_strategy(attrs, inputs, out_type, target):
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
                            "grouped/depthwise convolution: TVM has no %s implementation for groups > 1" % PRIMITIVE)
    if PRIMITIVE == "direct" or PRIMITIVE in ("csr", "bsr"):
        why = None if PRIMITIVE == "direct" else "TVM's sparse kernels here take fully connected layers; conv layers run direct"
        if x86:
            return _tvm_default(attrs, inputs, out_type, target, layer, why, X86_DIRECT)
        strategy.add_implementation(wrap_compute_conv2d(topi.nn.conv2d_nchw), wrap_topi_schedule(topi.generic.schedule_conv2d_nchw),
                                    name="conv2d_nchw.direct")
        USED[layer] = {"implementation": "topi.nn.conv2d_nchw (direct)", "not_applicable": why}
    elif PRIMITIVE == "spatial-pack":
        if x86:
            return _tvm_default(attrs, inputs, out_type, target, layer,
                                "TVM has no spatial-pack conv2d template for x86 (topi.arm_cpu only)", X86_DIRECT)
        strategy.add_implementation(wrap_compute_conv2d(topi.arm_cpu.conv2d_nchw_spatial_pack),
                                    wrap_topi_schedule(topi.arm_cpu.schedule_conv2d_nchw_spatial_pack),
                                    name="conv2d_nchw_spatial_pack.arm_cpu")
        USED[layer] = {"implementation": "topi.arm_cpu.conv2d_nchw_spatial_pack", "not_applicable": None}
    elif PRIMITIVE == "winograd":
        dtype = data.dtype
        if (r, s) != (3, 3) or strides != (1, 1) or dilation != (1, 1) or not dtype.startswith("float"):
            return _tvm_default(attrs, inputs, out_type, target, layer,
                                "TVM's Winograd F(2x2,3x3) takes float 3x3 stride-1 convolutions only",
                                X86_DIRECT if x86 else "TVM default strategy")
        if x86:
            # topi.x86 has no Winograd conv2d; TVM's x86 strategy uses topi.nn's NHWC Winograd with the
            # auto-scheduler only.
            return _tvm_default(attrs, inputs, out_type, target, layer,
                                "TVM has no Winograd NCHW conv2d template for x86 (topi.arm_cpu only)", X86_DIRECT)
        strategy.add_implementation(wrap_compute_conv2d(topi.arm_cpu.conv2d_nchw_winograd),
                                    wrap_topi_schedule(topi.arm_cpu.schedule_conv2d_nchw_winograd),
                                    name="conv2d_nchw_winograd.arm_cpu")
        USED[layer] = {"implementation": "topi.arm_cpu.conv2d_nchw_winograd", "not_applicable": None}
    elif PRIMITIVE == "gemm":
        if dilation != (1, 1):
            return _tvm_default(attrs, inputs, out_type, target, layer, "im2col GEMM takes undilated convolutions only")
        if x86:
            strategy.add_implementation(wrap_compute_conv2d(_im2col_dense_x86), wrap_topi_schedule(_schedule_im2col_dense_x86),
                                        name="conv2d_nchw_im2col_dense_pack.x86")
            USED[layer] = {"implementation": "im2col + TVM x86 dense template (topi.x86.dense_pack, fallback configuration)",
                           "not_applicable": None}
        else:
            strategy.add_implementation(wrap_compute_conv2d(_im2col_gemm), wrap_topi_schedule(_schedule_gemm),
                                        name="conv2d_nchw_im2col_gemm.dlas")
            USED[layer] = {"implementation": "im2col + GEMM (TE)", "not_applicable": None}
    else:
        raise ValueError("unknown primitive " + PRIMITIVE)
    return strategy


_op.get("nn.conv2d").reset_attr("FTVMStrategy")
tvm.ir.register_op_attr("nn.conv2d", "FTVMStrategy", dlas_conv2d_strategy, level=30)


# ---------------------------------------------------------------- graph translation
def tensor(ref):
    """A weight array from weights.bin: {"offset", "dtype", "shape"}."""
    dtype = np.dtype(ref["dtype"]).newbyteorder("<")
    count = int(np.prod(ref["shape"])) if ref["shape"] else 1
    raw = WEIGHTS[ref["offset"]: ref["offset"] + count * dtype.itemsize]
    return raw.view(dtype).reshape(ref["shape"]).astype(dtype.newbyteorder("="))


def quantize(x, scale, zero_point):
    """As dlas's int8 layers: clamp(round_half_up(x * (1/scale)) + zp, -128, 127), then minus zp, in int16."""
    inv = relay.const(np.float32(1.0) / np.float32(scale))
    q = relay.floor(x * inv + relay.const(np.float32(0.5)))
    q = relay.clip(q + relay.const(np.float32(zero_point)), -128.0, 127.0)
    return relay.cast(q, "int16") - relay.const(np.int16(zero_point))


def dequantize(acc, scale, weight_scales, axis_shape):
    y = relay.cast(acc, "float32") * relay.const(np.float32(scale))
    return y * relay.const(weight_scales.astype(np.float32).reshape(axis_shape))


def int32_bias(bias, scale, weight_scales):
    # Java: Math.round(bias / (inputScale * weightScale)) in float32
    denom = np.float32(scale) * weight_scales.astype(np.float32)
    return np.floor(bias.astype(np.float32) / denom + np.float32(0.5)).astype(np.int32)


def sparse_weight(w):
    """CSR (1x1 blocks) or BSR (block_rows x block_cols) form of a dense [out, in] matrix, as TVM's sparse_dense takes it."""
    import scipy.sparse as sp
    if PRIMITIVE == "csr":
        m = sp.csr_matrix(w)
        return m.data.astype(w.dtype), m.indices.astype(np.int32), m.indptr.astype(np.int32)
    br, bc = JOB["primitive_params"].get("block_rows", 4), JOB["primitive_params"].get("block_cols", 4)
    rows, cols = w.shape
    pad_r, pad_c = (-rows) % br, (-cols) % bc
    if pad_r or pad_c:
        return None
    m = sp.bsr_matrix(w, blocksize=(br, bc))
    return m.data.astype(w.dtype), m.indices.astype(np.int32), m.indptr.astype(np.int32)


def conv(node, x, rank):
    a = node["attrs"]
    w = tensor(a["weight"])
    kw = dict(strides=(a["stride_h"], a["stride_w"]), padding=(a["pad_h"], a["pad_w"]), groups=a["groups"],
              channels=a["out_channels"], kernel_size=(a["kernel_h"], a["kernel_w"]))
    bias = tensor(a["bias"]) if a.get("bias") else None
    if "int8" in a:
        q = a["int8"]
        ws = tensor(q["weight_scales"])
        qw = relay.const(tensor(q["weights"]).reshape(w.shape).astype(np.int16))
        acc = relay.nn.conv2d(quantize(x, q["input_scale"], q["input_zero_point"]), qw, out_dtype="int32", **kw)
        if bias is not None:
            acc = relay.nn.bias_add(acc, relay.const(int32_bias(bias, q["input_scale"], ws)))
        return dequantize(acc, q["input_scale"], ws, (1, -1, 1, 1))
    y = relay.nn.conv2d(x, relay.const(w), **kw)
    return relay.nn.bias_add(y, relay.const(bias)) if bias is not None else y


def dense(node, x, rank):
    a = node["attrs"]
    if rank != 2:
        x = relay.nn.batch_flatten(x)
    w = tensor(a["weight"]).reshape(a["out"], a["in"])
    bias = tensor(a["bias"]) if a.get("bias") else None
    layer = "dense %dx%d" % (a["in"], a["out"])
    if "int8" in a:
        q = a["int8"]
        ws = tensor(q["weight_scales"])
        qw = relay.const(tensor(q["weights"]).reshape(w.shape).astype(np.int16))
        acc = relay.nn.dense(quantize(x, q["input_scale"], q["input_zero_point"]), qw, out_dtype="int32")
        if bias is not None:
            acc = relay.nn.bias_add(acc, relay.const(int32_bias(bias, q["input_scale"], ws)))
        USED[layer] = {"implementation": "relay nn.dense int16xint16->int32 (TVM default strategy)",
                       "not_applicable": None if PRIMITIVE in ("direct", "gemm") else "int8 layers run TVM's dense"}
        return dequantize(acc, q["input_scale"], ws, (1, -1))
    if PRIMITIVE in ("csr", "bsr"):
        sparse = sparse_weight(w)
        if sparse is not None:
            y = relay.nn.sparse_dense(x, tuple(relay.const(t) for t in sparse))
            USED[layer] = {"implementation": "topi.nn.sparse_dense (%s, %d non-zeros)" % (PRIMITIVE, int(np.count_nonzero(w))),
                           "not_applicable": None}
            return relay.nn.bias_add(y, relay.const(bias)) if bias is not None else y
        USED[layer] = {"implementation": "relay nn.dense", "not_applicable": "shape not a multiple of the BSR block"}
    else:
        USED[layer] = {"implementation": "relay nn.dense (a GEMM for every primitive)", "not_applicable": None}
    y = relay.nn.dense(x, relay.const(w))
    return relay.nn.bias_add(y, relay.const(bias)) if bias is not None else y


def _pair(v):
    """A pooling attribute: one number for square windows, [h, w] otherwise."""
    return tuple(v) if isinstance(v, list) else (v, v)


def translate():
    batch = JOB["batch"]
    env, ranks = {}, {}  # relay expression and its rank (4: NCHW, 2: flattened) per node
    shapes = {node["name"]: node["shape"] for node in JOB["nodes"]}
    inp = None
    for node in JOB["nodes"]:
        op, a = node["op"], node.get("attrs", {})
        xs = [env[i] for i in node["inputs"]]
        x = xs[0] if xs else None
        rank = ranks.get(node["inputs"][0]) if node["inputs"] else 4
        out_rank = 2 if op in ("Dense", "Flatten") else rank
        if op == "Input":
            inp = relay.var("input", shape=(batch, a["channels"], a["height"], a["width"]), dtype="float32")
            y = inp
        else:
            if op == "Conv2d":
                y = conv(node, x, rank)
            elif op == "Dense":
                y = dense(node, x, rank)
            elif op == "MaxPool":
                y = relay.nn.max_pool2d(x, _pair(a["kernel"]), _pair(a["stride"]), padding=_pair(a["pad"]))
            elif op == "AvgPool":
                y = relay.nn.avg_pool2d(x, _pair(a["kernel"]), _pair(a["stride"]), padding=_pair(a["pad"]), count_include_pad=False)
            elif op == "GlobalAvgPool":
                y = relay.nn.global_avg_pool2d(x)
            elif op == "Relu":
                y = relay.nn.relu(x)
            elif op == "Relu6":
                y = relay.clip(x, 0.0, 6.0)
            elif op == "Add":
                y = relay.add(xs[0], xs[1])
            elif op == "Mul":
                f = xs[1]
                if ranks.get(node["inputs"][1]) != rank:  # a per-channel factor: broadcast it as [N,C,1,1]
                    x, f = (relay.reshape(v, (batch, -1, 1, 1)) if ranks[i] == 2 else v for v, i in zip(xs, node["inputs"]))
                    out_rank = 4
                y = relay.multiply(x, f)
            elif op == "Sigmoid":
                y = relay.sigmoid(x)
            elif op == "Tanh":
                y = relay.tanh(x)
            elif op == "Reciprocal":
                y = relay.divide(relay.const(1.0, "float32"), x)
            elif op == "HardSigmoid":
                y = relay.clip(relay.add(relay.multiply(x, relay.const(a["alpha"], "float32")), relay.const(a["beta"], "float32")), 0.0, 1.0)
            elif op == "Clip":
                y = relay.clip(x, a["min"], a["max"])
            elif op == "PRelu":
                y = relay.nn.prelu(x, relay.const(tensor(a["slope"])), axis=1)
            elif op == "Lrn":
                x4 = relay.reshape(x, (batch, -1, 1, 1)) if rank == 2 else x
                y = relay.nn.lrn(x4, size=a["size"], axis=1, alpha=a["alpha"], beta=a["beta"], bias=a["bias"])
                out_rank = 4
            elif op == "Select":
                # one take per axis whose indices are not 0..n-1 of the input's extent
                in_shape = shapes[node["inputs"][0]]
                y = relay.reshape(x, (batch, -1, 1, 1)) if rank == 2 else x
                for axis, key in ((1, "channels"), (2, "rows"), (3, "cols")):
                    idx = a[key]
                    if idx != list(range(in_shape[axis - 1])):
                        y = relay.take(y, relay.const(np.array(idx, dtype="int64")), axis=axis)
                out_rank = 4
            elif op == "LinearResize":
                # rows' blend of the columns' blend, in the same order as the JVM: a + w * (b - a)
                x4 = relay.reshape(x, (batch, -1, 1, 1)) if rank == 2 else x

                def blend(v, first, second, weight, axis, shape):
                    lo = relay.take(v, relay.const(np.array(first, dtype="int64")), axis=axis)
                    hi = relay.take(v, relay.const(np.array(second, dtype="int64")), axis=axis)
                    w = relay.const(np.array(weight, dtype="float32").reshape(shape))
                    return relay.add(lo, relay.multiply(w, relay.subtract(hi, lo)))

                cols = blend(x4, a["cols0"], a["cols1"], a["col_weight"], 3, (1, 1, 1, -1))
                y = blend(cols, a["rows0"], a["rows1"], a["row_weight"], 2, (1, 1, -1, 1))
                out_rank = 4
            elif op == "Concat":
                y = relay.concatenate(xs, axis=1)
            elif op == "BatchNorm":
                gamma, beta, mean, var = (tensor(a[k]) for k in ("gamma", "beta", "mean", "var"))
                y = relay.nn.batch_norm(x, relay.const(gamma), relay.const(beta), relay.const(mean), relay.const(var),
                                        axis=1, epsilon=a["eps"])[0]
            elif op == "Flatten":
                y = relay.nn.batch_flatten(x) if rank != 2 else x
            elif op == "Softmax":
                y = relay.nn.softmax(x, axis=1)
            else:
                raise ValueError("no TVM translation for operator " + op)
        env[node["name"]] = y
        ranks[node["name"]] = out_rank
    out = env[JOB["output"]]
    if ranks[JOB["output"]] != 2:
        out = relay.nn.batch_flatten(out)
    return tvm.IRModule.from_expr(relay.Function([inp], out))


# ---------------------------------------------------------------- build, optionally tune
def target():
    host = "llvm" if JOB["target"].startswith("cuda") else None
    return tvm.target.Target(JOB["target"], host=host)


def check_mcpu(t):
    """LLVM only warns about a CPU name it does not know and builds for a generic CPU: refuse it instead."""
    if t.kind.name != "llvm" or "mcpu" not in t.attrs:
        return
    from tvm.target import codegen
    known = [str(c) for c in codegen.llvm_get_cpu_archlist(t)]
    mcpu = str(t.attrs["mcpu"])
    if known and mcpu not in known:
        raise ValueError("mcpu '%s' is not a CPU that LLVM %s knows for this target; known: %s"
                         % (mcpu, codegen.llvm_version_major(), ", ".join(sorted(known))))


def learned_cost_model():
    """MetaSchedule's default XGBoost model is not in the bundle; this one is ours: ridge regression
    from TVM's per-store features (log-scaled, summed over stores) to each candidate's speed relative
    to the best measured so far on its workload, refit after every batch of measurements. Until it
    has seen enough measurements it ranks at random, like the 'random' model."""
    from tvm.meta_schedule.cost_model import PyCostModel
    from tvm.meta_schedule.feature_extractor import PerStoreFeature
    from tvm.meta_schedule.utils import derived_object

    @derived_object
    class RidgeCostModel(PyCostModel):
        MIN_SAMPLES = 8

        def __init__(self):
            super().__init__()
            self.extractor = PerStoreFeature()
            self.rng = np.random.default_rng(JOB.get("seed", 0))
            self.samples = []  # (workload hash, features, seconds)
            self.weights = None

        def load(self, path):
            pass

        def save(self, path):
            pass

        def _features(self, context, candidates):
            return [np.log1p(np.abs(f.numpy()).sum(axis=0)) for f in self.extractor.extract_from(context, candidates)]

        def update(self, context, candidates, results):
            key = tvm.ir.structural_hash(context.mod)
            for x, r in zip(self._features(context, candidates), results):
                secs = [float(s) for s in (r.run_secs or [])]
                if secs and all(np.isfinite(secs)) and r.error_msg is None:
                    self.samples.append((key, x, float(np.mean(secs))))
            if len(self.samples) >= self.MIN_SAMPLES:
                best = {}
                for k, _, t in self.samples:
                    best[k] = min(best.get(k, t), t)
                xs = np.array([x for _, x, _ in self.samples])
                ys = np.array([np.log(best[k] / t) for k, _, t in self.samples])
                self.mean, self.scale = xs.mean(axis=0), xs.std(axis=0) + 1e-6
                z = np.hstack([(xs - self.mean) / self.scale, np.ones((len(xs), 1))])
                self.weights = np.linalg.solve(z.T @ z + 1.0 * np.eye(z.shape[1]), z.T @ ys)

        def predict(self, context, candidates):
            if self.weights is None:
                return self.rng.random(len(candidates))
            xs = np.array(self._features(context, candidates))
            z = np.hstack([(xs - self.mean) / self.scale, np.ones((len(xs), 1))])
            return z @ self.weights

    return RidgeCostModel()


def build_untuned(mod):
    with tvm.transform.PassContext(opt_level=JOB["opt_level"]):
        return relay.build(mod, target=target())


def build_tuned(mod):
    from tvm import meta_schedule as ms
    work = os.path.join(JOB_DIR, "tuning")
    trials = JOB["trials"]
    t0 = time.time()
    # Spread the budget over the model's kernels: one search round of num_trials_per_iter trials
    # per task, so that a small budget does not go to the first task alone.
    tasks = ms.relay_integration.extract_tasks(mod, target(), params={}, opt_level=JOB["opt_level"])
    per_round = max(2, min(64, trials // max(1, len(tasks))))
    database = ms.relay_integration.tune_relay(
        mod=mod, params={}, target=target(), work_dir=work, max_trials_global=trials,
        num_trials_per_iter=per_round,
        cost_model=learned_cost_model() if JOB.get("cost_model") == "learned" else "random", seed=JOB.get("seed", 0),
        num_tuning_cores=JOB.get("tuning_cores", 1), opt_level=JOB["opt_level"],
        # MetaSchedule's default population (2048 candidates scored per round) costs more CPU than
        # the measurements at the budgets used here; 256 keeps the search evolutionary but cheaper.
        strategy=ms.search_strategy.EvolutionarySearch(population_size=256, init_min_unmeasured=32, genetic_num_iters=3))
    RESULT["tuning_seconds"] = time.time() - t0
    RESULT["tuning_records"] = len(database)
    RESULT["tasks"] = len(tasks)
    RESULT["tasks_tuned"] = len({tvm.ir.structural_hash(r.workload.mod) for r in database.get_all_tuning_records()})
    return ms.relay_integration.compile_relay(database, mod, target(), params=None, opt_level=JOB["opt_level"])


# ---------------------------------------------------------------- reuse of tuned schedules (codegen "reuse")
# The new model's kernels (MetaSchedule tasks) borrow tuned schedules from donor databases
# (MetaSchedule JSON databases copied into JOB_DIR/donors/<name>/). Rule, per kernel:
#  1. exact: a donor workload with the same structural hash (and structurally equal) -> its records;
#  2. closest: else donor kernels of the same operator class (the anchor block's name, e.g.
#     conv2d_nchw, conv2d_NCHWc, T_matmul_NT; the fused block names where there is no anchor block)
#     with as many loops, ordered by distance = sum over loops of |ln(extent_new / extent_donor)|,
#     then the same fused blocks first, then measured run time;
#  3. none: no candidate replayed faithfully -> nothing committed, TVM's default schedule is used.
# Every candidate (exact ones too) is replayed with Trace.apply_to_schedule on the new workload (where
# the blocks fused around the anchor differ and that fails: with TVM's schedule_using_anchor_trace).
# A replay fails when TVM raises, when the schedule does not build, or when a split factor did not
# survive (factors that do not divide the new loop extents: TVM silently re-samples them, and the
# schedule would no longer be the donor's); then the next candidate is tried.
REUSE_RECORDS_PER_WORKLOAD = 16  # best records per donor workload that are candidates
REUSE_MAX_TRIES = 24  # candidates replayed per kernel before giving up


def _kernel_shape(mod):
    """(operator class, loop extents, block names) of a kernel. The class is its anchor block's name
    (the conv/dense/pool) and the extents that block's iteration extents; a kernel without an anchor
    block (layout changes, element-wise) is classed by its block names and sized by its output."""
    from tvm import tir
    blocks = []
    tir.stmt_functor.post_order_visit(
        mod["main"].body, lambda n: blocks.append(n.name_hint) if isinstance(n, tir.Block) and n.name_hint != "root" else None)
    anchor = tir.analysis.find_anchor_block(mod)
    if anchor is not None:
        return anchor.name_hint, [int(iv.dom.extent) for iv in anchor.iter_vars], blocks
    func = mod["main"]
    out = func.buffer_map[func.params[-1]]
    return "+".join(blocks), [int(d) for d in out.shape], blocks


def _mean_secs(record):
    secs = [float(s) for s in (record.run_secs or [])]
    return float(np.mean(secs)) if secs and all(np.isfinite(secs)) else float("inf")


def load_donor_kernels():
    """Every donor workload with its best records: dicts of donor, hash, mod, op class, extents, records."""
    from tvm import meta_schedule as ms
    kernels, donors = [], []
    for d in JOB["donors"]:
        path = os.path.join(JOB_DIR, "donors", d["name"])
        db = ms.database.JSONDatabase(os.path.join(path, "database_workload.json"),
                                      os.path.join(path, "database_tuning_record.json"), allow_missing=False)
        by_workload = {}
        records = db.get_all_tuning_records()
        for r in records:
            by_workload.setdefault(int(tvm.ir.structural_hash(r.workload.mod)), []).append(r)
        for h, rs in by_workload.items():
            rs = sorted((r for r in rs if np.isfinite(_mean_secs(r))), key=_mean_secs)[:REUSE_RECORDS_PER_WORKLOAD]
            if not rs:
                continue
            mod = rs[0].workload.mod
            op_class, extents, blocks = _kernel_shape(mod)
            kernels.append({"donor": d["name"], "hash": h, "mod": mod, "op_class": op_class, "extents": extents,
                            "blocks": blocks, "records": rs, "name": "%s %s" % (op_class, "x".join(map(str, extents)))})
        donors.append({"name": d["name"], "records": len(records), "workloads_with_records": len(by_workload),
                       "workloads_with_valid_records": sum(1 for k in kernels if k["donor"] == d["name"])})
    return kernels, donors


def _distance(a, b):
    return float(sum(abs(np.log(x / y)) for x, y in zip(a, b)))


def _candidates(mod, kernels):
    """(rule, distance, donor kernel, record) in the order they are tried."""
    h = int(tvm.ir.structural_hash(mod))
    op_class, extents, blocks = _kernel_shape(mod)
    ranked = []
    for k in kernels:
        if k["hash"] == h and tvm.ir.structural_equal(k["mod"], mod):
            ranked.extend((0, 0.0, False, _mean_secs(r), "exact", k, r) for r in k["records"])
        elif k["op_class"] == op_class and len(k["extents"]) == len(extents):
            ranked.extend((1, _distance(extents, k["extents"]), k["blocks"] != blocks, _mean_secs(r), "closest", k, r)
                          for r in k["records"])
    ranked.sort(key=lambda c: c[:4])
    return [(c[4], c[1], c[5], c[6]) for c in ranked]


def _tile_sizes(trace):
    """The split factors a trace sampled (SamplePerfectTile decisions), in order."""
    return [[int(v) for v in trace.decisions[inst]] for inst in trace.insts
            if inst.kind.name == "SamplePerfectTile" and inst in trace.decisions]


def replay(trace, mod, same_blocks):
    """The donor's trace applied to a new workload, and how ("trace" or "anchor trace"), or raises
    ReplayFailed saying why. Where the fused blocks around the anchor differ (e.g. conv + bias + relu
    vs conv + batch-norm), the whole trace cannot apply; TVM's schedule_using_anchor_trace replays
    its anchor-block part and inlines or parallelises the other blocks."""
    from tvm import tir
    from tvm.meta_schedule.trace_apply import schedule_using_anchor_trace
    sch = tir.Schedule(mod)
    how = "trace"
    try:
        trace.apply_to_schedule(sch, remove_postproc=False)
    except Exception as e:  # TVM raises TVMError subclasses for instructions that do not apply
        if same_blocks:
            raise ReplayFailed("TVM: " + str(e).strip().splitlines()[-1][:200])
        sch, how = tir.Schedule(mod), "anchor trace"
        try:
            schedule_using_anchor_trace(sch, trace, target())
        except Exception as e2:
            raise ReplayFailed("TVM (anchor trace): " + str(e2).strip().splitlines()[-1][:200])
    if _tile_sizes(sch.trace) != _tile_sizes(trace):
        raise ReplayFailed("sampled decisions changed (split factors do not divide the new loop extents)")
    try:
        tvm.build(sch.mod, target=target())
    except Exception as e:
        raise ReplayFailed("does not build: " + str(e).strip().splitlines()[-1][:200])
    return sch, how


class ReplayFailed(Exception):
    pass


def build_reused(mod):
    from tvm import meta_schedule as ms
    t0 = time.time()
    kernels, donors = load_donor_kernels()
    tasks = ms.relay_integration.extract_tasks(mod, target(), params={}, opt_level=JOB["opt_level"])
    database = ms.database.MemoryDatabase()
    report = []
    for task in tasks:
        m = task.dispatched[0]
        op_class, extents, blocks = _kernel_shape(m)
        row = {"task": task.task_name, "op_class": op_class, "extents": extents,
               "rule": "none", "donor": None, "donor_kernel": None, "distance": None, "replay_failures": 0, "failures": []}
        for rule, distance, k, record in _candidates(m, kernels)[:REUSE_MAX_TRIES]:
            try:
                sch, how = replay(record.trace, m, k["blocks"] == blocks)
            except ReplayFailed as e:
                row["replay_failures"] += 1
                row["failures"].append("%s %s: %s" % (k["donor"], k["name"], e))
                continue
            workload = database.commit_workload(m)
            database.commit_tuning_record(ms.database.TuningRecord(
                sch.trace, workload, record.run_secs, target(), ms.arg_info.ArgInfo.from_prim_func(m["main"])))
            row.update(rule=rule, donor=k["donor"], donor_kernel=k["name"], donor_extents=k["extents"], distance=distance,
                       donor_run_secs=_mean_secs(record), replayed_as=how)
            break
        report.append(row)
    counts = {rule: sum(1 for r in report if r["rule"] == rule) for rule in ("exact", "closest", "none")}
    counts["replay_failures"] = sum(r["replay_failures"] for r in report)
    RESULT["reuse"] = {"donors": donors, "kernels": report, "counts": counts, "matching_seconds": time.time() - t0}
    return ms.relay_integration.compile_relay(database, mod, target(), params=None, opt_level=JOB["opt_level"])


check_mcpu(target())
RESULT = {"tvm_version": tvm.__version__, "target": str(target())}
t_start = time.time()
module = translate()
if JOB["codegen"] == "autoscheduled":
    lib = build_tuned(module)
elif JOB["codegen"] == "reuse":
    lib = build_reused(module)
else:
    lib = build_untuned(module)
lib.get_lib().export_library(os.path.join(JOB_DIR, "lib.so"))
with open(os.path.join(JOB_DIR, "graph.json"), "w") as f:
    f.write(lib.get_graph_json())
with open(os.path.join(JOB_DIR, "params.bin"), "wb") as f:
    f.write(relay.save_param_dict(lib.get_params()))
RESULT["compile_seconds"] = time.time() - t_start
RESULT["layers"] = USED
with open(os.path.join(JOB_DIR, "result.json"), "w") as f:
    json.dump(RESULT, f, indent=1, sort_keys=True)
