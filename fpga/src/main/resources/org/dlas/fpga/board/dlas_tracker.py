"""TVM's own RPC tracker (tvm.rpc.tracker), run in this process for `dlas tracker`.

    python3 dlas_tracker.py [--host 127.0.0.1] [--port 9190] [--exit-with-stdin]

Board servers register with it (`dlas board-server --tracker HOST:PORT --key pynq-z1`) and sweeps
take a free board from it by key; requests queue when every board is busy.
"""
import argparse
import os
import socket
import sys
import threading

from tvm.rpc import base
from tvm.rpc.tracker import TrackerServerHandler


def exit_with_parent():
    """The launcher holds our stdin open; its end (even by SIGKILL) closes the pipe: we follow it."""
    while sys.stdin.buffer.read(4096):
        pass
    os._exit(0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=9190)
    ap.add_argument("--exit-with-stdin", action="store_true", help="exit when stdin closes (the launcher died)")
    args = ap.parse_args()
    if args.exit_with_stdin:
        threading.Thread(target=exit_with_parent, daemon=True).start()
    sock = socket.socket(base.get_addr_family((args.host, args.port)), socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(16)
    print("dlas tracker listening on %s:%d" % (args.host, sock.getsockname()[1]), flush=True)
    TrackerServerHandler(sock, base.random_key("tracker")).run()


if __name__ == "__main__":
    main()
