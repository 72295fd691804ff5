"""Detached processes with pid files and logs under ``$CLEARWAY_HOME``.

Every service runs in its own session (process group) so that ``down`` can stop it and
all its children with one signal, and so that it outlives the ``clearway services up``
command that started it.
"""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

import psutil

from clearway.errors import ServiceUnavailable


def run_dir(home: Path) -> Path:
    return _mkdir(home / "run")


def log_dir(home: Path) -> Path:
    return _mkdir(home / "logs")


def log_path(home: Path, name: str) -> Path:
    return log_dir(home) / f"{name}.log"


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def locked(home: Path) -> Iterator[None]:
    """Serialise up/down: several engineers' test runs may share one home."""
    home.mkdir(parents=True, exist_ok=True)
    with open(run_dir(home) / "services.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def read_pid(home: Path, name: str) -> int | None:
    """The pid of our running service ``name``, or None (a stale pid file is removed)."""
    pid_file = run_dir(home) / f"{name}.pid"
    try:
        pid_text, _, started_text = pid_file.read_text().strip().partition(" ")
        pid, started = int(pid_text), float(started_text or 0)
    except (FileNotFoundError, ValueError):
        return None
    # The start time guards against a recycled pid (after a reboot): never signal a stranger.
    if alive(pid) and (not started or abs(_create_time(pid) - started) < 0.5):
        return pid
    pid_file.unlink(missing_ok=True)
    return None


def _create_time(pid: int) -> float:
    try:
        return psutil.Process(pid).create_time()
    except psutil.Error:
        return 0.0


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def spawn(home: Path, name: str, argv: Sequence[str], env: Mapping[str, str] | None = None) -> int:
    """Start ``argv`` detached, output appended to logs/<name>.log; returns its pid."""
    with open(log_path(home, name), "ab") as log:
        proc = subprocess.Popen(  # noqa: S603 - argv is built by us, never from input
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group; survives the CLI that started it
            env=dict(env) if env is not None else None,
            cwd=home,
        )
    (run_dir(home) / f"{name}.pid").write_text(f"{proc.pid} {_create_time(proc.pid)}\n")
    return proc.pid


def stop(home: Path, name: str, timeout: float = 10.0) -> bool:
    """SIGTERM the service's process group, wait, SIGKILL what is left. True if it was running."""
    pid = read_pid(home, name)
    if pid is None:
        return False
    with suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    if not _wait_gone(pid, timeout):
        with suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        _wait_gone(pid, 2.0)
    (run_dir(home) / f"{name}.pid").unlink(missing_ok=True)
    return True


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # Reap it if it is our own child (the test process starts services too).
        with suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        if not alive(pid):
            return True
        time.sleep(0.05)
    return not alive(pid)


def port_open(host: str, port: int, timeout: float = 0.3) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_port(home: Path, name: str, host: str, port: int, pid: int, timeout: float = 20.0) -> None:
    """Wait until host:port accepts connections; fail early, with the log tail, if ``pid`` dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_open(host, port):
            return
        if not alive(pid):
            raise ServiceUnavailable(
                name,
                f"exited during start-up:\n{log_tail(home, name)}",
                f"See {log_path(home, name)}.",
            )
        time.sleep(0.05)
    raise ServiceUnavailable(
        name,
        f"did not answer on {host}:{port} within {timeout:.0f} s",
        f"See {log_path(home, name)}.",
    )


def log_tail(home: Path, name: str, lines: int = 15) -> str:
    try:
        return "\n".join(log_path(home, name).read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def split_hostport(endpoint: str, default_port: int) -> tuple[str, int]:
    host, _, port = endpoint.rpartition(":")
    if not host:
        return endpoint, default_port
    return host, int(port)


def is_loopback(host: str) -> bool:
    return host in {"127.0.0.1", "localhost", "::1"}


def needs_start(home: Path, name: str, host: str, port: int, service: str, setting: str) -> bool:
    """Whether this service must be started here: not when the address is outside this
    machine (not ours to start) or when our own process already serves it. A port held by a
    process we did not start is an error that names the setting to change."""
    if not is_loopback(host):
        return False
    if read_pid(home, name) is not None and port_open(host, port):
        return False
    if port_open(host, port):
        raise ServiceUnavailable(
            service,
            f"{host}:{port} is taken by a process we did not start",
            f"Stop it, or set {setting} to a free port.",
        )
    return True
