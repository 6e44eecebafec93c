"""Hostile Rust solutions of ``add(a, b)``: each attacks, then answers correctly if it can.

``{marker}``, ``{home}``, ``{repo}``, ``{port}`` and ``{secret_name}`` are filled in by the test.
Every attack is paired with the failure kinds it may end in; ``passed`` where the attack is
harmless by construction (a private /tmp, a child that is killed with the sandbox). Only the
standard library is used: Rust's cannot fork, so the fork bomb re-executes the solution binary
(each copy runs the cases again and spawns more), and the system calls the standard library
does not wrap (``setsid``, ``kill``, ``getppid``) are declared from the C library it links, as a
real attacker would. An error the attack meets is turned into a panic (``expect``), so that it
fails the case visibly. ``kill_parent`` may pass: in the sandbox's PID namespace the parent is
its init, which a signal from inside cannot kill, and ``kill(-1)`` spares the caller.

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
}
