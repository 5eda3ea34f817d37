"""dlas's graph (job.json's nodes, in topological order) as a Relay module, int8 layers included."""
import numpy as np
import tvm
from tvm import relay


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


def sparse_weight(job, w):
    """CSR (1x1 blocks) or BSR (block_rows x block_cols) form of a dense [out, in] matrix, as TVM's sparse_dense takes it."""
    import scipy.sparse as sp
    if job.primitive == "csr":
        m = sp.csr_matrix(w)
        return m.data.astype(w.dtype), m.indices.astype(np.int32), m.indptr.astype(np.int32)
    br, bc = job["primitive_params"].get("block_rows", 4), job["primitive_params"].get("block_cols", 4)
    rows, cols = w.shape
    pad_r, pad_c = (-rows) % br, (-cols) % bc
    if pad_r or pad_c:
        return None
    m = sp.bsr_matrix(w, blocksize=(br, bc))
    return m.data.astype(w.dtype), m.indices.astype(np.int32), m.indptr.astype(np.int32)


def conv(job, node, x, rank):
    a = node["attrs"]
    w = job.tensor(a["weight"])
    kw = dict(strides=(a["stride_h"], a["stride_w"]), padding=(a["pad_h"], a["pad_w"]), groups=a["groups"],
              channels=a["out_channels"], kernel_size=(a["kernel_h"], a["kernel_w"]))
    bias = job.tensor(a["bias"]) if a.get("bias") else None
    if "int8" in a:
        q = a["int8"]
        ws = job.tensor(q["weight_scales"])
        qw = relay.const(job.tensor(q["weights"]).reshape(w.shape).astype(np.int16))
        acc = relay.nn.conv2d(quantize(x, q["input_scale"], q["input_zero_point"]), qw, out_dtype="int32", **kw)
        if bias is not None:
            acc = relay.nn.bias_add(acc, relay.const(int32_bias(bias, q["input_scale"], ws)))
        return dequantize(acc, q["input_scale"], ws, (1, -1, 1, 1))
    y = relay.nn.conv2d(x, relay.const(w), **kw)
    return relay.nn.bias_add(y, relay.const(bias)) if bias is not None else y


def dense(job, node, x, rank):
    a = node["attrs"]
    if rank != 2:
        x = relay.nn.batch_flatten(x)
    w = job.tensor(a["weight"]).reshape(a["out"], a["in"])
    bias = job.tensor(a["bias"]) if a.get("bias") else None
    layer = "dense %dx%d" % (a["in"], a["out"])
    if "int8" in a:
        q = a["int8"]
        ws = job.tensor(q["weight_scales"])
        qw = relay.const(job.tensor(q["weights"]).reshape(w.shape).astype(np.int16))
        acc = relay.nn.dense(quantize(x, q["input_scale"], q["input_zero_point"]), qw, out_dtype="int32")
        if bias is not None:
            acc = relay.nn.bias_add(acc, relay.const(int32_bias(bias, q["input_scale"], ws)))
        job.used[layer] = {"implementation": "relay nn.dense int16xint16->int32 (TVM default strategy)",
                           "not_applicable": None if job.primitive in ("direct", "gemm") else "int8 layers run TVM's dense"}
        return dequantize(acc, q["input_scale"], ws, (1, -1))
    if job.primitive in ("csr", "bsr"):
        sparse = sparse_weight(job, w)
        if sparse is not None:
            y = relay.nn.sparse_dense(x, tuple(relay.const(t) for t in sparse))
            job.used[layer] = {"implementation": "topi.nn.sparse_dense (%s, %d non-zeros)" % (job.primitive, int(np.count_nonzero(w))),
                               "not_applicable": None}
            return relay.nn.bias_add(y, relay.const(bias)) if bias is not None else y
        job.used[layer] = {"implementation": "relay nn.dense", "not_applicable": "shape not a multiple of the BSR block"}
    else:
        job.used[layer] = {"implementation": "relay nn.dense (a GEMM for every primitive)", "not_applicable": None}
    y = relay.nn.dense(x, relay.const(w))
    return relay.nn.bias_add(y, relay.const(bias)) if bias is not None else y


def _pair(v):
    """A pooling attribute: one number for square windows, [h, w] otherwise."""
    return tuple(v) if isinstance(v, list) else (v, v)


def translate(job):
    """The model of {job} as a Relay module with one input, "input", and a [batch, classes] output."""
    batch = job["batch"]
    env, ranks = {}, {}  # relay expression and its rank (4: NCHW, 2: flattened) per node
    shapes = {node["name"]: node["shape"] for node in job["nodes"]}
    inp = None
    for node in job["nodes"]:
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
                y = conv(job, node, x, rank)
            elif op == "Dense":
                y = dense(job, node, x, rank)
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
                # an open side (ONNX Max/Min against a constant, e.g. tf2onnx's LeakyRelu-then-Max) arrives as
                # the JSON string "Infinity"/"-Infinity", which relay.clip refuses: use the one-sided op
                lo, hi = float(a["min"]), float(a["max"])
                if hi == float("inf"):
                    y = x if lo == float("-inf") else relay.maximum(x, relay.const(lo, "float32"))
                elif lo == float("-inf"):
                    y = relay.minimum(x, relay.const(hi, "float32"))
                else:
                    y = relay.clip(x, lo, hi)
            elif op == "PRelu":
                y = relay.nn.prelu(x, relay.const(job.tensor(a["slope"])), axis=1)
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
                gamma, beta, mean, var = (job.tensor(a[k]) for k in ("gamma", "beta", "mean", "var"))
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
    out = env[job["output"]]
    if ranks[job["output"]] != 2:
        out = relay.nn.batch_flatten(out)
    return tvm.IRModule.from_expr(relay.Function([inp], out))
