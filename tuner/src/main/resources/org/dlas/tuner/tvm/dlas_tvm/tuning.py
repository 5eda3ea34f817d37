"""Relay builds: untuned (TVM's strategies with their fallback configurations) or auto-scheduled by
MetaSchedule within the job's trial budget."""
import os
import time

import tvm
from tvm import relay

from .cost_model import learned_cost_model

COST_MODEL_FILE = "cost_model.npz"  # the learned model after tuning, in JOB_DIR/tuning


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


def build_untuned(job, mod):
    with tvm.transform.PassContext(opt_level=job["opt_level"]):
        return relay.build(mod, target=job.target())


def build_tuned(job, mod):
    from tvm import meta_schedule as ms
    work = job.path("tuning")
    trials = job["trials"]
    t0 = time.time()
    # Spread the budget over the model's kernels: one search round of num_trials_per_iter trials
    # per task, so that a small budget does not go to the first task alone.
    tasks = ms.relay_integration.extract_tasks(mod, job.target(), params={}, opt_level=job["opt_level"])
    per_round = max(2, min(64, trials // max(1, len(tasks))))
    learned = job.get("cost_model") == "learned"
    cost_model = learned_cost_model(job.get("seed", 0)) if learned else "random"
    database = ms.relay_integration.tune_relay(
        mod=mod, params={}, target=job.target(), work_dir=work, max_trials_global=trials,
        num_trials_per_iter=per_round,
        cost_model=cost_model, seed=job.get("seed", 0),
        num_tuning_cores=job.get("tuning_cores", 1), opt_level=job["opt_level"],
        # MetaSchedule's default population (2048 candidates scored per round) costs more CPU than
        # the measurements at the budgets used here; 256 keeps the search evolutionary but cheaper.
        strategy=ms.search_strategy.EvolutionarySearch(population_size=256, init_min_unmeasured=32, genetic_num_iters=3))
    job.result["tuning_seconds"] = time.time() - t0
    job.result["tuning_records"] = len(database)
    job.result["tasks"] = len(tasks)
    job.result["tasks_tuned"] = len({tvm.ir.structural_hash(r.workload.mod) for r in database.get_all_tuning_records()})
    if learned:  # what the search learned, for inspection or a later search (RidgeModel.load)
        cost_model.save(os.path.join(work, COST_MODEL_FILE))
        job.result["cost_model_file"] = os.path.join("tuning", COST_MODEL_FILE)
    return ms.relay_integration.compile_relay(database, mod, job.target(), params=None, opt_level=job["opt_level"])
