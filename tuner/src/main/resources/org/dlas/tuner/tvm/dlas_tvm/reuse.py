"""Codegen "reuse": the new model's kernels (MetaSchedule tasks) borrow tuned schedules from donor
databases (MetaSchedule JSON databases copied into JOB_DIR/donors/<name>/)."""
import os
import time

import numpy as np
import tvm

# Rule, per kernel:
#  1. exact: a donor workload with the same structural hash (and structurally equal) -> its records;
#  2. closest: else donor kernels of the same operator class (the anchor block's name, e.g.
#     conv2d_nchw, conv2d_NCHWc, T_matmul_NT; the fused block names where there is no anchor block)
#     with as many loops, ordered by distance = sum over loops of |ln(extent_new / extent_donor)|,
#     then the same fused blocks first, then measured run time;
#  3. none: no candidate replayed faithfully -> nothing committed, TVM's default schedule is used.
# Every candidate (exact ones too) is replayed with Trace.apply_to_schedule on the new workload (where
# the blocks fused around the anchor differ and that fails: with TVM's schedule_using_anchor_trace).
# A replay fails when TVM raises, when the schedule does not build, or when a split factor did not
# survive (factors that do not divide the new loop extents: TVM silently re-samples them, and the
# schedule would no longer be the donor's); then the next candidate is tried.
REUSE_RECORDS_PER_WORKLOAD = 16  # best records per donor workload that are candidates
REUSE_MAX_TRIES = 24  # candidates replayed per kernel before giving up


def _kernel_shape(mod):
    """(operator class, loop extents, block names) of a kernel. The class is its anchor block's name
    (the conv/dense/pool) and the extents that block's iteration extents; a kernel without an anchor
    block (layout changes, element-wise) is classed by its block names and sized by its output."""
    from tvm import tir
    blocks = []
    tir.stmt_functor.post_order_visit(
        mod["main"].body, lambda n: blocks.append(n.name_hint) if isinstance(n, tir.Block) and n.name_hint != "root" else None)
    anchor = tir.analysis.find_anchor_block(mod)
    if anchor is not None:
        return anchor.name_hint, [int(iv.dom.extent) for iv in anchor.iter_vars], blocks
    func = mod["main"]
    out = func.buffer_map[func.params[-1]]
    return "+".join(blocks), [int(d) for d in out.shape], blocks


def _mean_secs(record):
    secs = [float(s) for s in (record.run_secs or [])]
    return float(np.mean(secs)) if secs and all(np.isfinite(secs)) else float("inf")


def load_donor_kernels(job):
    """Every donor workload with its best records: dicts of donor, hash, mod, op class, extents, records."""
    from tvm import meta_schedule as ms
    kernels, donors = [], []
    for d in job["donors"]:
        path = job.path("donors", d["name"])
        db = ms.database.JSONDatabase(os.path.join(path, "database_workload.json"),
                                      os.path.join(path, "database_tuning_record.json"), allow_missing=False)
        by_workload = {}
        records = db.get_all_tuning_records()
        for r in records:
            by_workload.setdefault(int(tvm.ir.structural_hash(r.workload.mod)), []).append(r)
        for h, rs in by_workload.items():
            rs = sorted((r for r in rs if np.isfinite(_mean_secs(r))), key=_mean_secs)[:REUSE_RECORDS_PER_WORKLOAD]
            if not rs:
                continue
            mod = rs[0].workload.mod
            op_class, extents, blocks = _kernel_shape(mod)
            kernels.append({"donor": d["name"], "hash": h, "mod": mod, "op_class": op_class, "extents": extents,
                            "blocks": blocks, "records": rs, "name": "%s %s" % (op_class, "x".join(map(str, extents)))})
        donors.append({"name": d["name"], "records": len(records), "workloads_with_records": len(by_workload),
                       "workloads_with_valid_records": sum(1 for k in kernels if k["donor"] == d["name"])})
    return kernels, donors


def _distance(a, b):
    return float(sum(abs(np.log(x / y)) for x, y in zip(a, b)))


def _candidates(mod, kernels):
    """(rule, distance, donor kernel, record) in the order they are tried."""
    h = int(tvm.ir.structural_hash(mod))
    op_class, extents, blocks = _kernel_shape(mod)
    ranked = []
    for k in kernels:
        if k["hash"] == h and tvm.ir.structural_equal(k["mod"], mod):
            ranked.extend((0, 0.0, False, _mean_secs(r), "exact", k, r) for r in k["records"])
        elif k["op_class"] == op_class and len(k["extents"]) == len(extents):
            ranked.extend((1, _distance(extents, k["extents"]), k["blocks"] != blocks, _mean_secs(r), "closest", k, r)
                          for r in k["records"])
    ranked.sort(key=lambda c: c[:4])
    return [(c[4], c[1], c[5], c[6]) for c in ranked]


def _tile_sizes(trace):
    """The split factors a trace sampled (SamplePerfectTile decisions), in order."""
    return [[int(v) for v in trace.decisions[inst]] for inst in trace.insts
            if inst.kind.name == "SamplePerfectTile" and inst in trace.decisions]


def replay(trace, mod, same_blocks, target):
    """The donor's trace applied to a new workload, and how ("trace" or "anchor trace"), or raises
    ReplayFailed saying why. Where the fused blocks around the anchor differ (e.g. conv + bias + relu
    vs conv + batch-norm), the whole trace cannot apply; TVM's schedule_using_anchor_trace replays
    its anchor-block part and inlines or parallelises the other blocks."""
    from tvm import tir
    from tvm.meta_schedule.trace_apply import schedule_using_anchor_trace
    sch = tir.Schedule(mod)
    how = "trace"
    try:
        trace.apply_to_schedule(sch, remove_postproc=False)
    except Exception as e:  # TVM raises TVMError subclasses for instructions that do not apply
        if same_blocks:
            raise ReplayFailed("TVM: " + str(e).strip().splitlines()[-1][:200])
        sch, how = tir.Schedule(mod), "anchor trace"
        try:
            schedule_using_anchor_trace(sch, trace, target)
        except Exception as e2:
            raise ReplayFailed("TVM (anchor trace): " + str(e2).strip().splitlines()[-1][:200])
    if _tile_sizes(sch.trace) != _tile_sizes(trace):
        raise ReplayFailed("sampled decisions changed (split factors do not divide the new loop extents)")
    try:
        tvm.build(sch.mod, target=target)
    except Exception as e:
        raise ReplayFailed("does not build: " + str(e).strip().splitlines()[-1][:200])
    return sch, how


class ReplayFailed(Exception):
    pass


def build_reused(job, mod):
    from tvm import meta_schedule as ms
    t0 = time.time()
    kernels, donors = load_donor_kernels(job)
    target = job.target()
    tasks = ms.relay_integration.extract_tasks(mod, target, params={}, opt_level=job["opt_level"])
    database = ms.database.MemoryDatabase()
    report = []
    for task in tasks:
        m = task.dispatched[0]
        op_class, extents, blocks = _kernel_shape(m)
        row = {"task": task.task_name, "op_class": op_class, "extents": extents,
               "rule": "none", "donor": None, "donor_kernel": None, "distance": None, "replay_failures": 0, "failures": []}
        for rule, distance, k, record in _candidates(m, kernels)[:REUSE_MAX_TRIES]:
            try:
                sch, how = replay(record.trace, m, k["blocks"] == blocks, target)
            except ReplayFailed as e:
                row["replay_failures"] += 1
                row["failures"].append("%s %s: %s" % (k["donor"], k["name"], e))
                continue
            workload = database.commit_workload(m)
            database.commit_tuning_record(ms.database.TuningRecord(
                sch.trace, workload, record.run_secs, target, ms.arg_info.ArgInfo.from_prim_func(m["main"])))
            row.update(rule=rule, donor=k["donor"], donor_kernel=k["name"], donor_extents=k["extents"], distance=distance,
                       donor_run_secs=_mean_secs(record), replayed_as=how)
            break
        report.append(row)
    counts = {rule: sum(1 for r in report if r["rule"] == rule) for rule in ("exact", "closest", "none")}
    counts["replay_failures"] = sum(r["replay_failures"] for r in report)
    job.result["reuse"] = {"donors": donors, "kernels": report, "counts": counts, "matching_seconds": time.time() - t0}
    return ms.relay_integration.compile_relay(database, mod, target, params=None, opt_level=job["opt_level"])
