"""The board end of dlas's fpga `mode: board`: a TVM RPC server that runs accelerator jobs.

    python3 dlas_board_server.py --port 9091 --worker PATH/dlas-fpga-worker [--host 0.0.0.0]

It serves TVM's RPC protocol (the one PYNQ and VTA boards run) in this process and registers
one global function, `dlas.fpga.run(request: bytes) -> bytes`, whose request and response are the
simulator job protocol of native/src/worker.cpp: the design configuration and the program (the
bytes the host driver streams into the accelerator's DMA buffer), then statistics and int32
results. Here the compute behind it is the SystemC design (the dlas-fpga-worker executable); on
a PYNQ board the same function would hand the program to the bitstream's DMA engine.
"""
import argparse
import socket
import struct
import subprocess
import sys

import tvm
from tvm.rpc import base, server

RESPONSE_MAGIC = 0x31524C44
STATS_FIELDS = 11


class SystemCDesign:
    """One dlas-fpga-worker process, restarted after a job that ended it (SystemC cannot re-elaborate)."""

    def __init__(self, executable):
        self.executable = executable
        self.process = None
        self.jobs = 0

    def _start(self):
        self.process = subprocess.Popen([self.executable], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        env={"SYSTEMC_DISABLE_COPYRIGHT_MESSAGE": "1"})

    def _read(self, n):
        data = self.process.stdout.read(n)
        if len(data) != n:
            raise RuntimeError("the SystemC worker ended during the job (exit %s)" % self.process.poll())
        return data

    def run(self, request):
        if self.process is None or self.process.poll() is not None:
            self._start()
        self.process.stdin.write(bytes(request))
        self.process.stdin.flush()
        head = self._read(8)
        magic, status = struct.unpack("<Ii", head)
        if magic != RESPONSE_MAGIC:
            raise RuntimeError("bad response magic 0x%08x" % magic)
        if status != 0:
            (length,) = struct.unpack("<i", self._read(4))
            body = struct.pack("<i", length) + self._read(length)
        else:
            stats = self._read(STATS_FIELDS * 8 + 8)
            (count,) = struct.unpack("<q", stats[-8:])
            body = stats + self._read(count * 4)
        self.jobs += 1
        return bytearray(head + body)


def handshake(conn, key):
    """TVM RPC's connection handshake (as tvm.rpc.server does it), without a tracker."""
    magic = struct.unpack("<i", base.recvall(conn, 4))[0]
    if magic != base.RPC_MAGIC:
        return False
    keylen = struct.unpack("<i", base.recvall(conn, 4))[0]
    client_key = base.recvall(conn, keylen).decode("utf-8").split()
    if not client_key or client_key[0] != "client:" + key:
        conn.sendall(struct.pack("<i", base.RPC_CODE_MISMATCH))
        return False
    server_key = "server:" + key
    conn.sendall(struct.pack("<i", base.RPC_CODE_SUCCESS))
    conn.sendall(struct.pack("<i", len(server_key)))
    conn.sendall(server_key.encode("utf-8"))
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=9091)
    ap.add_argument("--key", default="")
    ap.add_argument("--worker", required=True, help="path of the dlas-fpga-worker executable")
    args = ap.parse_args()
    design = SystemCDesign(args.worker)
    tvm.register_func("dlas.fpga.run", design.run)
    tvm.register_func("dlas.fpga.describe", lambda: "dlas board server (TVM %s RPC) running %s" % (tvm.__version__, args.worker))

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((args.host, args.port))
    listener.listen(4)
    print("dlas board server listening on %s:%d" % listener.getsockname()[:2], flush=True)
    while True:
        conn, _ = listener.accept()
        try:
            if handshake(conn, args.key):
                # serves this session in this process, so dlas.fpga.run is visible to it; TVM's
                # server loop closes the socket itself when the session ends
                server._serve_loop(conn, None, None)
                conn.detach()
            else:
                conn.close()
        except Exception as e:  # a broken session must not end the server
            print("session ended with an error: %s" % e, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
