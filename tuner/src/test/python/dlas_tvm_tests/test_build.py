import json
import os
import tempfile
import unittest

import numpy as np

from dlas_tvm.build import build
from dlas_tvm_tests.jobs import conv_dense_job, reference


class BuildTest(unittest.TestCase):
    def build_and_run(self, primitive):
        import tvm
        from tvm.contrib import graph_executor
        with tempfile.TemporaryDirectory() as d:
            w = conv_dense_job(d, primitive)
            build(d)
            for name in ("lib.so", "graph.json", "params.bin", "result.json"):
                self.assertTrue(os.path.isfile(os.path.join(d, name)), name)
            with open(os.path.join(d, "result.json")) as f:
                result = json.load(f)
            lib = tvm.runtime.load_module(os.path.join(d, "lib.so"))
            with open(os.path.join(d, "graph.json")) as f:
                module = graph_executor.create(f.read(), lib, tvm.cpu())
            with open(os.path.join(d, "params.bin"), "rb") as f:
                module.load_params(f.read())
            x = np.random.default_rng(7).standard_normal((1, 2, 6, 6)).astype(np.float32)
            module.set_input("input", x)
            module.run()
            np.testing.assert_allclose(module.get_output(0).numpy(), reference(w, x), rtol=1e-4, atol=1e-4)
            return result

    def test_untuned_direct_build_computes_the_model(self):
        result = self.build_and_run("direct")
        self.assertEqual("llvm", result["target"].split()[0])
        convs = [v for k, v in result["layers"].items() if k.startswith("conv")]
        self.assertEqual(1, len(convs))
        self.assertIn("conv2d_NCHWc", convs[0]["implementation"])
        self.assertIn("dense 144x3", result["layers"])

    def test_gemm_primitive_takes_the_conv_in_the_same_interpreter(self):
        """A second build in one interpreter (as in the compile server) uses its own primitive."""
        result = self.build_and_run("gemm")
        convs = [v for k, v in result["layers"].items() if k.startswith("conv")]
        self.assertIn("im2col", convs[0]["implementation"])

    def test_arm_only_templates_fall_back_on_x86_saying_why(self):
        for primitive, what in (("spatial-pack", "spatial-pack conv2d"), ("winograd", "Winograd NCHW conv2d")):
            result = self.build_and_run(primitive)
            convs = [v for k, v in result["layers"].items() if k.startswith("conv")]
            self.assertEqual("TVM has no %s template for x86 (topi.arm_cpu only)" % what, convs[0]["not_applicable"])
            self.assertIn("conv2d_NCHWc", convs[0]["implementation"])


if __name__ == "__main__":
    unittest.main()
