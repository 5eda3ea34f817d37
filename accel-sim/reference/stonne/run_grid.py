#!/usr/bin/env python3
"""Regenerates stonne-reference.csv: runs STONNE's standalone simulator on a fixed grid.

Usage: run_grid.py STONNE_BINARY WORKDIR [OUT_CSV]
STONNE_BINARY is `stonne/stonne` built from github.com/stonne-simulator/stonne with its own Makefile
(`make -j2 all`); set STONNE_COMMIT to record the commit. Each case runs as
`OUTPUT_DIR=WORKDIR/<case> stonne <options>` (the CSV's `options` column holds the options exactly);
the cycles are the `Number of cycles running:` line. A case STONNE rejects (its own checks or a
failed functional test) is left out and named in the CSV header.
"""
import csv, itertools, os, re, subprocess, sys

CONVS = [  # R, S, C, K, X, Y, strides
    (3, 3, 4, 8, 8, 8, 1), (3, 3, 8, 4, 10, 10, 1), (1, 1, 16, 8, 6, 6, 1), (3, 3, 6, 6, 12, 12, 2), (5, 5, 2, 4, 9, 9, 1)]
FCS = [(16, 64, 1), (32, 128, 1), (10, 256, 1), (64, 48, 2)]  # M (outputs), K (inputs), N (batch)
SPARSE = [(32, 32, 64), (16, 48, 96), (64, 16, 32)]  # M, N, K
MESH = [(16, 16, 32), (20, 12, 40), (8, 32, 16)]  # M, N, K
MESH_PORTS = [(16, 16, 32), (20, 12, 40), (33, 17, 24), (8, 40, 9)]  # M, N, K for the port/bus/tile variations
# mesh side, dn_bw, rn_bw, T_M, T_N, num_ms (num_ms only sizes STONNE's collection bus for OS_MESH)
MESH_CONFIGS = [(4, 2, 16, 4, 4, 64), (4, 4, 4, 4, 4, 64), (4, 8, 2, 2, 4, 64), (8, 4, 8, 8, 8, 64), (8, 8, 16, 8, 4, 64),
                (8, 16, 4, 6, 8, 64), (16, 32, 64, 16, 16, 256), (16, 8, 16, 16, 12, 256), (2, 4, 4, 2, 2, 64)]


def next_pow2(v):
    p = 1
    while p < v:
        p *= 2
    return p


def pow2_upto(lo, hi):
    v, out = lo, []
    while v <= hi:
        out.append(v)
        v *= 2
    return out


def conv_cases():
    out = []
    i = 0
    for (r, s, c, k, x, y, st), ms, acc in itertools.product(CONVS, [32, 64, 128], [0, 1]):
        i += 1
        # tiles: full kernel window per VN when it fits, a few channels, several output columns
        t_r, t_s = r, s
        t_c = max(1, min(c, ms // (r * s * 2)))
        folds = (r // t_r) * (s // t_s) * (c // t_c) if c % t_c == 0 else 0
        if folds == 0:
            t_c = 1
            folds = c
        vn = t_r * t_s * t_c + (1 if (folds > 1 and acc == 0) else 0)
        t_k = max(1, min(k, ms // vn // 2))
        while k % t_k:
            t_k -= 1
        t_y = max(1, min((y - s) // st + 1, ms // (vn * t_k)))
        while ((y - s) // st + 1) % t_y:
            t_y -= 1
        bws = pow2_upto(4, ms)
        dn = bws[i % len(bws)]
        rn = bws[(i * 3) % len(bws)]
        out.append(["-CONV", "-R=%d" % r, "-S=%d" % s, "-C=%d" % c, "-G=1", "-K=%d" % k, "-N=1", "-X=%d" % x, "-Y=%d" % y,
                    "-strides=%d" % st, "-T_R=%d" % t_r, "-T_S=%d" % t_s, "-T_C=%d" % t_c, "-T_G=1", "-T_K=%d" % t_k, "-T_N=1",
                    "-T_X_=1", "-T_Y_=%d" % t_y, "-num_ms=%d" % ms, "-dn_bw=%d" % dn, "-rn_bw=%d" % rn,
                    "-accumulation_buffer=%d" % acc])
    return out


def fc_cases():
    out = []
    i = 0
    for (m, kk, n), ms, acc in itertools.product(FCS, [32, 64, 128], [0, 1]):
        i += 1
        t_k = [8, 16, 4][i % 3]
        vn = t_k + (1 if (kk // t_k > 1 and acc == 0) else 0)
        t_m = max(1, min(m, ms // vn))
        while m % t_m:
            t_m -= 1
        bws = pow2_upto(4, ms)
        out.append(["-FC", "-M=%d" % m, "-N=%d" % n, "-K=%d" % kk, "-T_M=%d" % t_m, "-T_N=1", "-T_K=%d" % t_k, "-num_ms=%d" % ms,
                    "-dn_bw=%d" % bws[i % len(bws)], "-rn_bw=%d" % bws[(i * 5) % len(bws)], "-accumulation_buffer=%d" % acc])
    return out


def sparse_cases():
    out = []
    i = 0
    for (m, n, k), sp, df in itertools.product(SPARSE, [0, 30, 50, 70, 90], ["MK_STA_KN_STR", "MK_STR_KN_STA"]):
        i += 1
        ms = [64, 128][i % 2]
        out.append(["-SparseGEMM", "-M=%d" % m, "-N=%d" % n, "-K=%d" % k, "-MK_sparsity=%d" % sp, "-KN_sparsity=%d" % [0, 20, 50][i % 3],
                    "-dataflow=%s" % df, "-num_ms=%d" % ms, "-dn_bw=%d" % [ms, ms // 2, 16][i % 3], "-rn_bw=%d" % [ms, 16, ms // 4][i % 3]])
    return out


def mesh_cases():
    out = []
    for (m, n, k), (rows, cols) in itertools.product(MESH, [(4, 4), (8, 8), (4, 8)]):
        out.append(["-DenseGEMM", "-M=%d" % m, "-N=%d" % n, "-K=%d" % k, "-ms_rows=%d" % rows, "-ms_cols=%d" % cols,
                    "-dn_bw=%d" % next_pow2(rows + cols), "-rn_bw=%d" % (rows * cols), "-T_M=%d" % rows, "-T_N=%d" % cols, "-T_K=1",
                    "-accumulation_buffer=1", "-rn_type=TEMPORALRN", "-mn_type=OS_MESH", "-mem_ctrl=TPU_OS_DENSE"])
    return out


def mesh_port_cases():
    """Square meshes only: STONNE needs (ms_rows+ms_cols)/dn_bw to be a power of 2."""
    out = []
    for (m, n, k), (side, dn, rn, t_m, t_n, ms) in itertools.product(MESH_PORTS, MESH_CONFIGS):
        out.append(["-DenseGEMM", "-M=%d" % m, "-N=%d" % n, "-K=%d" % k, "-ms_rows=%d" % side, "-ms_cols=%d" % side, "-num_ms=%d" % ms,
                    "-dn_bw=%d" % dn, "-rn_bw=%d" % rn, "-T_M=%d" % t_m, "-T_N=%d" % t_n, "-T_K=1",
                    "-accumulation_buffer=1", "-rn_type=TEMPORALRN", "-mn_type=OS_MESH", "-mem_ctrl=TPU_OS_DENSE"])
    return out


def main():
    binary, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    out_csv = sys.argv[3] if len(sys.argv) > 3 else "stonne-reference.csv"
    cases = [("maeri_conv", o) for o in conv_cases()] + [("maeri_fc", o) for o in fc_cases()] + \
            [("sigma", o) for o in sparse_cases()] + [("tpu_mesh", o) for o in mesh_cases()] + \
            [("tpu_mesh", o) for o in mesh_port_cases()]  # appended: earlier case ids unchanged
    rows, left_out = [], []
    for idx, (kind, opts) in enumerate(cases):
        case = "t%03d" % idx
        d = os.path.join(work, case)
        os.makedirs(d, exist_ok=True)
        p = subprocess.run([binary] + opts, cwd=d, env=dict(os.environ, OUTPUT_DIR=d), capture_output=True, text=True, timeout=600)
        m = re.search(r"Number of cycles running: (\d+)", p.stdout)
        if p.returncode != 0 or not m or "Test passed correctly" not in p.stdout:
            tail = (p.stdout + p.stderr).strip().splitlines()[-1:] or ["rc %d" % p.returncode]
            left_out.append("%s (%s)" % (case, tail[0][:80].replace(",", ";")))
            print(case, "left out", tail, flush=True)
            continue
        rows.append({"case": case, "kind": kind, "options": " ".join(opts), "cycles": m.group(1)})
        print(case, kind, m.group(1), flush=True)
    with open(out_csv, "w", newline="") as f:
        f.write("# STONNE commit %s, %d cases; each run as OUTPUT_DIR=<dir> ./stonne <options>\n"
                % (os.environ.get("STONNE_COMMIT", "unknown"), len(rows)))
        if left_out:
            f.write("# left out: %s\n" % ", ".join(left_out))
        w = csv.DictWriter(f, fieldnames=["case", "kind", "options", "cycles"])
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()
