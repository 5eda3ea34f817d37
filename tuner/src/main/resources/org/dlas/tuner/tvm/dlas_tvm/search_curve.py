"""How fast a search found its kernels: after each measured trial, the model's estimated kernel time
(sum over kernels of weight x best mean measured time so far), from MetaSchedule's JSON database,
whose record file is in commit (= measurement) order. Two searches (e.g. the random and the learned
cost model) at the same budget compare by the trials each needs to reach a given estimate."""
import json
import os

import tvm

POINTS = 64  # at most this many (trials, estimate) points are kept


def mean_seconds(record):
    secs = record[1] if len(record) > 1 else None
    if not secs:
        return None
    secs = [float(s) for s in secs]
    return sum(secs) / len(secs) if all(s < 1e9 for s in secs) else None  # failed runs record 1e10


def weights_by_workload(work_dir, tasks):
    """Workload index in database_workload.json -> the weight of the task with that workload."""
    # MetaSchedule writes the hash unsigned; Python gets it signed
    by_hash = {str(tvm.ir.structural_hash(t.dispatched[0]) % 2**64): float(t.weight) for t in tasks}
    with open(os.path.join(work_dir, "database_workload.json")) as f:
        hashes = [json.loads(line)[0] for line in f if line.strip()]  # [structural hash, module]
    return {i: by_hash[h] for i, h in enumerate(hashes) if h in by_hash}


def search_curve(work_dir, tasks):
    """[[trials, estimated kernel microseconds], ...]; the estimate starts once every kernel has a measurement."""
    weights = weights_by_workload(work_dir, tasks)
    best, points = {}, []
    with open(os.path.join(work_dir, "database_tuning_record.json")) as f:
        for trials, line in enumerate((l for l in f if l.strip()), start=1):
            index, record = json.loads(line)
            secs = mean_seconds(record)
            if secs is not None and index in weights:
                best[index] = min(best.get(index, secs), secs)
            if len(best) == len(tasks):
                points.append([trials, round(sum(weights[i] * s for i, s in best.items()) * 1e6, 3)])
    step = max(1, -(-len(points) // POINTS))
    return points[::step] + ([points[-1]] if points and (len(points) - 1) % step else [])
