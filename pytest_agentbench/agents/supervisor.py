"""Agents die with the pytest process, even when it is killed with SIGKILL.

Each ``cmd:`` agent is started through a tiny supervisor (``python -I -S -c SCRIPT``, 20 to
50 ms against an agent's seconds) in the agent's process group. The supervisor holds the read
end of a pipe whose write end only this process holds (close-on-exec, never passed on): when
the pytest process dies, however it dies, the kernel closes the write end, the supervisor reads
end of file and kills its whole process group, agent and all. A parent-death signal would not
do: it fires when the *thread* that started the child exits, and agents are started from a
prefetching thread pool, where a ``preexec_fn`` is not safe either.

The supervisor is faithful otherwise: the agent gets the same standard input, output, working
directory, environment and signal dispositions it would get when started directly; its exit
status is the supervisor's, and when it is killed by a signal, the supervisor kills itself
with the same signal, so timeouts, signals and exit codes are classified as before. On timeout
the sandbox kills the whole group, the supervisor with it.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Mapping, Sequence

# argv: LIFELINE_FD LC_CTYPE FILE_SIZE AGENT_ARGV... ; LC_CTYPE is "-" when unset, else "=value"
# (python coerces a C locale by setting LC_CTYPE, which must not reach the agent); FILE_SIZE is
# the agent's RLIMIT_FSIZE ("-" for none), set before it starts, not after.
SCRIPT = r"""
import os, signal, sys, _thread
fd, ctype, fsize, argv = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
os.set_inheritable(fd, False)
env = dict(os.environ)
env.pop("LC_CTYPE", None)
if ctype != "-":
    env["LC_CTYPE"] = ctype[1:]
if fsize != "-":
    import resource
    hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
    limit = int(fsize) if hard == resource.RLIM_INFINITY else min(int(fsize), hard)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

def watch():
    try:
        while os.read(fd, 1):
            pass
    except OSError:
        return
    os.killpg(0, signal.SIGKILL)

pid = os.fork()  # not posix_spawn: glibc's leaves its internal signals ignored in the agent
if pid == 0:
    try:
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
        os.execvpe(argv[0], argv, env)
    except BaseException as exc:
        os.write(2, f"could not start {argv[0]!r}: {exc}\n".encode())
    os._exit(127)
_thread.start_new_thread(watch, ())  # after the fork: pytest's death before it still reads EOF
status = os.waitpid(pid, 0)[1]
if os.WIFSIGNALED(status):
    sig = os.WTERMSIG(status)
    import resource
    resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    try:
        signal.signal(sig, signal.SIG_DFL)
    except (OSError, ValueError):
        pass
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [sig])
    os.kill(os.getpid(), sig)
    os._exit(128 + sig)
os._exit(os.waitstatus_to_exitcode(status))
"""

_LOCK = threading.Lock()
_LIFELINES: dict[int, tuple[int, int]] = {}  # pid -> (read end, write end), never closed


def lifeline() -> int:
    """The read end of this process's lifeline; its write end stays here, unwritten, until
    the process dies. Both ends are close-on-exec: only ``pass_fds`` hands the read end on."""
    with _LOCK:
        pipe = _LIFELINES.get(os.getpid())
        if pipe is None:  # per pid: a forked child must not count on its parent's pipe
            pipe = _LIFELINES[os.getpid()] = os.pipe()
        return pipe[0]


def supervised(argv: Sequence[str], env: Mapping[str, str],
               file_size: int | None) -> tuple[list[str], int]:
    """``argv`` wrapped in the supervisor, and the descriptor to pass to it."""
    fd = lifeline()
    ctype = env.get("LC_CTYPE")
    return ([sys.executable, "-I", "-S", "-c", SCRIPT, str(fd),
             "-" if ctype is None else "=" + ctype,
             "-" if file_size is None else str(file_size), *argv], fd)
