#!/usr/bin/env python3
"""Regenerates scalesim-reference.csv: runs SCALE-Sim v2 on a fixed grid of layers and configs.

Usage: run_grid.py SCALESIM_SRC WORKDIR [OUT_CSV] [JOBS] [TIME_LIMIT_S]
SCALESIM_SRC is a checkout of github.com/scalesim-project/scale-sim-v2 (the commit is recorded in
the CSV header); each case's cfg and topology are written under WORKDIR/cases/ and the reports under
WORKDIR/runs/. The exact command of every case is the CSV's `command` column (run in SCALESIM_SRC).
Cases whose reports are already in WORKDIR/runs are not run again; cases run smallest first; a case
SCALE-Sim does not finish within TIME_LIMIT_S seconds (default 120; SCALE-Sim runs at about 10k
cycles per second and much slower when small SRAMs refetch all the time) is left out of the CSV and
named in its header.
"""
import csv, itertools, math, os, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

GEMMS = [(16, 16, 16), (37, 21, 13), (64, 32, 48), (100, 20, 30), (9, 70, 50), (128, 64, 16),
         (50, 50, 50), (24, 96, 40),
         (200, 64, 100), (256, 128, 64), (96, 300, 72)]
CONVS = [("c3x3", 10, 10, 3, 3, 4, 8, 1), ("c3x3s2", 13, 13, 3, 3, 6, 12, 2), ("c1x1", 8, 8, 1, 1, 16, 20, 1),
         ("c5x5", 12, 12, 5, 5, 3, 10, 1), ("c2x2s2", 9, 9, 2, 2, 8, 16, 2),
         ("c3x3big", 16, 16, 3, 3, 16, 32, 1), ("c7x7s2", 23, 23, 7, 7, 3, 24, 2)]
ARRAYS = [(4, 4), (8, 8), (16, 16), (32, 32), (64, 64), (8, 16), (16, 8), (32, 8), (4, 16), (16, 64)]
# (mode, bandwidth, ifmap kB, filter kB, ofmap kB): CALC never stalls reads; small SRAMs or
# low USER bandwidths make SCALE-Sim stall.
MEMS = [("CALC", 10, 64, 64, 64), ("CALC", 10, 1, 1, 1), ("USER", 10, 64, 64, 64), ("USER", 1, 64, 64, 64),
        ("USER", 2, 1, 1, 1), ("USER", 4, 2, 2, 1), ("USER", 50, 1, 1, 1), ("USER", 1, 1, 1, 1)]


def compute_cycles(df, rows, cols, sr, sc, t):
    folds = math.ceil(sr / rows) * math.ceil(sc / cols)
    per_fold = {"os": t + rows + cols - 2, "ws": 2 * rows + cols + t - 2, "is": 2 * rows + cols + t - 2}[df]
    return folds * per_fold


def spatial(df, ofmap_px, filters, window):
    return {"os": (ofmap_px, filters, window), "ws": (window, filters, ofmap_px), "is": (window, ofmap_px, filters)}[df]


def cases():
    layers = [("gemm", "g%dx%dx%d" % g, g) for g in GEMMS] + [("conv", c[0], c[1:]) for c in CONVS]
    out = []
    i = 0
    for (kind, name, shape), df, (rows, cols), mem in itertools.product(layers, ["os", "ws", "is"], ARRAYS, MEMS):
        # A deterministic thinning keeps the grid near 200 cases that still span every axis.
        i += 1
        if (i * 7919) % 13 != 0:
            continue
        if kind == "gemm":
            m, n, k = shape
            ofmap_px, filters, window = m, n, k
        else:
            h, w, fh, fw, ch, nf, s = shape
            ofmap_px = math.ceil((h - fh + s) / s) * math.ceil((w - fw + s) / s)
            filters, window = nf, fh * fw * ch
        cyc = compute_cycles(df, rows, cols, *spatial(df, ofmap_px, filters, window))
        if cyc > 60000:
            continue
        out.append(dict(case="s%03d" % len(out), input=kind, layer=name, shape=" ".join(map(str, shape)),
                        dataflow=df, rows=rows, cols=cols, mode=mem[0], bandwidth=mem[1],
                        ifmap_kb=mem[2], filter_kb=mem[3], ofmap_kb=mem[4]))
    return out


def write_inputs(c, case_dir):
    cfg = os.path.join(case_dir, c["case"] + ".cfg")
    topo = os.path.join(case_dir, c["case"] + ".csv")
    with open(cfg, "w") as f:
        f.write("[general]\nrun_name = %s\n\n[architecture_presets]\nArrayHeight: %d\nArrayWidth: %d\n"
                "IfmapSramSzkB: %d\nFilterSramSzkB: %d\nOfmapSramSzkB: %d\nIfmapOffset: 0\n"
                "FilterOffset: 10000000\nOfmapOffset: 20000000\nBandwidth : %d\nDataflow : %s\n"
                "MemoryBanks: 1\n\n[run_presets]\nInterfaceBandwidth: %s\n"
                % (c["case"], c["rows"], c["cols"], c["ifmap_kb"], c["filter_kb"], c["ofmap_kb"],
                   c["bandwidth"], c["dataflow"], c["mode"]))
    shape = c["shape"].split()
    with open(topo, "w") as f:
        if c["input"] == "gemm":
            f.write("Layer, M, N, K,\n%s, %s, %s, %s,\n" % (c["layer"], *shape))
        else:
            f.write("Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                    "%s, %s,\n" % (c["layer"], ", ".join(shape)))
    return cfg, topo


def read_row(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    return [x.strip() for x in rows[1] if x.strip() != ""][1:]


def run(c, src, work, limit):
    cfg, topo = write_inputs(c, os.path.join(work, "cases"))
    outdir = os.path.join(work, "runs")
    cmd = "PYTHONPATH=. /usr/bin/python3 scalesim/scale.py -c %s -t %s -p %s -i %s" % (cfg, topo, outdir, c["input"])
    rep = os.path.join(outdir, c["case"])
    if not os.path.exists(os.path.join(rep, "DETAILED_ACCESS_REPORT.csv")):
        try:
            done = subprocess.run(["timeout", str(limit), "sh", "-c", cmd], cwd=src, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True)
        except OSError as e:
            done = None
            print(c["case"], "FAILED:", e, flush=True)
        if done is None or done.returncode != 0:  # over the time limit, or SCALE-Sim failed: left out
            reason = "over %d s" % limit if done is not None and done.returncode == 124 else "failed"
            print(c["case"], reason, flush=True)
            return (c["case"], reason)
    comp = read_row(os.path.join(rep, "COMPUTE_REPORT.csv"))
    det = read_row(os.path.join(rep, "DETAILED_ACCESS_REPORT.csv"))
    c = dict(c)
    c["command"] = cmd.replace(work + "/", "").replace("/usr/bin/python3", "python3")
    c["total_cycles"], c["stall_cycles"] = comp[0], comp[1]
    c["detailed_access"] = " ".join(det)
    print(c["case"], c["total_cycles"], c["stall_cycles"], flush=True)
    return c


def size(c):
    sh = list(map(int, c["shape"].split()))
    if c["input"] == "gemm":
        px, f, w = sh
    else:
        h, ww, fh, fw, ch, nf, s = sh
        px, f, w = math.ceil((h - fh + s) / s) * math.ceil((ww - fw + s) / s), nf, fh * fw * ch
    return compute_cycles(c["dataflow"], c["rows"], c["cols"], *spatial(c["dataflow"], px, f, w))


def main():
    src, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    out_csv = sys.argv[3] if len(sys.argv) > 3 else "scalesim-reference.csv"
    jobs = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    limit = int(sys.argv[5]) if len(sys.argv) > 5 else 120
    for d in ("cases", "runs"):
        os.makedirs(os.path.join(work, d), exist_ok=True)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=src, capture_output=True, text=True).stdout.strip() \
        or os.environ.get("SCALESIM_COMMIT", "unknown")
    all_cases = cases()
    with ThreadPoolExecutor(jobs) as pool:
        done = dict(zip([c["case"] for c in sorted(all_cases, key=size)],
                        pool.map(lambda c: run(c, src, work, limit), sorted(all_cases, key=size))))
    results = [done[c["case"]] for c in all_cases if isinstance(done[c["case"]], dict)]
    left_out = ["%s (%s)" % done[c["case"]] for c in all_cases if not isinstance(done[c["case"]], dict)]
    with open(out_csv, "w", newline="") as f:
        f.write("# SCALE-Sim v2 commit %s, %d cases; command run in the SCALE-Sim checkout\n" % (commit, len(results)))
        if left_out:
            f.write("# left out: %s\n" % ", ".join(left_out))
        w = csv.DictWriter(f, fieldnames=list(results[0].keys()))
        w.writeheader()
        w.writerows(results)


if __name__ == "__main__":
    main()
