"""One build job: JOB_DIR/job.json, the weights in JOB_DIR/weights.bin, and what the build records."""
import json
import os

import numpy as np


class Job:
    def __init__(self, job_dir):
        self.dir = job_dir
        with open(os.path.join(job_dir, "job.json")) as f:
            self.spec = json.load(f)
        self.weights = np.fromfile(os.path.join(job_dir, "weights.bin"), dtype=np.uint8)
        self.used = {}  # layer -> {"implementation", "not_applicable"}: which implementation each layer got, and why
        self.result = {}  # what result.json reports besides the layers

    def __getitem__(self, key):
        return self.spec[key]

    def get(self, key, default=None):
        return self.spec.get(key, default)

    @property
    def primitive(self):
        return self.spec["primitive"]

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def tensor(self, ref):
        """A weight array from weights.bin: {"offset", "dtype", "shape"}."""
        dtype = np.dtype(ref["dtype"]).newbyteorder("<")
        count = int(np.prod(ref["shape"])) if ref["shape"] else 1
        raw = self.weights[ref["offset"]: ref["offset"] + count * dtype.itemsize]
        return raw.view(dtype).reshape(ref["shape"]).astype(dtype.newbyteorder("="))

    def target(self):
        import tvm
        host = "llvm" if self.spec["target"].startswith("cuda") else None
        return tvm.target.Target(self.spec["target"], host=host)
