"""Small job directories as the Java side (RelayJob) writes them: job.json plus little-endian weights.bin."""
import json
import os

import numpy as np


class JobWriter:
    def __init__(self):
        self.blob = bytearray()

    def add(self, array):
        a = np.ascontiguousarray(array, dtype="<f4")
        ref = {"offset": len(self.blob), "dtype": "<f4", "shape": list(a.shape)}
        self.blob += a.tobytes()
        return ref


def conv_dense_job(job_dir, primitive="direct", seed=0):
    """Input 2x6x6 -> Conv2d 3x3 (4 channels, pad 1) -> Relu -> Flatten -> Dense 144->3, with its weights.
    Returns the weights as numpy arrays for a reference computation."""
    rng = np.random.default_rng(seed)
    w = {"conv_w": rng.standard_normal((4, 2, 3, 3)).astype(np.float32), "conv_b": rng.standard_normal(4).astype(np.float32),
         "dense_w": rng.standard_normal((3, 144)).astype(np.float32), "dense_b": rng.standard_normal(3).astype(np.float32)}
    out = JobWriter()
    nodes = [
        {"name": "input", "op": "Input", "inputs": [], "shape": [2, 6, 6], "attrs": {"channels": 2, "height": 6, "width": 6}},
        {"name": "conv", "op": "Conv2d", "inputs": ["input"], "shape": [4, 6, 6], "attrs": {
            "out_channels": 4, "kernel_h": 3, "kernel_w": 3, "stride_h": 1, "stride_w": 1, "pad_h": 1, "pad_w": 1,
            "groups": 1, "weight": out.add(w["conv_w"]), "bias": out.add(w["conv_b"])}},
        {"name": "relu", "op": "Relu", "inputs": ["conv"], "shape": [4, 6, 6]},
        {"name": "flat", "op": "Flatten", "inputs": ["relu"], "shape": [144, 1, 1]},
        {"name": "fc", "op": "Dense", "inputs": ["flat"], "shape": [3, 1, 1], "attrs": {
            "in": 144, "out": 3, "weight": out.add(w["dense_w"]), "bias": out.add(w["dense_b"])}},
    ]
    job = {"target": "llvm", "primitive": primitive, "primitive_params": {}, "codegen": "untuned", "opt_level": 3,
           "batch": 1, "model": "tiny", "nodes": nodes, "output": "fc"}
    os.makedirs(job_dir, exist_ok=True)
    with open(os.path.join(job_dir, "job.json"), "w") as f:
        json.dump(job, f)
    with open(os.path.join(job_dir, "weights.bin"), "wb") as f:
        f.write(bytes(out.blob))
    return w


def reference(w, x):
    """The tiny model in numpy: conv (pad 1) + bias, relu, flatten, dense + bias."""
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    conv = np.zeros((1, 4, 6, 6), dtype=np.float64)
    for o in range(4):
        for y in range(6):
            for z in range(6):
                conv[0, o, y, z] = np.sum(xp[0, :, y:y + 3, z:z + 3] * w["conv_w"][o]) + w["conv_b"][o]
    h = np.maximum(conv, 0).reshape(1, -1)
    return h @ w["dense_w"].T.astype(np.float64) + w["dense_b"]
