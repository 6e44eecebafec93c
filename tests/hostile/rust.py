"""Hostile Rust solutions of ``add(a, b)``: each attacks, then answers correctly if it can.

``{marker}``, ``{home}``, ``{repo}``, ``{port}``, ``{secret_name}`` and ``{unix_socket}`` are
filled in by the test.
Every attack is paired with the failure kinds it may end in; ``passed`` where the attack is
harmless by construction (a private /tmp, a child that is killed with the sandbox). Only the
standard library is used: Rust's cannot fork, so the fork bomb re-executes the solution binary
(each copy runs the cases again and spawns more), and the system calls the standard library
does not wrap (``setsid``, ``kill``, ``getppid``) are declared from the C library it links, as a
real attacker would. An error the attack meets is turned into a panic (``expect``), so that it
fails the case visibly. ``kill_parent`` may pass: in the sandbox's PID namespace the parent is
its init, which a signal from inside cannot kill, and ``kill(-1)`` spares the caller.

The attacks after ``kill_parent`` follow Python's pattern: attack, and return a wrong answer if
the attack visibly worked, so ``passed`` means it was contained. ``forge_outcomes_on_every_
descriptor`` returns a wrong answer and writes forged events (data cases, a native test's pass,
a test process's result line, ``done``) to every descriptor and to the old outcome files; it
must not pass. Not here, because it is the documented limit rather than something contained:
code run before ``main`` (a ``#[link_section = ".init_array"]`` static) could take the channel's
token before the harness reads it.

``write_home`` and ``write_repo`` may pass too, and only in this test: pytester makes the home
directory the test's own directory, under /tmp, which the sandbox replaces by a private tmpfs;
mounting the runner's (read-only) cache from under that home makes bubblewrap create its parent
directories in the tmpfs, where the write then lands, changing nothing outside (the test checks
the real directories). With a home outside /tmp the write fails on the read-only filesystem.
"""

LANGUAGE = "rust"
SIGNATURE = "pub fn add(a: i32, b: i32) -> i32"
HONEST = "pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n"

ATTACKS = {
    "infinite_loop": ("""
pub fn add(a: i32, b: i32) -> i32 {
    let mut n = a;
    loop {
        n = n.wrapping_add(b);
        std::hint::spin_loop();
    }
}
""", {"timeout"}),
    "fork_bomb": ("""
use std::process::Command;

pub fn add(a: i32, b: i32) -> i32 {
    let me = std::env::current_exe().expect("no executable");
    loop {
        let _ = Command::new(&me).spawn();
        if a > b + 1000 {
            return a;
        }
    }
}
""", {"runtime_error", "resource_limit", "timeout"}),
    "memory_bomb": ("""
pub fn add(a: i32, b: i32) -> i32 {
    let mut hog: Vec<Vec<u8>> = Vec::new();
    for _ in 0..4 {
        hog.push(vec![1u8; 64 << 20]);
    }
    let huge = vec![1u8; 16 << 30];
    a + b + i32::from(huge[huge.len() - 1]) + i32::try_from(hog.len()).unwrap_or(0)
}
""", {"resource_limit"}),
    "output_flood": ("""
use std::io::Write;

pub fn add(a: i32, b: i32) -> i32 {
    let line = "flood ".repeat(1000);
    let mut out = std::io::stdout();
    loop {
        let _ = out.write_all(line.as_bytes());
        if a > b + 1000 {
            return a;
        }
    }
}
""", {"resource_limit"}),
    "network": ("""
use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

pub fn add(a: i32, b: i32) -> i32 {
    let address = "127.0.0.1:{port}".parse().expect("address");
    let mut conn = TcpStream::connect_timeout(&address, Duration::from_secs(2))
        .expect("cannot connect");
    conn.write_all(b"{marker}").expect("cannot send");
    a + b
}
""", {"runtime_error"}),
    "write_home": ("""
pub fn add(a: i32, b: i32) -> i32 {
    std::fs::write("{home}/agentbench-pwned-{marker}", "pwned").expect("cannot write");
    a + b
}
""", {"runtime_error", "passed"}),
    "write_repo": ("""
pub fn add(a: i32, b: i32) -> i32 {
    std::fs::write("{repo}/agentbench-pwned-{marker}", "pwned").expect("cannot write");
    a + b
}
""", {"runtime_error", "passed"}),
    "write_tmp": ("""
pub fn add(a: i32, b: i32) -> i32 {
    std::fs::write("/tmp/agentbench-pwned-{marker}", "pwned").expect("cannot write");
    a + b
}
""", {"passed", "runtime_error"}),
    "read_secret": ("""
pub fn add(a: i32, b: i32) -> i32 {
    let secret = std::env::var("{secret_name}");
    println!("{:?}", secret);
    secret.expect("the secret is not in the environment");
    a + b
}
""", {"runtime_error"}),
    "child_left_running": ("""
use std::os::unix::process::CommandExt;
use std::process::Command;

extern "C" {
    fn setsid() -> i32;
}

pub fn add(a: i32, b: i32) -> i32 {
    let mut sleeper = Command::new("sleep");
    sleeper.arg("{marker}");
    // SAFETY: setsid is async-signal-safe.
    unsafe {
        sleeper.pre_exec(|| {
            setsid();
            Ok(())
        });
    }
    sleeper.spawn().expect("cannot start sleep");
    a + b
}
""", {"passed"}),
    "kill_parent": ("""
extern "C" {
    fn getppid() -> i32;
    fn kill(pid: i32, sig: i32) -> i32;
}

pub fn add(a: i32, b: i32) -> i32 {
    // SAFETY: plain system calls.
    unsafe {
        kill(getppid(), 9);
        kill(-1, 9);
    }
    a + b
}
""", {"runtime_error", "passed"}),
    "remount_and_unmount": ("""
use std::process::{Command, Stdio};

pub fn add(a: i32, b: i32) -> i32 {
    let mut worked = 0;
    for argv in [&["-o", "remount,bind,rw", "/"][..], &["-t", "tmpfs", "none", "/usr"][..]] {
        let status = Command::new("mount").args(argv).stderr(Stdio::null()).status();
        worked += i32::from(status.map_or(false, |s| s.success()));
    }
    for target in ["/tmp", "/proc"] {
        let status = Command::new("umount").args(["-l", target]).stderr(Stdio::null()).status();
        worked += i32::from(status.map_or(false, |s| s.success()));
    }
    // Places the sandbox binds read-only, outside /tmp (where {repo} lies in this test, see
    // write_repo): the run step's own directory and the system's.
    for path in ["agentbench-pwned-{marker}", "/usr/agentbench-pwned-{marker}"] {
        if std::fs::write(path, "pwned").is_ok() {
            worked += 1;
        }
    }
    a + b + worked
}
""", {"passed"}),
    "read_environ_of_every_process": ("""
pub fn add(a: i32, b: i32) -> i32 {
    let mut found = 0;
    for entry in std::fs::read_dir("/proc").expect("no /proc").flatten() {
        let Ok(data) = std::fs::read(entry.path().join("environ")) else { continue };
        let text = String::from_utf8_lossy(&data);
        if text.contains("{secret_name}") {
            println!("{}", text);
            found += 1;
        }
    }
    a + b + found
}
""", {"passed"}),
    "setns_into_host_network": ("""
use std::net::TcpStream;
use std::os::unix::io::AsRawFd;
use std::time::Duration;

extern "C" {
    fn setns(fd: i32, nstype: i32) -> i32;
}

pub fn add(a: i32, b: i32) -> i32 {
    for entry in std::fs::read_dir("/proc").expect("no /proc").flatten() {
        let Ok(ns) = std::fs::File::open(entry.path().join("ns/net")) else { continue };
        // SAFETY: a plain system call on a descriptor this function owns.
        unsafe {
            setns(ns.as_raw_fd(), 0x4000_0000);
        }
    }
    let address = "127.0.0.1:{port}".parse().expect("address");
    match TcpStream::connect_timeout(&address, Duration::from_secs(2)) {
        Ok(_) => a + b + 1,
        Err(_) => a + b,
    }
}
""", {"passed"}),
    "unix_socket_outside_tmp": ("""
use std::os::unix::net::UnixStream;

pub fn add(a: i32, b: i32) -> i32 {
    match UnixStream::connect("{unix_socket}") {
        Ok(_) => a + b + 1,
        Err(_) => a + b,
    }
}
""", {"passed"}),
    "ptrace_the_parent": ("""
extern "C" {
    fn getppid() -> i32;
    fn ptrace(request: i32, ...) -> i64;
}

pub fn add(a: i32, b: i32) -> i32 {
    let mut attached = 0;
    // SAFETY: plain system calls (PTRACE_ATTACH = 16).
    unsafe {
        for pid in [getppid(), 1] {
            attached += i32::from(ptrace(16, pid, 0_usize, 0_usize) == 0);
        }
    }
    a + b + attached
}
""", {"passed"}),
    "leave_files_and_memory": ("""
pub fn add(a: i32, b: i32) -> i32 {
    let home = std::env::var("HOME").unwrap_or_default();
    let data = vec![b'x'; 8 << 20];
    for path in ["/tmp/agentbench-left-{marker}".to_owned(),
                 "/dev/shm/agentbench-left-{marker}".to_owned(),
                 format!("{}/agentbench-left-{marker}", home),
                 "agentbench-left-{marker}".to_owned()] {
        let _ = std::fs::write(path, &data);
    }
    a + b
}
""", {"passed"}),
    "look_for_what_was_left": ("""
use std::path::{Path, PathBuf};

fn left_in(dir: &Path) -> i32 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut found = 0;
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with("agentbench-left-") {
            found += 1;
        }
    }
    found
}

fn subdirectories(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir).map_or_else(|_| Vec::new(), |entries| {
        entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect()
    })
}

pub fn add(a: i32, b: i32) -> i32 {
    let home = std::env::var("HOME").unwrap_or_default();
    let mut dirs = vec![PathBuf::from("/tmp"), PathBuf::from("/dev/shm"), PathBuf::from(home),
                        PathBuf::from(".")];
    dirs.extend(subdirectories(Path::new("/tmp")));
    dirs.extend(subdirectories(Path::new("..")));
    a + b + dirs.iter().map(|d| left_in(d)).sum::<i32>()
}
""", {"passed"}),
    "forge_outcomes_on_every_descriptor": ("""
use std::io::Write;

extern "C" {
    fn write(fd: i32, buf: *const u8, count: usize) -> isize;
}

pub fn add(a: i32, b: i32) -> i32 {
    let case = |i: i32, v: i32| {
        format!(r#"{{"event": "case", "index": {i}, "status": "value", "value": {v}}}"#)
    };
    let passed = r#"{"event": "native", "name": "adds", "status": "passed", "message": ""}"#;
    let lines = [
        r#"{"event": "loaded"}"#.to_owned(),
        r#"{"event": "start", "index": 0}"#.to_owned(),
        case(0, 3),
        r#"{"event": "start", "index": 1}"#.to_owned(),
        case(1, 4),
        r#"{"event": "tests", "names": ["adds"]}"#.to_owned(),
        r#"{"event": "native_start", "name": "adds"}"#.to_owned(),
        passed.to_owned(),
        r#"{"status": "passed", "message": ""}"#.to_owned(),
        r#"{"event": "done"}"#.to_owned(),
    ]
    .join("\n")
        + "\n";
    for fd in 3..256 {
        // SAFETY: write(2) of a valid buffer; a closed descriptor only returns an error.
        unsafe {
            write(fd, lines.as_ptr(), lines.len());
        }
    }
    for name in ["outcomes.jsonl", "events.jsonl", "native.jsonl"] {
        let file = std::fs::OpenOptions::new().append(true).create(true).open(name);
        if let Ok(mut file) = file {
            let _ = file.write_all(lines.as_bytes());
        }
    }
    std::process::exit(if a + b > 0 { 0 } else { 1 })
}
""", {"runtime_error", "wrong_answer", "harness_error"}),
}
