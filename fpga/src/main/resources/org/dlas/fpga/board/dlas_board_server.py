"""The board end of dlas's fpga `mode: board`: a TVM RPC server that runs accelerator jobs, and nothing else.

    python3 dlas_board_server.py --worker PATH/dlas-fpga-worker --secret-file FILE [--port 9091]
        [--host 127.0.0.1] [--key KEY] [--tracker HOST:PORT] [--timeout SECONDS]
    python3 dlas_board_server.py --role cpu --secret-file FILE [...]

With `--role cpu` it is the remote CPU host of `hardware: {name: cpu, rpc: {...}}` instead: after
login it serves `dlas.cpu.describe`, `dlas.cpu.load(request: bytes)` (a TVM-built library, its
graph and parameters; the library is loaded into this process, so only clients holding the secret
can run code here, as the server's user), `dlas.cpu.run(input: bytes) -> bytes` (one batch through
TVM's graph executor) and `dlas.cpu.time(number, repeat)` (TVM's time_evaluator over the last
input). Everything else is refused exactly as on a board.

It speaks TVM's RPC wire protocol (handshake, packets of TVM 0.18's RPC endpoint), so the host
side is TVM's own RPC client (`rpc.Connect`), and it registers with TVM's RPC tracker the way
TVM's server does. Unlike TVM's server it serves only four functions: `dlas.auth.challenge` and
`dlas.auth.login` (a client proves it holds the shared secret: HMAC-SHA256 of a per-connection
nonce), then `dlas.fpga.describe` and `dlas.fpga.run(request: bytes) -> bytes`, whose request and
response are the simulator job protocol of native/src/worker.cpp. There is no file upload or
download, no module loading, no device memory access: every other function name and RPC code is
refused with an error, and a packet that breaks the framing ends its connection only.

Each connection is served on its own thread with its own SystemC worker process (on a PYNQ board
the same function would hand the program to the bitstream's DMA engine); a connection that does
not authenticate within --auth-timeout seconds, or stays idle for --timeout seconds, is closed.
One log line per connection goes to stderr.
"""
import argparse
import hashlib
import hmac
import json
import os
import platform
import shutil
import secrets
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

from tvm.rpc import base  # TVM's own handshake constants and tracker messages

PROTOCOL_VERSION = "0.8.0"  # kRPCProtocolVer of TVM 0.18's RPC endpoint
# RPCCode (src/runtime/rpc/rpc_protocol.h)
SHUTDOWN, INIT_SERVER, CALL_FUNC, RETURN, EXCEPTION = 1, 2, 3, 4, 5
COPY_FROM_REMOTE, COPY_TO_REMOTE, COPY_ACK = 6, 7, 8
GET_GLOBAL_FUNC, FREE_HANDLE, LAST_SYSCALL = 9, 10, 20
# TVM type codes (include/tvm/runtime/c_runtime_api.h)
T_INT, T_UINT, T_FLOAT, T_HANDLE, T_NULL, T_FUNC, T_STR, T_BYTES = 0, 1, 2, 3, 4, 10, 11, 12

MAX_PACKET = 256 << 20  # the largest job program is a few MB
MAX_KEY = 4096
MAX_ARGS = 16
RESPONSE_MAGIC = 0x31524C44
STATS_FIELDS = 11
AUTH_FUNCTIONS = ("dlas.auth.challenge", "dlas.auth.login")
BOARD_FUNCTIONS = ("dlas.fpga.describe", "dlas.fpga.run")
CPU_FUNCTIONS = ("dlas.cpu.describe", "dlas.cpu.load", "dlas.cpu.run", "dlas.cpu.time")


_LOG_LOCK = threading.Lock()


def log(message):
    # one write per line under a lock: print() writes the text and the newline separately, so lines
    # from two connection threads could run together
    line = time.strftime("%Y-%m-%dT%H:%M:%S ") + message + "\n"
    with _LOG_LOCK:
        sys.stderr.write(line)
        sys.stderr.flush()


class ProtocolError(Exception):
    """The peer broke TVM's RPC framing: its connection is dropped."""


class Refused(Exception):
    """A well-formed request this server does not serve: answered with an RPC error, the session goes on."""


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
        return head + body

    def close(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait()


class CpuModel:
    """A TVM-built model a client sent (library, graph, parameters), run with TVM's graph executor on this host's CPU."""

    def __init__(self, request):
        import numpy
        import tvm
        from tvm.contrib import graph_executor
        if len(request) < 4:
            raise Refused("dlas.cpu.load: the request is shorter than its header")
        (size,) = struct.unpack("<I", request[:4])
        try:
            header = json.loads(request[4:4 + size].decode("utf-8"))
            lib_end = 4 + size + int(header["lib_bytes"])
            params_end = lib_end + int(header["params_bytes"])
            self.input_shape = [int(d) for d in header["input_shape"]]
            graph = str(header["graph"])
        except (ValueError, KeyError, TypeError) as e:
            raise Refused("dlas.cpu.load: malformed request header (%s)" % e)
        if params_end != len(request):
            raise Refused("dlas.cpu.load: the request holds %d bytes, its header announces %d" % (len(request), params_end))
        self.numpy = numpy
        self.input_bytes = 4 * int(numpy.prod(self.input_shape))
        self.runs = 0
        self.dir = tempfile.mkdtemp(prefix="dlas-rpc-cpu-")  # owner-only, removed with the session
        try:
            path = os.path.join(self.dir, "lib.so")
            with open(path, "wb") as f:
                f.write(request[4 + size:lib_end])
            self.device = tvm.cpu()
            self.library = tvm.runtime.load_module(path)
            self.executor = graph_executor.create(graph, self.library, self.device)
            self.executor.load_params(bytearray(request[lib_end:params_end]))
        except Exception as e:
            self.close()
            raise Refused("dlas.cpu.load: TVM could not load the model: %s" % str(e).strip().splitlines()[-1:])

    def run(self, data):
        if len(data) != self.input_bytes:
            raise Refused("dlas.cpu.run takes %d bytes (float32 %s), got %d" % (self.input_bytes, self.input_shape, len(data)))
        self.executor.set_input("input", self.numpy.frombuffer(data, dtype="float32").reshape(self.input_shape))
        self.executor.run()
        self.runs += 1
        return self.executor.get_output(0).numpy().astype("float32").tobytes()

    def time(self, number, repeat):
        if not (isinstance(number, int) and isinstance(repeat, int) and 1 <= number <= 10000 and 1 <= repeat <= 1000):
            raise Refused("dlas.cpu.time takes number in [1, 10000] and repeat in [1, 1000]")
        result = self.executor.module.time_evaluator("run", self.device, number=number, repeat=repeat)()
        return json.dumps({"mean_ms": result.mean * 1e3, "results_ms": [r * 1e3 for r in result.results]})

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class Packet:
    """Bounds-checked reader of one received packet."""

    def __init__(self, data):
        self.data = data
        self.pos = 0

    def take(self, n):
        if n < 0 or self.pos + n > len(self.data):
            raise ProtocolError("a field runs past the end of its packet")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def i32(self):
        return struct.unpack("<i", self.take(4))[0]

    def u64(self):
        return struct.unpack("<Q", self.take(8))[0]

    def args(self):
        """A packed argument sequence; only plain values are accepted as arguments."""
        n = self.i32()
        if not 0 <= n <= MAX_ARGS:
            raise ProtocolError("%d arguments" % n)
        codes = [self.i32() for _ in range(n)]
        values = []
        for code in codes:
            if code in (T_INT, T_UINT):
                values.append(struct.unpack("<q", self.take(8))[0])
            elif code == T_FLOAT:
                values.append(struct.unpack("<d", self.take(8))[0])
            elif code in (T_HANDLE, T_FUNC):
                values.append(self.u64())
            elif code == T_NULL:
                values.append(None)
            elif code == T_STR:
                values.append(self.take(self.u64()).decode("utf-8", "replace"))
            elif code == T_BYTES:
                values.append(self.take(self.u64()))
            else:
                raise Refused("argument type code %d is not accepted by the dlas board server" % code)
        return values


def reply(code, body):
    return struct.pack("<Qi", 4 + len(body), code) + body


def returning(value):
    """The answer to a syscall (init, get function, free): one value."""
    if value is None:
        return reply(RETURN, struct.pack("<ii", 1, T_NULL))
    return reply(RETURN, struct.pack("<iiQ", 1, T_HANDLE, value))


def call_returning(value):
    """The answer to a function call: the value's type code, then the value (TVM's LocalSession encoding)."""
    if value is None:
        return reply(RETURN, struct.pack("<iiiq", 2, T_INT, T_NULL, T_NULL))
    if isinstance(value, str):
        value = value.encode("utf-8")
        code = T_STR
    else:
        value = bytes(value)
        code = T_BYTES
    return reply(RETURN, struct.pack("<iiiqQ", 2, T_INT, code, code, len(value)) + value)


def failing(message):
    message = message.encode("utf-8")
    return reply(EXCEPTION, struct.pack("<iiQ", 1, T_STR, len(message)) + message)


def recv_exact(conn, n, at_boundary=False):
    """n bytes; None on a clean close where a packet would start."""
    chunks = []
    got = 0
    while got < n:
        chunk = conn.recv(min(n - got, 1 << 20))
        if not chunk:
            if at_boundary and got == 0:
                return None
            raise ProtocolError("the connection closed inside a packet")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


class Session:
    """One client connection: handshake, authentication, then job calls."""

    def __init__(self, server, conn, peer):
        self.server = server
        self.conn = conn
        self.peer = "%s:%d" % peer[:2]
        self.nonce = secrets.token_hex(16)
        self.authenticated = False
        self.initialized = False
        self.handles = {}
        self.calls = 0
        self.refusals = []
        self.design = None
        self.model = None
        self.closing = False
        self.matched = False

    def handshake(self):
        """TVM RPC's handshake: magic, "client:KEY [options]", answered with "server:KEY"."""
        if struct.unpack("<i", recv_exact(self.conn, 4))[0] != base.RPC_MAGIC:
            raise ProtocolError("not a TVM RPC client (bad magic)")
        keylen = struct.unpack("<i", recv_exact(self.conn, 4))[0]
        if not 0 <= keylen <= MAX_KEY:
            raise ProtocolError("handshake key of %d bytes" % keylen)
        words = recv_exact(self.conn, keylen).decode("utf-8", "replace").split()
        if not words or not self.server.accepts(words[0]):
            self.conn.sendall(struct.pack("<i", base.RPC_CODE_MISMATCH))
            return False
        self.matched = True
        server_key = ("server:" + self.server.key).encode("utf-8")
        self.conn.sendall(struct.pack("<ii", base.RPC_CODE_SUCCESS, len(server_key)) + server_key)
        return True

    def serve(self):
        while not self.closing:
            head = recv_exact(self.conn, 8, at_boundary=True)
            if head is None:
                return "closed by the client"
            (size,) = struct.unpack("<Q", head)
            if size == 0:
                continue
            if size > MAX_PACKET:
                raise ProtocolError("packet of %d bytes (limit %d)" % (size, MAX_PACKET))
            packet = Packet(recv_exact(self.conn, size))
            code = packet.i32()
            if code == SHUTDOWN:
                return "shut down by the client"
            try:
                answer = self.handle(code, packet)
            except Refused as e:
                self.refusals.append(str(e))
                answer = failing(str(e))
            self.conn.sendall(answer)
        return "closed after a failed login"

    def handle(self, code, packet):
        if code == INIT_SERVER:
            version = packet.take(packet.u64()).decode("utf-8", "replace")
            if packet.args():
                raise Refused("custom session constructors are not served by the dlas board server")
            if version != PROTOCOL_VERSION:
                raise Refused("client RPC protocol %s, server %s" % (version, PROTOCOL_VERSION))
            self.initialized = True
            return returning(None)
        if code == GET_GLOBAL_FUNC:
            (name,) = self.expect(packet.args(), 1)
            if name not in AUTH_FUNCTIONS + self.server.functions:
                raise Refused("function '%s' is not served: the dlas %s server offers only %s "
                              "(no file upload or download, no module loading)" % (name, self.server.role, ", ".join(self.server.functions)))
            self.require_login(name)
            handle = len(self.handles) + 1
            self.handles[handle] = name
            return returning(handle)
        if code == CALL_FUNC:
            name = self.handles.get(packet.u64())
            args = packet.args()
            if name is None:
                raise Refused("unknown function handle")
            self.require_login(name)
            self.calls += 1
            return call_returning(self.call(name, args))
        if code == FREE_HANDLE:
            self.expect(packet.args(), 2)
            return returning(None)
        if code in (COPY_FROM_REMOTE, COPY_TO_REMOTE) or GET_GLOBAL_FUNC < code <= LAST_SYSCALL:
            raise Refused("RPC code %d (device memory and copies) is not served by the dlas board server" % code)
        raise ProtocolError("unexpected RPC code %d" % code)

    @staticmethod
    def expect(args, n):
        if len(args) != n:
            raise Refused("expected %d arguments, got %d" % (n, len(args)))
        return args

    def require_login(self, name):
        if not self.initialized:
            raise ProtocolError("a call before the session was initialised")
        if not self.authenticated and name not in AUTH_FUNCTIONS:
            raise Refused("not authenticated: log in with dlas.auth.login first (the board server's secret)")

    def call(self, name, args):
        if name == "dlas.auth.challenge":
            return self.nonce
        if name == "dlas.auth.login":
            (proof,) = self.expect(args, 1)
            expected = hmac.new(self.server.secret, self.nonce.encode("ascii"), hashlib.sha256).hexdigest()
            if not isinstance(proof, str) or not hmac.compare_digest(proof.encode("utf-8"), expected.encode("ascii")):
                self.closing = True
                raise Refused("wrong secret: the client's secret file differs from the board server's")
            self.authenticated = True
            self.conn.settimeout(self.server.timeout)
            return None
        if name == "dlas.fpga.describe":
            return "dlas board server (TVM %s RPC) running %s" % (self.server.tvm_version, self.server.worker)
        if name.startswith("dlas.cpu."):
            return self.call_cpu(name, args)
        (request,) = self.expect(args, 1)
        if not isinstance(request, bytes):
            raise Refused("dlas.fpga.run takes the job as bytes")
        if self.design is None:
            self.design = SystemCDesign(self.server.worker)
        try:
            return self.design.run(request)
        except (OSError, RuntimeError, struct.error) as e:
            raise Refused("the design failed the job: %s" % e)

    def call_cpu(self, name, args):
        if name == "dlas.cpu.describe":
            return "dlas rpc server (TVM %s RPC) on %s, %s, %d CPUs" % (
                self.server.tvm_version, socket.gethostname(), platform.processor() or platform.machine(), os.cpu_count())
        if name == "dlas.cpu.load":
            (request,) = self.expect(args, 1)
            if not isinstance(request, bytes):
                raise Refused("dlas.cpu.load takes the model as bytes")
            if self.model is not None:
                self.model.close()
                self.model = None
            self.model = CpuModel(request)
            return None
        if self.model is None:
            raise Refused("%s before dlas.cpu.load" % name)
        if name == "dlas.cpu.time":
            number, repeat = self.expect(args, 2)
            return self.model.time(number, repeat)
        (data,) = self.expect(args, 1)
        if not isinstance(data, bytes):
            raise Refused("dlas.cpu.run takes the input as bytes")
        return self.model.run(data)

    def run(self):
        started = time.time()
        outcome = "?"
        try:
            self.conn.settimeout(self.server.auth_timeout)
            if not self.handshake():
                outcome = "refused: key mismatch"
                return
            outcome = self.serve()
        except socket.timeout:
            outcome = "closed: no request for %gs" % (self.server.timeout if self.authenticated else self.server.auth_timeout)
        except ProtocolError as e:
            outcome = "dropped: malformed packet (%s)" % e
        except (OSError, struct.error) as e:
            outcome = "dropped: %s" % e
        finally:
            jobs = self.design.jobs if self.design else (self.model.runs if self.model else 0)
            if self.design:
                self.design.close()
            if self.model:
                self.model.close()
            self.conn.close()
            refused = "; refused: %s" % " | ".join(self.refusals[:3]) if self.refusals else ""
            log("connection %s: %s, %s, %d calls, %d jobs, %.1fs%s" % (
                self.peer, outcome, "authenticated" if self.authenticated else "not authenticated",
                self.calls, jobs, time.time() - started, refused))
            self.server.finished(self)


class TrackerLink:
    """Registers this server with TVM's RPC tracker as TVM's server does: one match key at a time,
    renewed after each session and when a client took the key but never came."""

    def __init__(self, address, key, port, custom_addr):
        self.address = address
        self.key = key
        self.port = port
        self.custom_addr = custom_addr
        self.lock = threading.Lock()
        self.matchkey = None
        self.busy = False
        self.released = threading.Event()

    def accepts(self, client_word):
        with self.lock:
            if self.busy or self.matchkey is None or client_word != "client:" + self.matchkey:
                return False
            self.busy = True
            return True

    def release(self):
        with self.lock:
            self.busy = False
        self.released.set()

    def _put(self, sock):
        with self.lock:
            self.matchkey = base.random_key(self.key)
            matchkey = self.matchkey
        base.sendjson(sock, [base.TrackerCode.PUT, self.key, (self.port, matchkey), self.custom_addr])
        if base.recvjson(sock) != base.TrackerCode.SUCCESS:
            raise OSError("the tracker refused the board")

    def run(self):
        while True:
            try:
                sock = base.connect_with_retry(self.address, timeout=3600)
                sock.sendall(struct.pack("<i", base.RPC_TRACKER_MAGIC))
                if struct.unpack("<i", base.recvall(sock, 4))[0] != base.RPC_TRACKER_MAGIC:
                    raise OSError("%s:%d is not a TVM RPC tracker" % self.address)
                base.sendjson(sock, [base.TrackerCode.UPDATE_INFO, {"key": "server:" + self.key,
                                                                    "addr": [self.custom_addr, self.port]}])
                base.recvjson(sock)
                self._put(sock)
                log("registered with the tracker %s:%d as key '%s'" % (self.address + (self.key,)))
                unused = 0
                while True:
                    if self.released.wait(2.0):
                        self.released.clear()
                        self._put(sock)
                        unused = 0
                        continue
                    base.sendjson(sock, [base.TrackerCode.GET_PENDING_MATCHKEYS])
                    pending = base.recvjson(sock)
                    with self.lock:
                        taken_unused = not self.busy and self.matchkey not in pending
                    unused = unused + 1 if taken_unused else 0
                    if unused >= 3:  # a client took the key and never connected
                        self._put(sock)
                        unused = 0
            except (OSError, RuntimeError, ValueError) as e:
                log("tracker link lost (%s); reconnecting" % e)
                time.sleep(1)


class BoardServer:
    def __init__(self, args, secret):
        self.key = args.key
        self.secret = secret
        self.role = args.role
        self.functions = CPU_FUNCTIONS if args.role == "cpu" else BOARD_FUNCTIONS
        self.worker = args.worker
        self.timeout = args.timeout
        self.auth_timeout = args.auth_timeout
        self.max_sessions = args.max_sessions
        self.tvm_version = getattr(sys.modules.get("tvm"), "__version__", "?")
        self.sessions = set()
        self.lock = threading.Lock()
        self.tracker = None

    def accepts(self, client_word):
        if self.tracker is not None:
            return self.tracker.accepts(client_word)
        return hmac.compare_digest(client_word.encode("utf-8"), ("client:" + self.key).encode("utf-8"))

    def finished(self, session):
        with self.lock:
            self.sessions.discard(session)
        if self.tracker is not None and session.matched:
            self.tracker.release()

    def serve(self, listener):
        while True:
            try:
                conn, peer = listener.accept()
            except OSError as e:  # e.g. out of file descriptors: wait for sessions to end
                log("accept failed: %s" % e)
                time.sleep(1)
                continue
            with self.lock:
                full = len(self.sessions) >= self.max_sessions
                session = None if full else Session(self, conn, peer)
                if session:
                    self.sessions.add(session)
            if full:
                log("connection %s:%d: refused: %d sessions already open" % (peer[:2] + (self.max_sessions,)))
                conn.close()
                continue
            threading.Thread(target=session.run, daemon=True).start()


def exit_with_parent():
    """The launcher holds our stdin open; its end (even by SIGKILL) closes the pipe: we follow it."""
    while sys.stdin.buffer.read(4096):
        pass
    os._exit(0)


def read_secret(path):
    with open(path, "rb") as f:
        secret = f.read().strip()
    if len(secret) < 16:
        raise SystemExit("board server: the secret in %s is shorter than 16 bytes" % path)
    return secret


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=9091)
    ap.add_argument("--key", default="", help="TVM RPC key (with --tracker: the device key clients ask for)")
    ap.add_argument("--secret-file", required=True, help="file holding the shared secret clients must prove")
    ap.add_argument("--role", choices=("board", "cpu"), default="board",
                    help="board: accelerator jobs on the SystemC worker; cpu: TVM-built models on this host's CPU")
    ap.add_argument("--worker", help="path of the dlas-fpga-worker executable (role board)")
    ap.add_argument("--tracker", help="HOST:PORT of a TVM RPC tracker to register with")
    ap.add_argument("--timeout", type=float, default=300, help="seconds a session may stay idle")
    ap.add_argument("--auth-timeout", type=float, default=10, help="seconds to complete handshake and login")
    ap.add_argument("--max-sessions", type=int, default=16)
    ap.add_argument("--exit-with-stdin", action="store_true", help="exit when stdin closes (the launcher died)")
    args = ap.parse_args()
    if args.role == "board" and not args.worker:
        ap.error("--worker is required with --role board")
    secret = read_secret(args.secret_file)
    if args.exit_with_stdin:
        threading.Thread(target=exit_with_parent, daemon=True).start()

    server = BoardServer(args, secret)
    listener = socket.socket(base.get_addr_family((args.host, args.port)), socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((args.host, args.port))
    listener.listen(16)
    port = listener.getsockname()[1]
    if args.tracker:
        host, _, tport = args.tracker.rpartition(":")
        custom = None if args.host in ("0.0.0.0", "::", "") else args.host
        server.tracker = TrackerLink((host, int(tport)), args.key, port, custom)
        threading.Thread(target=server.tracker.run, daemon=True).start()
    if not socket.getaddrinfo(args.host, port)[0][4][0].startswith("127.") and args.host not in ("localhost", "::1"):
        log("WARNING: the dlas %s server listens on %s, beyond this machine: anyone who reaches the port can "
            "try the secret; the secret and the jobs travel unencrypted (use an SSH tunnel or a VPN)" % (args.role, args.host))
    print("dlas %s server listening on %s:%d" % (args.role, args.host, port), flush=True)
    server.serve(listener)


if __name__ == "__main__":
    main()
