"""Linux namespace, mount and capability calls that Python 3.11's ``os`` module lacks.

Standard library only: the Python fork server imports this module inside the sandbox (it is
copied there beside ``python_forkserver.py``), and the staging helper runs it as a script
(``python -I -S nsutil.py stage PATH...``, see :mod:`pytest_agentbench.sandbox_user`).
"""

from __future__ import annotations

import ctypes
import os
import struct
import sys

CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

MS_RDONLY = 0x1
MS_NOSUID = 0x2
MS_NODEV = 0x4
MS_NOEXEC = 0x8
MS_REMOUNT = 0x20
MS_BIND = 0x1000
MS_REC = 0x4000
MS_PRIVATE = 0x40000
MS_SLAVE = 0x80000

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_CAPBSET_DROP = 24
PR_SET_NO_NEW_PRIVS = 38
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
_LINUX_CAPABILITY_VERSION_3 = 0x20080522
_LAST_CAP = 63  # the kernel ignores numbers above its own last capability

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _b(text: str | None) -> bytes | None:
    return None if text is None else os.fsencode(text)


def unshare(flags: int) -> None:
    _check(_libc.unshare(ctypes.c_int(flags)), "unshare")


def setns(fd: int, nstype: int) -> None:
    _check(_libc.setns(ctypes.c_int(fd), ctypes.c_int(nstype)), "setns")


def mount(source: str | None, target: str, fstype: str | None, flags: int,
          data: str | None = None) -> None:
    _check(_libc.mount(_b(source), _b(target), _b(fstype), ctypes.c_ulong(flags), _b(data)),
           f"mount {target}")


def prctl(option: int, arg: int = 0) -> None:
    _check(_libc.prctl(ctypes.c_int(option), ctypes.c_ulong(arg), ctypes.c_ulong(0),
                       ctypes.c_ulong(0), ctypes.c_ulong(0)), f"prctl {option}")


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def drop_all_capabilities() -> None:
    """Empty the bounding, ambient, effective, permitted and inheritable sets and forbid
    gaining privileges through exec (setuid files, file capabilities)."""
    for cap in range(_LAST_CAP + 1):
        _libc.prctl(PR_CAPBSET_DROP, ctypes.c_ulong(cap), 0, 0, 0)  # EINVAL past the last
    _libc.prctl(PR_CAP_AMBIENT, ctypes.c_ulong(PR_CAP_AMBIENT_CLEAR_ALL), 0, 0, 0)
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    _check(_libc.capset(ctypes.byref(header), data), "capset")
    prctl(PR_SET_NO_NEW_PRIVS, 1)


def status_fields(names: tuple[str, ...] = ("CapEff", "CapPrm", "CapBnd", "NoNewPrivs",
                                            "Uid")) -> dict[str, str]:
    """Fields of ``/proc/self/status`` (what the verification probe reports)."""
    out: dict[str, str] = {}
    with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in names:
                out[key] = value.strip()
    return out


# ---------------------------------------------------------------- seccomp

# Refused with EPERM inside every sandbox: tracing and reading other processes, (un)mounting and
# namespaces, kernel keyrings, BPF, modules, kexec, io_uring, userfaultfd, file handles (a
# classic container escape), clocks, swap, reboot, accounting. Capabilities already stop most;
# ptrace of a process with as few rights is stopped only here.
DENIED = ("ptrace", "process_vm_readv", "process_vm_writev", "mount", "umount2", "pivot_root",
          "setns", "unshare", "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount",
          "fspick", "mount_setattr", "keyctl", "add_key", "request_key", "bpf", "kexec_load",
          "kexec_file_load", "init_module", "finit_module", "delete_module", "userfaultfd",
          "perf_event_open", "io_uring_setup", "io_uring_enter", "io_uring_register",
          "name_to_handle_at", "open_by_handle_at", "acct", "swapon", "swapoff", "reboot",
          "syslog", "quotactl", "chroot", "settimeofday", "clock_settime", "adjtimex",
          "clock_adjtime")
_SYSCALLS = {  # machine -> (AUDIT_ARCH value, syscall numbers)
    "x86_64": (0xC000003E, {
        "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "mount": 165,
        "umount2": 166, "pivot_root": 155, "setns": 308, "unshare": 272, "keyctl": 250,
        "add_key": 248, "request_key": 249, "bpf": 321, "kexec_load": 246,
        "kexec_file_load": 320, "init_module": 175, "finit_module": 313, "delete_module": 176,
        "userfaultfd": 323, "perf_event_open": 298, "name_to_handle_at": 303,
        "open_by_handle_at": 304, "acct": 163, "swapon": 167, "swapoff": 168, "reboot": 169,
        "syslog": 103, "quotactl": 179, "chroot": 161, "settimeofday": 164,
        "clock_settime": 227, "adjtimex": 159, "clock_adjtime": 305}),
    "aarch64": (0xC00000B7, {
        "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "mount": 40,
        "umount2": 39, "pivot_root": 41, "setns": 268, "unshare": 97, "keyctl": 219,
        "add_key": 217, "request_key": 218, "bpf": 280, "kexec_load": 104,
        "kexec_file_load": 294, "init_module": 105, "finit_module": 273, "delete_module": 106,
        "userfaultfd": 282, "perf_event_open": 241, "name_to_handle_at": 264,
        "open_by_handle_at": 265, "acct": 89, "swapon": 224, "swapoff": 225, "reboot": 142,
        "syslog": 116, "quotactl": 60, "chroot": 51, "settimeofday": 170,
        "clock_settime": 112, "adjtimex": 171, "clock_adjtime": 266}),
}
_COMMON = {"open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431, "fsmount": 432,
           "fspick": 433, "mount_setattr": 442, "io_uring_setup": 425, "io_uring_enter": 426,
           "io_uring_register": 427}  # the same number on every architecture
_BPF_LD_W_ABS, _BPF_JEQ_K, _BPF_JGE_K, _BPF_RET_K = 0x20, 0x15, 0x35, 0x06
_RET_ALLOW, _RET_ERRNO = 0x7FFF0000, 0x00050000
_X32_BIT = 0x40000000
EPERM = 1


def seccomp_program() -> bytes | None:
    """The filter as raw ``struct sock_filter`` entries (what ``bwrap --seccomp`` reads), or
    None on a machine it does not know. Another architecture's calls, and x86's x32 calls,
    are refused whole."""
    known = _SYSCALLS.get(os.uname().machine)
    if known is None:
        return None
    arch, numbers = known
    numbers = {**numbers, **_COMMON}
    deny = sorted({numbers[name] for name in DENIED})
    errno = _RET_ERRNO | EPERM
    prog = [(_BPF_LD_W_ABS, 0, 0, 4), (_BPF_JEQ_K, 1, 0, arch), (_BPF_RET_K, 0, 0, errno),
            (_BPF_LD_W_ABS, 0, 0, 0)]
    if arch == 0xC000003E:
        prog.append((_BPF_JGE_K, len(deny) + 1, 0, _X32_BIT))
    for offset, number in enumerate(deny):
        prog.append((_BPF_JEQ_K, len(deny) - offset, 0, number))
    prog += [(_BPF_RET_K, 0, 0, _RET_ALLOW), (_BPF_RET_K, 0, 0, errno)]
    return b"".join(struct.pack("HBBI", *ins) for ins in prog)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def install_seccomp(program: bytes) -> None:
    """Install ``program`` on this thread and those it starts (needs ``no_new_privs``)."""
    buffer = ctypes.create_string_buffer(program)
    fprog = _SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    _check(_libc.prctl(ctypes.c_int(22), ctypes.c_ulong(2), ctypes.byref(fprog),
                       ctypes.c_ulong(0), ctypes.c_ulong(0)), "seccomp")  # PR_SET_SECCOMP


# ---------------------------------------------------------------- the staging namespace


def stage(keep: list[str], hide: list[str]) -> None:
    """Run as root by the staging helper: in a new mount namespace, replace each directory in
    ``hide`` (ancestors that only root may traverse, such as ``/root``) by an empty, read-only
    tmpfs in which only the paths in ``keep`` below it are bound back. Then wait on stdin: the
    namespace lives as long as this process, which dies with its parent."""
    prctl(PR_SET_PDEATHSIG, 9)
    unshare(CLONE_NEWNS)
    mount(None, "/", None, MS_REC | MS_SLAVE)  # host mounts still arrive, none leave
    held = {path: os.open(path, os.O_PATH) for path in keep if os.path.exists(path)}
    for top in hide:
        mount("tmpfs", top, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m")
    for path, fd in held.items():
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            os.makedirs(path, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "a"):
                pass
        mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        os.close(fd)
    for top in hide:
        mount("tmpfs", top, "tmpfs", MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
              "mode=0755")
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    sys.stdin.read()


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "stage":
    args = sys.argv[2:]
    split = args.index("--hide")
    try:
        stage(args[:split], args[split + 1:])
    except OSError as exc:
        sys.stdout.write(f"error {exc}\n")
        sys.stdout.flush()
        sys.exit(1)
