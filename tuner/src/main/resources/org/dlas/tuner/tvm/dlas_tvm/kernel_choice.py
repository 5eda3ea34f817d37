"""Per kernel, the faster of MetaSchedule's best record and TVM's default schedule (the strategy's
template with its fallback configuration, what an untuned build runs), each built alone and timed
the same way here: a tuned build never runs a kernel that measured slower than the untuned one."""
import numpy as np
import tvm
from tvm import relay

REPEATS = 5  # medians of 5 time_evaluator repeats of >= MIN_REPEAT_MS each
MIN_REPEAT_MS = 20


def kernel_module(task):
    """The task's fused Relay function as a module of its own (parameters: the kernel's inputs)."""
    (gv,) = task.mod.get_global_vars()
    fn = task.mod[gv]
    params = [relay.var(p.name_hint, p.type_annotation) for p in fn.params]
    return tvm.IRModule.from_expr(relay.Function(params, relay.Call(fn, params)))


def median_us(lib, mod, dev):
    from tvm.contrib import graph_executor
    m = graph_executor.GraphModule(lib["default"](dev))
    rng = np.random.default_rng(0)
    for p in mod["main"].params:
        t = p.type_annotation
        m.set_input(p.name_hint, rng.random([int(d) for d in t.shape]).astype(t.dtype))
    timer = m.module.time_evaluator("run", dev, number=1, repeat=REPEATS, min_repeat_ms=MIN_REPEAT_MS)
    return float(np.median(timer().results)) * 1e6


def keep_faster_kernels(job, tasks, database):
    """A database holding the tuned records of the kernels where tuning won; job.result["kernels"] says
    per kernel what was measured and which was kept."""
    from tvm import meta_schedule as ms
    target, dev = job.target(), tvm.device(str(job.target().kind.name), 0)
    kept, report = ms.database.MemoryDatabase(), []
    for task in tasks:
        workload = task.dispatched[0]
        record = database.query_tuning_record(workload, target, task.task_name)
        row = {"kernel": task.task_name, "flops": float(tvm.tir.analysis.estimate_tir_flops(workload)),
               "weight": int(task.weight)}
        if record is None:
            row.update(kept="default", why="no tuning record")
        else:
            mod = kernel_module(task)
            with tvm.transform.PassContext(opt_level=job["opt_level"]):
                default_us = round(median_us(relay.build(mod, target=target), mod, dev), 3)
            single = ms.database.MemoryDatabase()
            single.commit_tuning_record(ms.database.TuningRecord(
                record.trace, single.commit_workload(workload), record.run_secs, target, record.args_info))
            tuned_us = round(median_us(ms.relay_integration.compile_relay(single, mod, target, params=None,
                                                                          opt_level=job["opt_level"]), mod, dev), 3)
            faster = tuned_us < default_us
            row.update(tuned_us=tuned_us, default_us=default_us,
                       kept="tuned" if faster else "default")
            if faster:
                kept.commit_tuning_record(ms.database.TuningRecord(
                    record.trace, kept.commit_workload(workload), record.run_secs, target, record.args_info))
        report.append(row)
    job.result["kernels"] = report
    job.result["kernels_tuned_kept"] = sum(r["kept"] == "tuned" for r in report)
    return kept
