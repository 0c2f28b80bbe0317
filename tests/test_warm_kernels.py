"""tools/warm_kernels.py: a kernel forked from the zygote is the kernel a fresh process would have been."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from jupyter_client.manager import KernelManager

from tools import warm_kernels

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK_FOLDER = REPO / "book" / "gating"

# What a notebook could notice of how its kernel was started.
PROBE = r"""
import json, os, signal, sys
import matplotlib
import ipywidgets
print(json.dumps({
    "cwd": os.getcwd(), "path": sys.path, "argv0": sys.argv[0], "main": sys.modules["__main__"].__name__,
    "backend": matplotlib.get_backend(), "env": dict(os.environ), "sigint": str(signal.getsignal(signal.SIGINT)),
    "leads_session": os.getsid(0) == os.getpid(), "comm_targets": sorted(get_ipython().kernel.comm_manager.targets),
    "execution_count": get_ipython().execution_count}))
"""


def start(manager_class, **kwargs):
    manager = manager_class(kernel_name="python3")
    manager.start_kernel(stderr=open(os.devnull, "w"), **kwargs)  # noqa: SIM115 - as nbval starts its kernels
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    return manager, client


def run(client, code: str, timeout: float = 60) -> tuple[str, dict]:
    out = []
    reply = client.execute_interactive(code, timeout=timeout, output_hook=lambda m: out.append(
        m["content"].get("text", "") if m["msg_type"] == "stream" else ""))
    return "".join(out), reply["content"]


def await_stream(client, msg_id: str, text: str, timeout: float = 60) -> None:
    """Wait until the request ``msg_id`` has printed ``text``."""
    deadline = time.monotonic() + timeout
    while True:
        message = client.get_iopub_msg(timeout=max(0.0, deadline - time.monotonic()))
        if (message["parent_header"].get("msg_id") == msg_id and message["msg_type"] == "stream"
                and text in message["content"]["text"]):
            return


def stop(manager, client):
    client.stop_channels()
    manager.shutdown_kernel(now=True)


def test_a_forked_kernel_is_the_kernel_a_fresh_process_would_be():
    seen = {}
    for name, manager_class in (("fresh", KernelManager), ("forked", warm_kernels.WarmKernelManager)):
        manager, client = start(manager_class, cwd=str(NOTEBOOK_FOLDER))
        try:
            preloaded, _ = run(client, "import sys; print('numba' in sys.modules)")
            seen[name] = {"probe": json.loads(run(client, PROBE)[0]), "preloaded": preloaded.strip(),
                          "process": type(manager.provisioner.process).__name__}
        finally:
            stop(manager, client)
    fresh, forked = seen["fresh"], seen["forked"]
    assert (fresh["process"], forked["process"]) == ("Popen", "ForkedProcess")
    assert (fresh["preloaded"], forked["preloaded"]) == ("False", "True")  # the fork skipped the imports
    for probe in (fresh["probe"], forked["probe"]):
        probe["env"].pop("PYTEST_CURRENT_TEST", None)
    assert forked["probe"] == fresh["probe"]
    assert forked["probe"]["cwd"] == str(NOTEBOOK_FOLDER) and "jupyter.widget" in forked["probe"]["comm_targets"]


def test_interrupt_and_shutdown_reach_a_forked_kernel():
    manager, client = start(warm_kernels.WarmKernelManager, cwd=str(NOTEBOOK_FOLDER))
    process = manager.provisioner.process
    assert isinstance(process, warm_kernels.ForkedProcess)
    try:
        # Two races of ipykernel's, both seen on a loaded machine: an interrupt that arrives before the cell's
        # code runs can go unanswered, so interrupt only once the cell has printed from inside its sleep; and
        # after an error reply the kernel aborts every request that reaches it before it has cleared its
        # queue (the next cell comes back 'aborted', with no output), so this cell asks it not to.
        message = client.execute("import time; print('asleep', flush=True); time.sleep(60)", stop_on_error=False)
        await_stream(client, message, "asleep")
        started = time.monotonic()
        manager.interrupt_kernel()
        reply = client.get_shell_msg(timeout=20)
        assert reply["parent_header"]["msg_id"] == message
        assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
        assert time.monotonic() - started < 10
        output, reply = run(client, "print(6 * 7)")
        assert (reply["status"], output) == ("ok", "42\n")  # and the kernel lives on
    finally:
        stop(manager, client)
    assert process.poll() is not None and not manager.is_alive()


def test_a_launch_the_zygote_cannot_match_starts_the_usual_way(tmp_path):
    # another environment (the zygote's imports may have read it), a folder with its own matplotlibrc
    (tmp_path / "matplotlibrc").write_text("lines.linewidth: 3\n")
    for kwargs in ({"cwd": str(NOTEBOOK_FOLDER), "env": {**os.environ, "MPLBACKEND": "svg"}}, {"cwd": str(tmp_path)}):
        manager, client = start(warm_kernels.WarmKernelManager, **kwargs)
        try:
            assert type(manager.provisioner.process).__name__ == "Popen", kwargs
            assert run(client, "import sys; print('numba' in sys.modules)")[0].strip() == "False"
        finally:
            stop(manager, client)


def test_a_forked_kernel_dies_with_its_zygote(tmp_path):
    zygote = warm_kernels.Zygote()
    try:
        kernel = zygote.spawn([sys.executable, "-m", warm_kernels.KERNEL_MODULE, "-f", str(tmp_path / "k.json")],
                              {**os.environ, "JPY_PARENT_PID": str(os.getpid())}, str(tmp_path), quiet_stderr=True)
        assert kernel is not None and kernel.poll() is None
        assert zygote.process.poll() is None
    finally:
        zygote.stop()
    assert kernel.wait(timeout=10) is not None


def test_kernels_start_as_usual_once_the_zygote_is_gone(tmp_path):
    zygote = warm_kernels.Zygote()
    launch = ([sys.executable, "-m", warm_kernels.KERNEL_MODULE, "-f", str(tmp_path / "k.json")],
              {**os.environ, "JPY_PARENT_PID": str(os.getpid())}, str(tmp_path))
    try:
        zygote.start(launch[1])
        zygote.process.kill()
        zygote.process.wait()
        assert zygote.spawn(*launch, quiet_stderr=True) is None and "did not fork" in zygote.failed
    finally:
        zygote.stop()


def test_the_zygote_refuses_another_interpreter_or_module(tmp_path):
    zygote = warm_kernels.Zygote()
    try:
        # another virtual environment of the same Python: the same binary behind another path
        other = tmp_path / "other-venv" / "bin" / "python"
        other.parent.mkdir(parents=True)
        other.symlink_to(os.path.realpath(sys.executable))
        assert zygote.spawn([str(other), "-m", warm_kernels.KERNEL_MODULE], dict(os.environ), str(tmp_path),
                            quiet_stderr=True) is None
        assert zygote.spawn([sys.executable, "-m", "http.server"], dict(os.environ), str(tmp_path),
                            quiet_stderr=True) is None
        assert zygote.process is None  # nothing was started for them
    finally:
        zygote.stop()


def test_the_zygote_ends_with_the_process_that_started_it(tmp_path):
    # a parent that starts a zygote and is killed: the zygote must not outlive it
    script = "\n".join([
        f"import os, sys, time; sys.path.insert(0, {str(REPO)!r})",
        "from tools import warm_kernels",
        "zygote = warm_kernels.Zygote()",
        "zygote.start(dict(os.environ))",
        "print(zygote.process.pid, flush=True)",
        "time.sleep(60)"])
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    zygote_pid = int(parent.stdout.readline())
    pidfd = os.pidfd_open(zygote_pid)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    assert select.select([pidfd], [], [], 10)[0], "the zygote outlived its parent"
    os.close(pidfd)
