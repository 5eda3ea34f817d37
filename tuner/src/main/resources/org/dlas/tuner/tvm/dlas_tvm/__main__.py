"""Command line:  python -m dlas_tvm JOB_DIR  -> exit 0 when JOB_DIR holds the built library."""
import argparse
import os
import sys


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m dlas_tvm",
                                     description="Build the dlas model described by JOB_DIR/job.json with TVM.")
    parser.add_argument("job_dir", metavar="JOB_DIR", help="directory holding job.json and weights.bin")
    args = parser.parse_args(argv)
    for name in ("job.json", "weights.bin"):
        if not os.path.isfile(os.path.join(args.job_dir, name)):
            parser.error("JOB_DIR %s has no %s" % (args.job_dir, name))
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from .build import build  # imports TVM: after the arguments are checked
    build(args.job_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
