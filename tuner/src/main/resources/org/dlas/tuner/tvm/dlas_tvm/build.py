"""One job end to end: translate, build (untuned, auto-scheduled or reused), write the outputs."""
import json
import time

import tvm
from tvm import relay

from . import strategy
from .job import Job
from .relay_graph import translate
from .reuse import build_reused
from .tuning import build_tuned, build_untuned, check_mcpu

BUILDERS = {"autoscheduled": build_tuned, "reuse": build_reused}  # any other codegen: untuned


def build(job_dir):
    """Builds the job in {job_dir}: lib.so, graph.json, params.bin and result.json appear there."""
    job = Job(job_dir)
    strategy.install(job)
    check_mcpu(job.target())
    job.result.update(tvm_version=tvm.__version__, target=str(job.target()))
    t_start = time.time()
    module = translate(job)
    lib = BUILDERS.get(job["codegen"], build_untuned)(job, module)
    lib.get_lib().export_library(job.path("lib.so"))
    with open(job.path("graph.json"), "w") as f:
        f.write(lib.get_graph_json())
    with open(job.path("params.bin"), "wb") as f:
        f.write(relay.save_param_dict(lib.get_params()))
    job.result["compile_seconds"] = time.time() - t_start
    job.result["layers"] = job.used
    with open(job.path("result.json"), "w") as f:
        json.dump(job.result, f, indent=1, sort_keys=True)
    return job
