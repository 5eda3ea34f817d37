"""The learned MetaSchedule cost model. MetaSchedule's default XGBoost model is not in the bundle;
this one is ours: ridge regression from TVM's per-store features (log-scaled, summed over stores)
to each candidate's speed relative to the best measured so far on its workload, refit after every
batch of measurements. Until it has seen enough measurements it ranks at random, like the 'random'
model. save/load keep the measurements and the fit in one .npz file, so a later search can start
from what an earlier one learned."""
import numpy as np


class RidgeModel:
    """The regression without TVM: samples are (workload key, feature vector, seconds)."""
    MIN_SAMPLES = 8
    RIDGE = 1.0

    def __init__(self, seed=0):
        self.rng = np.random.default_rng(seed)
        self.samples = []  # (workload key as str, features, seconds)
        self.weights = None
        self.mean = self.scale = None

    def add(self, key, features, seconds):
        self.samples.append((str(key), np.asarray(features, dtype=np.float64), float(seconds)))

    def fit(self):
        """Refits on every sample once there are enough; the target is ln(best time on the workload / time)."""
        if len(self.samples) < self.MIN_SAMPLES:
            return
        best = {}
        for k, _, t in self.samples:
            best[k] = min(best.get(k, t), t)
        xs = np.array([x for _, x, _ in self.samples])
        ys = np.array([np.log(best[k] / t) for k, _, t in self.samples])
        self.mean, self.scale = xs.mean(axis=0), xs.std(axis=0) + 1e-6
        z = self._design(xs)
        self.weights = np.linalg.solve(z.T @ z + self.RIDGE * np.eye(z.shape[1]), z.T @ ys)

    def predict(self, features):
        """A score per candidate (higher: faster); random until fitted."""
        if self.weights is None:
            return self.rng.random(len(features))
        return self._design(np.array(features, dtype=np.float64)) @ self.weights

    def _design(self, xs):
        return np.hstack([(xs - self.mean) / self.scale, np.ones((len(xs), 1))])

    def save(self, path):
        """Writes the samples and the fit to {path} (.npz, no pickled objects)."""
        dims = len(self.samples[0][1]) if self.samples else 0
        arrays = {
            "keys": np.array([k for k, _, _ in self.samples], dtype=str),
            "features": np.array([x for _, x, _ in self.samples], dtype=np.float64).reshape(len(self.samples), dims),
            "seconds": np.array([t for _, _, t in self.samples], dtype=np.float64),
        }
        if self.weights is not None:
            arrays.update(weights=self.weights, mean=self.mean, scale=self.scale)
        with open(path, "wb") as f:  # a file object: np.savez would append .npz to a bare name
            np.savez(f, **arrays)

    def load(self, path):
        """Replaces this model's samples and fit with those saved in {path}."""
        with np.load(path, allow_pickle=False) as data:
            self.samples = [(str(k), x, float(t)) for k, x, t in zip(data["keys"], data["features"], data["seconds"])]
            if "weights" in data:
                self.weights, self.mean, self.scale = data["weights"], data["mean"], data["scale"]
            else:
                self.weights = self.mean = self.scale = None


def features_of(extractor, context, candidates):
    """TVM's per-store features of each candidate, log-scaled and summed over its stores."""
    return [np.log1p(np.abs(f.numpy()).sum(axis=0)) for f in extractor.extract_from(context, candidates)]


def learned_cost_model(seed=0):
    """A MetaSchedule cost model (PyCostModel) around a RidgeModel."""
    import tvm
    from tvm.meta_schedule.cost_model import PyCostModel
    from tvm.meta_schedule.feature_extractor import PerStoreFeature
    from tvm.meta_schedule.utils import derived_object

    @derived_object
    class RidgeCostModel(PyCostModel):
        def __init__(self):
            super().__init__()
            self.extractor = PerStoreFeature()
            self.model = RidgeModel(seed)

        def load(self, path):
            self.model.load(path)

        def save(self, path):
            self.model.save(path)

        def update(self, context, candidates, results):
            key = tvm.ir.structural_hash(context.mod)
            for x, r in zip(features_of(self.extractor, context, candidates), results):
                secs = [float(s) for s in (r.run_secs or [])]
                if secs and all(np.isfinite(secs)) and r.error_msg is None:
                    self.model.add(key, x, float(np.mean(secs)))
            self.model.fit()

        def predict(self, context, candidates):
            return self.model.predict(features_of(self.extractor, context, candidates))

    return RidgeCostModel()
