"""pytest plugin: nbval's kernels start from one process that has already imported the libraries.

Load it with ``-p tools.warm_kernels``. A kernel started the usual way spends about 2 s of CPU importing
numpy, scipy, numba, matplotlib, IPython, ipykernel and ``excitable`` before the notebook's first cell
runs; ``make test`` starts one per notebook. With this plugin each pytest process starts one *zygote*
(this file run as a script) that imports them once and then forks a kernel for each request: the
kernel is ``python -m ipykernel_launcher -f <connection file>`` run in the fork, in its own session, in
the requested folder with the requested environment, so it runs the notebook exactly as a fresh kernel
would, only without paying for those imports again.

Nothing is imported in the zygote whose import depends on the kernel: not ``ipywidgets`` (it registers
its comm target only when imported inside a running kernel), so not ``excitable.explorers``; not
``matplotlib.pyplot`` (its backend depends on the kernel's settings). A kernel is forked only when it
would have run the zygote's own interpreter with the zygote's environment (the same ``MPLBACKEND``,
``NUMBA_*``, ``OPENBLAS_NUM_THREADS``, ... that the imports already read) from a folder with no
``matplotlibrc``; any other request, or a zygote that failed, starts the kernel the usual way
(jupyter_client's ``LocalProvisioner``).

A forked kernel is the zygote's child, not pytest's: it is watched and signalled through a pidfd
(``os.pidfd_open``), and its exit status is not known (reported as 0 once it has exited). It dies with
the zygote (``PR_SET_PDEATHSIG``), and the zygote dies with the pytest process that started it.
"""

from __future__ import annotations

import ctypes
import json
import os
import pkgutil
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path

from jupyter_client.manager import KernelManager
from jupyter_client.provisioning import LocalProvisioner
from jupyter_client.utils import run_sync

# Imported by the zygote before it forks: what the book's notebooks import, and the kernel itself.
PRELOAD = (
    "numpy", "scipy.integrate", "scipy.optimize", "scipy.linalg", "scipy.special", "scipy.interpolate",
    "scipy.signal", "scipy.stats", "numba", "matplotlib", "matplotlib.figure", "matplotlib.backends.backend_agg",
    "IPython", "ipykernel.kernelapp", "ipykernel.ipkernel",
)
PR_SET_PDEATHSIG = 1
# Variables of a kernel's environment that no import reads: pytest names the running test in one.
RUNTIME_ONLY = frozenset({"PYTEST_CURRENT_TEST"})
KERNEL_MODULE = "ipykernel_launcher"


def _import_env(env: dict[str, str]) -> dict[str, str]:
    """The part of an environment that the zygote's imports may have read."""
    return {key: value for key, value in env.items() if key not in RUNTIME_ONLY}


def _die_with_parent(signum: int) -> None:
    """Linux: this process gets ``signum`` when the process (thread) that started it ends."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)


def _excitable_modules() -> list[str]:
    """Every module and subpackage of the package except the explorers (they import ipywidgets)."""
    import excitable  # noqa: PLC0415

    return [f"excitable.{m.name}" for m in pkgutil.iter_modules(excitable.__path__) if m.name != "explorers"]


# ------------------------------------------------------------------ the zygote (this file as a script)


def _recv_line(conn: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def _become_kernel(request: dict) -> None:
    """In the forked child: become ``python -m ipykernel_launcher <args>`` as the request asks. Never returns."""
    code = 1
    try:
        os.setsid()  # as jupyter_client's launcher does (start_new_session): interrupts go to the group
        _die_with_parent(signal.SIGKILL)
        for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, signal.SIG_DFL)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        if request["quiet_stderr"]:
            os.dup2(devnull, 2)
        os.close(devnull)
        sys.path[0] = os.getcwd()  # `python -m` puts the working folder first (here: this file's folder)
        sys.argv = [KERNEL_MODULE, *request["args"]]
        import runpy  # noqa: PLC0415

        runpy.run_module(KERNEL_MODULE, run_name="__main__", alter_sys=True)
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:  # noqa: BLE001 - reported on the kernel's stderr, then the child ends
        import traceback  # noqa: PLC0415

        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001, S110 - the stream may be gone; the exit code still stands
                pass
        os._exit(code)


def _reap(signum, frame) -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def serve(socket_path: str, ready_fd: int) -> None:
    """The zygote: import everything once, then fork one kernel per request on ``socket_path``.

    Once listening it writes ``{"ready": <single-threaded>}`` to ``ready_fd`` and closes it (its stdout and
    stderr are pytest's, as a kernel's would be). A request is one JSON line ``{"args", "cwd", "env",
    "quiet_stderr"}``; the answer is the kernel's pid (or an error) as one JSON line."""
    _die_with_parent(signal.SIGTERM)
    for name in (*PRELOAD, *_excitable_modules()):
        __import__(name)
    signal.signal(signal.SIGCHLD, _reap)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(socket_path)
    server.listen(8)
    with os.fdopen(ready_fd, "w") as ready:
        ready.write(json.dumps({"ready": threading.active_count() == 1, "threads": threading.active_count()}))
    while True:
        conn, _ = server.accept()  # retried by Python when SIGCHLD interrupts it (PEP 475)
        with conn:
            try:
                request = json.loads(_recv_line(conn))
            except ValueError as error:
                conn.sendall(json.dumps({"error": f"bad request: {error}"}).encode() + b"\n")
                continue
            pid = os.fork()
            if pid == 0:
                server.close()
                conn.close()
                _become_kernel(request)
            conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")


# ------------------------------------------------------------------ the client, in the pytest process


class ForkedProcess:
    """The part of ``subprocess.Popen`` that jupyter_client uses, for a kernel that is the zygote's child."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self._pidfd = os.pidfd_open(pid)
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self._pidfd], [], [], 0)[0]:
            self.returncode = 0  # exited; the status went to the zygote, which reaped it
            os.close(self._pidfd)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            if not select.select([self._pidfd], [], [], timeout)[0]:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
        return self.poll()

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            signal.pidfd_send_signal(self._pidfd, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class Zygote:
    """The zygote of this pytest process: started on the first request, with that request's environment."""

    def __init__(self):
        self.process: subprocess.Popen | None = None
        self.env: dict[str, str] | None = None
        self.failed: str | None = None
        self._folder = tempfile.TemporaryDirectory(prefix="warm-kernels-")
        self.socket_path = os.path.join(self._folder.name, "zygote.sock")
        self._lock = threading.Lock()

    def start(self, env: dict[str, str]) -> None:
        """Start the zygote with this environment (a kernel's, as jupyter_client would launch it)."""
        self.env = dict(env)
        read_end, write_end = os.pipe()
        self.process = subprocess.Popen(  # noqa: S603 - this interpreter and this file
            [sys.executable, __file__, "--serve", self.socket_path, str(write_end)], env=self.env,
            stdin=subprocess.DEVNULL, pass_fds=(write_end,))
        os.close(write_end)
        with os.fdopen(read_end) as answer:
            line = answer.read()  # until the zygote closes its end: ready, or gone
        try:
            ready = json.loads(line)
        except ValueError:
            ready = {"ready": False}
        if not ready.get("ready"):
            self.failed = f"the zygote did not start single-threaded: {line.strip() or 'no answer'}"
            self.stop()

    def spawn(self, cmd: list[str], env: dict[str, str], cwd: str, quiet_stderr: bool) -> ForkedProcess | None:
        """A forked kernel for this launch command, or None where a fresh process must start it."""
        # the same interpreter path, not only the same binary: another virtual environment has other packages
        if not (len(cmd) >= 3 and os.path.normpath(cmd[0]) == os.path.normpath(sys.executable)
                and cmd[1:3] == ["-m", KERNEL_MODULE]):
            return None
        if (Path(cwd) / "matplotlibrc").exists():
            return None
        with self._lock:
            if self.failed:
                return None
            if self.process is None:
                self.start(env)
                if self.failed:
                    return None
            if _import_env(env) != _import_env(self.env):
                return None
            request = {"args": cmd[3:], "cwd": str(cwd), "env": env, "quiet_stderr": quiet_stderr}
            try:
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                    conn.connect(self.socket_path)
                    conn.sendall(json.dumps(request).encode() + b"\n")
                    answer = json.loads(_recv_line(conn))
                return ForkedProcess(answer["pid"])
            except (OSError, ValueError, KeyError) as error:  # the zygote is gone or refused: start kernels as usual
                self.failed = f"the zygote did not fork a kernel: {error!r}"
                return None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self._folder.cleanup()


_ZYGOTE: Zygote | None = None


def zygote() -> Zygote:
    global _ZYGOTE  # noqa: PLW0603 - one per pytest process
    if _ZYGOTE is None:
        _ZYGOTE = Zygote()
    return _ZYGOTE


class ForkProvisioner(LocalProvisioner):
    """LocalProvisioner whose kernels are forked by the zygote when the launch allows it."""

    async def launch_kernel(self, cmd, **kwargs):
        env = dict(kwargs.get("env") or os.environ)
        env.setdefault("JPY_PARENT_PID", str(os.getpid()))  # as jupyter_client's launcher sets it
        cwd = str(kwargs.get("cwd") or os.getcwd())
        stderr = kwargs.get("stderr")
        quiet = stderr is not None and getattr(stderr, "name", None) == os.devnull
        inherits = kwargs.get("stdout") is None and kwargs.get("stdin") is None and (stderr is None or quiet)
        process = zygote().spawn(cmd, env, cwd, quiet) if inherits else None
        if process is None:
            return await super().launch_kernel(cmd, **kwargs)
        self.process = process
        self.pid = process.pid
        self.pgid = process.pid  # the kernel leads its own session
        self.cwd = cwd
        return self.connection_info


class WarmKernelManager(KernelManager):
    """jupyter_client's KernelManager, with kernels forked by the zygote where possible."""

    async def _async_pre_start_kernel(self, **kw):
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = ForkProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)

    pre_start_kernel = run_sync(_async_pre_start_kernel)


# ------------------------------------------------------------------ the pytest plugin


def pytest_configure(config):
    import nbval.kernel  # noqa: PLC0415

    nbval.kernel.KernelManager = WarmKernelManager


def pytest_unconfigure(config):
    if _ZYGOTE is not None:
        _ZYGOTE.stop()


if __name__ == "__main__" and sys.argv[1:2] == ["--serve"]:
    serve(sys.argv[2], int(sys.argv[3]))
