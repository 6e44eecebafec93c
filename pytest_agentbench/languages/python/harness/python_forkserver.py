"""A pre-started Python interpreter inside the sandbox that forks one child per problem.

Started once per pytest process (per thread) by :mod:`pytest_agentbench.languages.forkserver`,
inside a sandbox like any solution's, but keeping ``CAP_SYS_ADMIN`` in its own user namespace so
that it can give every job namespaces of its own. Its directory (this file, the harness) is
read-only; it writes only the jobs directory. For each job it forks a child that:

1. opens the job's output and event files (in the jobs directory, outside what the job sees);
2. enters new mount, PID and IPC namespaces, hides the jobs directory under an empty tmpfs, and
   mounts fresh size-capped tmpfs on ``/job`` (its working directory), ``/tmp`` and ``/dev/shm``;
3. forks the namespace's PID 1, a small init that mounts its own ``/proc``, drops every
   capability and reaps; it forks the job itself (PID 2, so signals behave as in any process),
   which drops every capability (``no_new_privs`` holds already), installs the seccomp filter,
   applies the limits and runs the harness, already imported, on the job.

When the job ends, its init ends with its status, and the kernel kills every process left in
the namespace; its files and shared memory go with its mount and IPC namespaces. Nothing
survives into the next job, and the job can neither see nor signal the server. A fork costs
about a millisecond, the namespaces a few more; an interpreter per problem costs tens.

Protocol: one JSON object per line on stdin ({"id", "dir", "timeout", "limits", "job",
"token"}), one per line on stdout ({"id", "returncode", "signal", "timed_out", "seconds"}). The
first line out is {"ready": true, "probe": {...}}: the checks of :mod:`sandbox_probe` made by a
job set up like every other. Standard library only.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import select
import signal
import sys
import time

import nsutil
import python_harness  # not python_project_harness: it imports asyncio, and every fork
import sandbox_probe  # copies the page tables of what the server holds (7 MB more)

LIMITS = {
    "cpu_seconds": resource.RLIMIT_CPU,
    "memory_bytes": resource.RLIMIT_AS,
    "file_size_bytes": resource.RLIMIT_FSIZE,
    "open_files": resource.RLIMIT_NOFILE,
}
WORK = "/job"  # every job's working directory (a mount point bubblewrap made)
WORK_BYTES = 64 * 1024 * 1024
TMP_BYTES = 256 * 1024 * 1024
SHM_BYTES = 64 * 1024 * 1024
JOB_NAMESPACES = nsutil.CLONE_NEWNS | nsutil.CLONE_NEWPID | nsutil.CLONE_NEWIPC
KEEP: list[str] = []  # paths under /tmp that jobs still see (from the host facts)
SECCOMP = nsutil.seccomp_program()


def _tasks_on_machine() -> int:
    """The machine's tasks now (/proc/loadavg, n/TOTAL): RLIMIT_NPROC counts the user's tasks,
    not the job's, so a job's cap is set above them (as ``sandbox.tasks_on_machine``)."""
    try:
        with open("/proc/loadavg", encoding="ascii") as fh:
            return int(fh.read().split()[3].split("/")[1])
    except (OSError, ValueError, IndexError):
        return 0


def _open_outputs(directory: str) -> dict[str, int]:
    os.mkdir(directory, 0o700)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_APPEND
    return {name: os.open(os.path.join(directory, name), flags, 0o600)
            for name in ("stdout", "stderr", "events")}


def _private_mounts(jobs_root: str, keep: list[str]) -> None:
    """Run in the job's new mount namespace, still with the capability to mount: the jobs
    directory hidden, fresh tmpfs for the job, and of the old /tmp only ``keep`` (toolchains
    that live there, as in a CI clone), bound back read-only."""
    private = nsutil.MS_NOSUID | nsutil.MS_NODEV
    nsutil.mount(None, "/", None, nsutil.MS_REC | nsutil.MS_PRIVATE)
    nsutil.mount("tmpfs", jobs_root, "tmpfs", private | nsutil.MS_RDONLY, "size=4k,mode=0555")
    nsutil.mount("tmpfs", WORK, "tmpfs", private, f"size={WORK_BYTES},mode=0700")
    held = [(path, os.open(path, os.O_PATH)) for path in keep if os.path.exists(path)]
    nsutil.mount("tmpfs", "/tmp", "tmpfs", private, f"size={TMP_BYTES},mode=1777")
    for path, fd in held:
        os.makedirs(path, exist_ok=True)
        nsutil.mount(f"/proc/self/fd/{fd}", path, None, nsutil.MS_BIND | nsutil.MS_REC)
        nsutil.mount(None, path, None, nsutil.MS_REMOUNT | nsutil.MS_BIND | nsutil.MS_RDONLY
                     | private)
        os.close(fd)
    nsutil.mount("tmpfs", "/dev/shm", "tmpfs", private, f"size={SHM_BYTES},mode=1777")


def _init(job_pid: int) -> None:
    """PID 1 of the job's namespace: reap, and end with the job's status. Its death kills
    every process left in the namespace."""
    nsutil.drop_all_capabilities()
    while True:
        pid, status = os.wait()
        if pid == job_pid:
            os._exit(_exit_code(status))


def _exit_code(status: int) -> int:
    """An exit status that carries 128 + n for a process killed by signal n."""
    return os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)


def _become_job(job: dict, outputs: dict[str, int], isolate: bool) -> None:
    """In the job's process: no capabilities, its limits and its output files."""
    if isolate:
        nsutil.drop_all_capabilities()
        if SECCOMP is not None:
            nsutil.install_seccomp(SECCOMP)
    os.setsid()
    work = WORK if isolate else job["dir"]
    os.chdir(work)
    for name, which in LIMITS.items():
        value = job["limits"].get(name)
        if value is not None:
            resource.setrlimit(which, (value, value))
    if job["limits"].get("processes"):  # no cgroup: RLIMIT_NPROC, above what already runs
        cap = job["limits"]["processes"] + _tasks_on_machine()
        hard = resource.getrlimit(resource.RLIMIT_NPROC)[1]
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_NPROC, (cap, cap))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.dup2(outputs["stdout"], 1)
    os.dup2(outputs["stderr"], 2)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    for fd in (devnull, outputs["stdout"], outputs["stderr"]):
        os.close(fd)
    os.environ["HOME"] = os.environ["TMPDIR"] = work
    for name, text in job.get("files", {}).items():
        _write_file(name, text)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115


def _write_file(name: str, text: str) -> None:
    """A job's file at its relative path in the working directory (a project's files keep
    their directories); a path that is absolute or climbs out is written by its base name."""
    parts = name.split("/")
    if name.startswith("/") or any(p in ("", ".", "..") for p in parts):
        parts = [os.path.basename(name)]
    if len(parts) > 1:
        os.makedirs(os.path.join(*parts[:-1]), exist_ok=True)
    with open(os.path.join(*parts), "w", encoding="utf-8") as fh:
        fh.write(text)


def _job(job: dict, outputs: dict[str, int], run, isolate: bool) -> None:
    try:
        _become_job(job, outputs, isolate)
        run(outputs["events"])
    except BaseException:  # the job must never return into the server's loop
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
    os._exit(3)


def _child(job: dict, jobs_root: str, run, isolate: bool) -> None:
    """The job's outer child: namespaces and mounts, then their PID 1, which starts the job
    as PID 2. This process waits and exits with the job's status, so the server sees one
    child per job. Without ``isolate`` (isolation off) the job only gets a process."""
    try:
        outputs = _open_outputs(job["dir"])
        if isolate:
            nsutil.unshare(JOB_NAMESPACES)
            _private_mounts(jobs_root, KEEP)
        pid = os.fork()
        if pid == 0:
            nsutil.prctl(nsutil.PR_SET_PDEATHSIG, signal.SIGKILL)
            if not isolate:
                _job(job, outputs, run, isolate)
            nsutil.mount("proc", "/proc", "proc",
                         nsutil.MS_NOSUID | nsutil.MS_NODEV | nsutil.MS_NOEXEC)
            job_pid = os.fork()
            if job_pid == 0:
                _job(job, outputs, run, isolate)
            for fd in outputs.values():
                os.close(fd)
            _init(job_pid)
        for fd in outputs.values():
            os.close(fd)
        _, status = os.waitpid(pid, 0)
        os._exit(_exit_code(status))
    except BaseException:
        import traceback

        traceback.print_exc()
    os._exit(4)


def _wait(pid: int, timeout: float) -> tuple[int | None, bool]:
    """The child's wait status, and whether it was killed for running out of time."""
    deadline = time.monotonic() + timeout
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        fd = None
    timed_out = False
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out = True
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)  # its PID 1 follows (parent-death signal)
            _, status = os.waitpid(pid, 0)
            break
        if fd is not None:
            select.select([fd], [], [], remaining)
        else:
            time.sleep(min(0.005, remaining))
    if fd is not None:
        os.close(fd)
    return status, timed_out


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _status(status: int | None) -> tuple[int | None, int | None]:
    """(return code, signal) from the outer child's exit, which carries 128 + n for a job
    killed by signal n."""
    if status is None:
        return None, None
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        return code, -code
    if 128 < code < 160:
        return -(code - 128), code - 128
    return code, None


def run_job(job: dict, jobs_root: str, run, isolate: bool) -> dict:
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        _child(job, jobs_root, run, isolate)
    status, timed_out = _wait(pid, float(job["timeout"]))
    _reap()
    code, sig = _status(status)
    return {"id": job["id"], "returncode": code, "timed_out": timed_out, "signal": sig,
            "seconds": time.monotonic() - start}


def self_check(jobs_root: str, host: dict) -> dict:
    """The probe's checks, made by a job set up like every other."""
    own = {name: os.stat(f"/proc/self/ns/{name}").st_ino for name in ("mnt", "pid", "ipc")}
    job = {"id": "self-check", "dir": os.path.join(jobs_root, "self-check"), "timeout": 30,
           "limits": {}}

    def probe(_events: int) -> None:
        checks = sandbox_probe.check(host)
        for name, server_ino in own.items():
            mine = os.stat(f"/proc/self/ns/{name}").st_ino
            checks[f"job_{name}_namespace"] = "" if mine != server_ino else "the server's"
        checks["other_jobs_invisible"] = (", ".join(os.listdir(jobs_root))
                                          if os.path.isdir(jobs_root) else "")
        checks["server_invisible"] = "" if os.getppid() == 1 else f"parent pid {os.getppid()}"
        sys.stdout.write(json.dumps(checks))
        sys.stdout.flush()
        os._exit(0)

    reply = run_job(job, jobs_root, probe, True)
    try:
        with open(os.path.join(str(job["dir"]), "stdout"), encoding="utf-8") as fh:
            checks = json.loads(fh.read() or "{}")
    except (OSError, ValueError) as exc:
        checks = {"self_check": f"no result ({exc})"}
    if not checks:
        checks = {"self_check": f"no result (exit {reply['returncode']}: {_tail(job, 'stderr')})"}
    return checks


def _tail(job: dict, name: str) -> str:
    try:
        with open(os.path.join(job["dir"], name), encoding="utf-8", errors="replace") as fh:
            return fh.read()[-600:].strip()
    except OSError as exc:
        return str(exc)


def serve(jobs_root: str, host: dict, isolate: bool) -> None:
    nsutil.prctl(nsutil.PR_SET_DUMPABLE, 0)  # no job may ptrace it or open its /proc files
    out = sys.stdout
    checks = self_check(jobs_root, host) if isolate else {}
    out.write(json.dumps({"ready": True, "probe": checks}) + "\n")
    out.flush()
    for line in sys.stdin:
        request = json.loads(line)

        def run(events_fd: int, request: dict = request) -> None:
            python_harness.run(request["job"], events_fd, request["token"])

        reply = run_job(request, jobs_root, run, isolate)
        out.write(json.dumps(reply) + "\n")
        out.flush()


if __name__ == "__main__":
    with open(sys.argv[2], encoding="utf-8") as fh:
        host_facts = json.load(fh)
    KEEP.extend(host_facts.get("keep_under_tmp", []))
    serve(sys.argv[1], host_facts, sys.argv[3] == "isolate")
