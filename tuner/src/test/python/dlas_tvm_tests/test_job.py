import tempfile
import unittest

import numpy as np

from dlas_tvm.job import Job
from dlas_tvm_tests.jobs import conv_dense_job


class JobTest(unittest.TestCase):
    def test_tensors_come_back_from_weights_bin_at_their_offsets(self):
        with tempfile.TemporaryDirectory() as d:
            w = conv_dense_job(d)
            job = Job(d)
            nodes = {n["name"]: n for n in job["nodes"]}
            np.testing.assert_array_equal(job.tensor(nodes["conv"]["attrs"]["weight"]), w["conv_w"])
            np.testing.assert_array_equal(job.tensor(nodes["fc"]["attrs"]["bias"]), w["dense_b"])
            self.assertEqual(job.primitive, "direct")
            self.assertEqual(job.get("trials", 7), 7)


if __name__ == "__main__":
    unittest.main()
