"""Relay builds: untuned (TVM's strategies with their fallback configurations) or auto-scheduled by
MetaSchedule within the job's trial budget."""
import os
import time

import tvm
from tvm import relay

from .cost_model import learned_cost_model
from .kernel_choice import keep_faster_kernels, median_us
from .search_curve import search_curve

COST_MODEL_FILE = "cost_model.npz"  # the learned model after tuning, in JOB_DIR/tuning
# Kernels of at least this many FLOPs are searched twice, with and without parallel loops, and the
# database keeps the faster; smaller ones only without: TVM's thread pool costs a fork and a join per
# parallel kernel (a few microseconds, more on a loaded machine), more than a second core saves on a
# kernel of about a microsecond. (resnet, first 512-trial run with a 2e7 threshold: the serial
# schedules of its 0.9 MFLOP convs ran 10.6 us, TVM's parallel default 6.0 us.)
PARALLEL_MIN_FLOPS = 1e5


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


def search_space(target, parallel):
    """MetaSchedule's default space for the target; without parallel loops when {parallel} is false."""
    from tvm import meta_schedule as ms
    if target.kind.name != "llvm":
        return "post-order-apply"
    rules = ms.ScheduleRule.create("llvm")
    if not parallel:  # max_jobs_per_core=-1: no parallel loop, so the kernel never enters TVM's thread pool
        rules = [ms.schedule_rule.ParallelizeVectorizeUnroll(max_jobs_per_core=-1, max_vectorize_extent=64,
                                                             unroll_max_steps=[0, 16, 64, 512], unroll_explicit=True)
                 if isinstance(r, ms.schedule_rule.ParallelizeVectorizeUnroll) else r for r in rules]
    return ms.space_generator.PostOrderApply(sch_rules=rules, postprocs=ms.Postproc.create("llvm"),
                                             mutator_probs=ms.Mutator.create("llvm"))


def tune_contexts(job, tasks, work, min_flops_parallel):
    """MetaSchedule TuneContexts: per extracted task a serial one, and a parallel one for tasks of at
    least {min_flops_parallel} FLOPs (same workload: the database's best record is the faster of both)."""
    from tvm import meta_schedule as ms
    from tvm.meta_schedule.logging import get_loggers_from_work_dir
    from tvm.meta_schedule.utils import fork_seed
    plan = []  # (task, parallel)
    for task in tasks:
        plan.append((task, False))
        if tvm.tir.analysis.estimate_tir_flops(task.dispatched[0]) >= min_flops_parallel:
            plan.append((task, True))
    names = [t.task_name + (".parallel" if parallel else "") for t, parallel in plan]
    contexts, weights = [], []
    for (task, parallel), name, logger, rand_state in zip(plan, names, get_loggers_from_work_dir(work, names),
                                                          fork_seed(job.get("seed", 0), n=len(plan))):
        contexts.append(ms.TuneContext(
            mod=task.dispatched[0], target=task.target, task_name=name, logger=logger,
            space_generator=search_space(task.target, parallel),
            # MetaSchedule's default population (2048 candidates scored per round) costs more CPU than
            # the measurements at the budgets used here (256: ~30 s of search per round on a loaded
            # 2-core machine); 128 keeps the search evolutionary but cheaper.
            search_strategy=ms.search_strategy.EvolutionarySearch(population_size=128, init_min_unmeasured=32,
                                                                  genetic_num_iters=3),
            rand_state=rand_state, num_threads=job.get("tuning_cores", 1)).clone())
        weights.append(float(task.weight))
    return contexts, weights


def runner():
    """MetaSchedule's local runner, timing each candidate over >= 3 x 20 ms (its default: one 100 ms
    repeat) so that a measurement on a shared machine is a mean of three."""
    from tvm import meta_schedule as ms
    return ms.runner.LocalRunner(evaluator_config=ms.runner.EvaluatorConfig(
        number=1, repeat=3, min_repeat_ms=20, enable_cpu_cache_flush=False))


def build_tuned(job, mod):
    from tvm import meta_schedule as ms
    work = job.path("tuning")
    trials = job["trials"]
    t0 = time.time()
    tasks = ms.relay_integration.extract_tasks(mod, job.target(), params={}, opt_level=job["opt_level"])
    learned = job.get("cost_model") == "learned"
    cost_model = learned_cost_model(job.get("seed", 0)) if learned else "random"
    contexts, weights = tune_contexts(job, tasks, work, PARALLEL_MIN_FLOPS)
    # Spread the budget over the kernels: the gradient task scheduler first gives every context one
    # round of num_trials_per_iter trials, then the rounds go where they gain most; half the budget
    # for that first pass (a small budget does not go to the first task alone).
    per_round = max(2, min(64, trials // max(1, 2 * len(contexts))))
    database = ms.tune.tune_tasks(tasks=contexts, task_weights=weights, work_dir=work, max_trials_global=trials,
                                  num_trials_per_iter=per_round, runner=runner(), cost_model=cost_model)
    job.result["tuning_seconds"] = time.time() - t0
    job.result["tuning_records"] = len(database)
    job.result["tasks"] = len(tasks)
    job.result["search_curve"] = search_curve(work, tasks)
    job.result["tasks_tuned"] = len({tvm.ir.structural_hash(r.workload.mod) for r in database.get_all_tuning_records()})
    if learned:  # what the search learned, for inspection or a later search (RidgeModel.load)
        cost_model.save(os.path.join(work, COST_MODEL_FILE))
        job.result["cost_model_file"] = os.path.join("tuning", COST_MODEL_FILE)
    kept = keep_faster_kernels(job, tasks, database)
    builds = {"tuned": lambda: ms.relay_integration.compile_relay(kept, mod, job.target(), params=None,
                                                                  opt_level=job["opt_level"]),
              "tuned_all": lambda: ms.relay_integration.compile_relay(database, mod, job.target(), params=None,
                                                                      opt_level=job["opt_level"]),
              "untuned": lambda: build_untuned(job, mod)}
    choice, lib = fastest(job, mod, builds)
    if choice == "tuned_all":  # every kernel with a record runs it
        job.result["kernels_tuned_kept"] = sum("tuned_us" in k for k in job.result["kernels"])
    return lib


def fastest(job, mod, builds):
    """The whole model built each way and timed in the graph, the fastest kept: "tuned" (per kernel the
    faster of record and default, timed alone), "tuned_all" (every kernel's best record) or "untuned".
    Kernels timed alone rank otherwise than in the graph, where a parallel kernel also pays the thread
    pool's fork and join (mobilenetv2, 512 trials: 54.5 us per kernel, 50.5 us all records, 61.5 untuned).
    job.result["model_us"] records the times, job.result["kept"] the choice."""
    dev = tvm.device(str(job.target().kind.name), 0)
    libs = {name: build() for name, build in builds.items()}
    times = {name: round(median_us(lib, mod, dev), 3) for name, lib in libs.items()}
    choice = min(times, key=times.get)
    job.result["model_us"], job.result["kept"] = times, choice
    return choice, libs[choice]
