import os
import tempfile
import unittest

import numpy as np

from dlas_tvm.cost_model import RidgeModel, learned_cost_model


def trained(seed=1):
    """A model fitted on two workloads whose time falls with feature 0 and rises with feature 1."""
    rng = np.random.default_rng(seed)
    model = RidgeModel(seed)
    for key in ("w1", "w2"):
        for _ in range(12):
            x = rng.random(5)
            model.add(key, x, np.exp(-2 * x[0] + x[1]) * (3 if key == "w2" else 1))
    model.fit()
    return model, rng.random((6, 5))


class RidgeModelTest(unittest.TestCase):
    def test_learns_which_candidates_are_faster(self):
        model, _ = trained()
        fast, slow = np.array([[0.9, 0.1, 0.5, 0.5, 0.5]]), np.array([[0.1, 0.9, 0.5, 0.5, 0.5]])
        self.assertGreater(model.predict(fast)[0], model.predict(slow)[0])

    def test_save_then_load_gives_the_same_predictions(self):
        model, candidates = trained()
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "model.npz")
            model.save(path)
            self.assertTrue(os.path.isfile(path), "saved under the exact name given")
            loaded = RidgeModel(seed=99)
            loaded.load(path)
        np.testing.assert_array_equal(model.predict(candidates), loaded.predict(candidates))
        self.assertEqual(len(model.samples), len(loaded.samples))
        # and it keeps learning from where it was: the same next fit as the original's
        for m in (model, loaded):
            m.add("w3", np.full(5, 0.5), 1.0)
            m.fit()
        np.testing.assert_allclose(model.predict(candidates), loaded.predict(candidates))

    def test_an_unfitted_model_round_trips_and_stays_random(self):
        model = RidgeModel(seed=3)
        model.add("w", np.ones(4), 1.0)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "m.npz")
            model.save(path)
            loaded = RidgeModel(seed=3)
            loaded.load(path)
        self.assertIsNone(loaded.weights)
        self.assertEqual(1, len(loaded.samples))
        np.testing.assert_array_equal(RidgeModel(seed=3).predict(np.ones((4, 4))), loaded.predict(np.ones((4, 4))))


class TvmCostModelTest(unittest.TestCase):
    def test_save_and_load_through_tvm_reach_the_model(self):
        """MetaSchedule calls save/load through TVM's object system: the file holds the fit."""
        source, candidates = trained()
        tvm_model = learned_cost_model(seed=5)
        tvm_model.model.samples, tvm_model.model.weights = source.samples, source.weights
        tvm_model.model.mean, tvm_model.model.scale = source.mean, source.scale
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "cost_model.npz")
            tvm_model.save(path)
            restored = learned_cost_model(seed=6)
            restored.load(path)
        np.testing.assert_array_equal(source.predict(candidates), restored.model.predict(candidates))


if __name__ == "__main__":
    unittest.main()
