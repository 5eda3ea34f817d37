import json
import os
import tempfile
import unittest
from types import SimpleNamespace

import tvm
from tvm import te

from dlas_tvm.search_curve import search_curve


def workload(n):
    """A small TIR module standing in for one kernel's workload."""
    a = te.placeholder((n,), name="a")
    b = te.compute((n,), lambda i: a[i] * 2.0, name="b")
    return tvm.IRModule({"main": te.create_prim_func([a, b])})


def write_database(d, mods, records):
    """MetaSchedule's JSON database: [unsigned hash, module] per workload; [index, [trace, secs, ...]] per record."""
    with open(os.path.join(d, "database_workload.json"), "w") as f:
        for m in mods:
            f.write(json.dumps([str(tvm.ir.structural_hash(m) % 2**64), "module"]) + "\n")
    with open(os.path.join(d, "database_tuning_record.json"), "w") as f:
        for index, secs in records:
            f.write(json.dumps([index, [[], secs, {}, []]]) + "\n")


class SearchCurveTest(unittest.TestCase):
    def test_the_estimate_is_the_weighted_sum_of_each_kernels_best_so_far(self):
        mods = [workload(8), workload(16)]
        tasks = [SimpleNamespace(dispatched=[mods[0]], weight=2), SimpleNamespace(dispatched=[mods[1]], weight=1)]
        records = [(0, [4e-6, 6e-6]),  # kernel 0 alone: no estimate yet
                   (1, [3e-6]),         # 2 x 5 + 3 = 13 us
                   (0, [1e10]),         # a failed run changes nothing
                   (0, [2e-6]),         # 2 x 2 + 3 = 7 us
                   (1, [9e-6])]         # slower than kernel 1's best: still 7 us
        with tempfile.TemporaryDirectory() as d:
            write_database(d, mods, records)
            self.assertEqual(search_curve(d, tasks), [[2, 13.0], [3, 13.0], [4, 7.0], [5, 7.0]])

    def test_a_long_search_is_thinned_but_keeps_its_last_point(self):
        mods = [workload(8)]
        tasks = [SimpleNamespace(dispatched=mods, weight=1)]
        records = [(0, [1e-6 * (300 - i)]) for i in range(200)]
        with tempfile.TemporaryDirectory() as d:
            write_database(d, mods, records)
            curve = search_curve(d, tasks)
        self.assertLessEqual(len(curve), 65)
        self.assertEqual(curve[0], [1, 300.0])
        self.assertEqual(curve[-1], [200, 101.0])


if __name__ == "__main__":
    unittest.main()
