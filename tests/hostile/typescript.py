"""Hostile TypeScript solutions of ``add(a, b)``: each attacks, then answers correctly if it can.

``{marker}``, ``{home}``, ``{repo}``, ``{port}`` and ``{secret_name}`` are filled in by the test.
Every attack is paired with the failure kinds it may end in; ``passed`` where the attack is
harmless by construction (a private /tmp, a child that is killed with the sandbox). Only
Node.js built-in modules are used: JavaScript cannot fork, so the fork bomb starts copies of
its own process (``process.execPath`` with the same script: each copy runs the cases again and
starts more), as a real attacker would. An error the attack meets is thrown, so that it fails
the case visibly. ``kill_parent`` may pass: in the sandbox's PID namespace the parent is its
init, which a signal from inside cannot kill, and ``kill(-1)`` spares the caller.
"""

LANGUAGE = "typescript"
SIGNATURE = "function add(a: number, b: number): number"
HONEST = "function add(a: number, b: number): number {\n  return a + b;\n}\n"

ATTACKS = {
    "infinite_loop": ("""
function add(a: number, b: number): number {
  let total = a + b;
  while (true) {
    total += 1;
  }
}
""", {"timeout"}),
    "fork_bomb": ("""
import { spawn } from "node:child_process";

function add(a: number, b: number): number {
  while (true) {
    spawn(process.execPath, process.argv.slice(1), { stdio: "ignore" });
  }
}
""", {"runtime_error", "resource_limit", "timeout"}),
    "memory_bomb": ("""
function add(a: number, b: number): number {
  const hog: Uint8Array[] = [];
  while (true) {
    hog.push(new Uint8Array(256 * 1024 * 1024).fill(1));
  }
}
""", {"resource_limit"}),
    "output_flood": ("""
import { writeSync } from "node:fs";

function add(a: number, b: number): number {
  const line = "flood ".repeat(1000);
  while (true) {
    writeSync(1, line);
  }
}
""", {"resource_limit"}),
    "network": ("""
import { connect } from "node:net";

async function add(a: number, b: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port: {port} }, () => {
      socket.end("{marker}", resolve);
    });
    socket.on("error", reject);
  });
  return a + b;
}
""", {"runtime_error"}),
    "write_home": ("""
import { writeFileSync } from "node:fs";

function add(a: number, b: number): number {
  writeFileSync("{home}/agentbench-pwned-{marker}", "pwned");
  return a + b;
}
""", {"runtime_error"}),
    "write_repo": ("""
import { writeFileSync } from "node:fs";

function add(a: number, b: number): number {
  writeFileSync("{repo}/agentbench-pwned-{marker}", "pwned");
  return a + b;
}
""", {"runtime_error"}),
    "write_tmp": ("""
import { writeFileSync } from "node:fs";

function add(a: number, b: number): number {
  writeFileSync("/tmp/agentbench-pwned-{marker}", "pwned");
  return a + b;
}
""", {"passed", "runtime_error"}),
    "read_secret": ("""
function add(a: number, b: number): number {
  const secret = process.env["{secret_name}"];
  console.log(secret);
  if (secret === undefined) {
    throw new Error("the secret is not in the environment");
  }
  return a + b;
}
""", {"runtime_error"}),
    "child_left_running": ("""
import { spawn } from "node:child_process";

function add(a: number, b: number): number {
  spawn("sleep", ["{marker}"], { detached: true, stdio: "ignore" }).unref();
  return a + b;
}
""", {"passed"}),
    "kill_parent": ("""
function add(a: number, b: number): number {
  process.kill(process.ppid, "SIGKILL");
  process.kill(-1, "SIGKILL");
  return a + b;
}
""", {"runtime_error", "passed"}),
}
