"""Builds one dlas model with real TVM (Relay): the chosen conv primitive, untuned, auto-scheduled
(MetaSchedule) or with tuned schedules reused from donor databases.

Run as  python -m dlas_tvm JOB_DIR  (the compile worker does the same in its embedded CPython).
JOB_DIR/job.json describes the graph (nodes in topological order, weights as offsets into
JOB_DIR/weights.bin, little-endian) and the options; on success JOB_DIR holds lib.so, graph.json,
params.bin and result.json (which implementation each conv used, tuning figures).

Modules, one job each: job (the job directory), strategy (conv primitives as a Relay strategy),
relay_graph (graph -> Relay), cost_model (the learned MetaSchedule cost model), tuning (untuned and
auto-scheduled builds), reuse (tuned schedules from donors), build (one job end to end).
"""
