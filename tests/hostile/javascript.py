"""Hostile JavaScript solutions of ``add(a, b)``: each attacks, then answers correctly if it can.

The TypeScript corpus (``tests/hostile/typescript.py``) in plain JavaScript, as ES modules, plus
the same attacks written as CommonJS (``require``), which Node.js loads by another path: the
harness is the TypeScript runner's, so the same containment must hold for both module systems.
``{marker}``, ``{home}``, ``{repo}``, ``{port}``, ``{secret_name}`` and ``{unix_socket}`` are
filled in by the test; every attack is paired with the failure kinds it may end in, ``passed``
where it is harmless by construction or returns a wrong answer when it visibly worked (see the
TypeScript corpus for each attack's reasoning). Node.js's standard library has no ``setns`` or
``ptrace``, so those two attacks have no JavaScript form; ``mount`` and ``umount`` are run as
programs. ``forge_outcomes_on_every_descriptor`` returns a wrong answer and writes forged
events (the data cases, a Jest test's pass, ``done``) to every open descriptor; it must not
pass.
"""

LANGUAGE = "javascript"
SIGNATURE = ("/**\n * @param {number} a\n * @param {number} b\n * @returns {number}\n */\n"
             "function add(a, b)")
HONEST = "function add(a, b) {\n  return a + b;\n}\n"

ATTACKS = {
    "infinite_loop": ("""
function add(a, b) {
  let total = a + b;
  while (true) {
    total += 1;
  }
}
""", {'timeout'}),
    "fork_bomb": ("""
import { spawn } from "node:child_process";

function add(a, b) {
  while (true) {
    spawn(process.execPath, process.argv.slice(1), { stdio: "ignore" });
  }
}
""", {'resource_limit', 'runtime_error', 'timeout'}),
    "memory_bomb": ("""
function add(a, b) {
  const hog = [];
  while (true) {
    hog.push(new Uint8Array(256 * 1024 * 1024).fill(1));
  }
}
""", {'resource_limit'}),
    "output_flood": ("""
import { writeSync } from "node:fs";

function add(a, b) {
  const line = "flood ".repeat(1000);
  while (true) {
    writeSync(1, line);
  }
}
""", {'resource_limit'}),
    "network": ("""
import { connect } from "node:net";

async function add(a, b) {
  await new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port: {port} }, () => {
      socket.end("{marker}", resolve);
    });
    socket.on("error", reject);
  });
  return a + b;
}
""", {'runtime_error'}),
    "write_home": ("""
import { writeFileSync } from "node:fs";

function add(a, b) {
  writeFileSync("{home}/agentbench-pwned-{marker}", "pwned");
  return a + b;
}
""", {'runtime_error'}),
    "write_repo": ("""
import { writeFileSync } from "node:fs";

function add(a, b) {
  writeFileSync("{repo}/agentbench-pwned-{marker}", "pwned");
  return a + b;
}
""", {'runtime_error'}),
    "write_tmp": ("""
import { writeFileSync } from "node:fs";

function add(a, b) {
  writeFileSync("/tmp/agentbench-pwned-{marker}", "pwned");
  return a + b;
}
""", {'passed', 'runtime_error'}),
    "read_secret": ("""
function add(a, b) {
  const secret = process.env["{secret_name}"];
  console.log(secret);
  if (secret === undefined) {
    throw new Error("the secret is not in the environment");
  }
  return a + b;
}
""", {'runtime_error'}),
    "child_left_running": ("""
import { spawn } from "node:child_process";

function add(a, b) {
  spawn("sleep", ["{marker}"], { detached: true, stdio: "ignore" }).unref();
  return a + b;
}
""", {'passed'}),
    "kill_parent": ("""
function add(a, b) {
  process.kill(process.ppid, "SIGKILL");
  process.kill(-1, "SIGKILL");
  return a + b;
}
""", {'passed', 'runtime_error'}),
    "remount_and_unmount": ("""
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";

function add(a, b) {
  let worked = 0;
  for (const argv of [["mount", "-o", "remount,bind,rw", "/"], ["umount", "-l", "/tmp"],
    ["umount", "-l", "/proc"], ["mount", "-t", "tmpfs", "none", "/usr"]]) {
    const done = spawnSync(argv[0], argv.slice(1), { stdio: "ignore" });
    if (done.error === undefined && done.status === 0) worked += 1;
  }
  try {
    writeFileSync("{repo}/agentbench-pwned-{marker}", "pwned");
    worked += 1;
  } catch {
    // contained
  }
  return a + b + worked;
}
""", {'passed'}),
    "read_environ_of_every_process": ("""
import { readdirSync, readFileSync } from "node:fs";

function add(a, b) {
  let found = 0;
  for (const pid of readdirSync("/proc")) {
    let data;
    try {
      data = readFileSync(`/proc/${pid}/environ`, "latin1");
    } catch {
      continue;
    }
    if (data.includes("{secret_name}")) {
      console.log(data);
      found += 1;
    }
  }
  return a + b + found;
}
""", {'passed'}),
    "unix_socket_outside_tmp": ("""
import { connect } from "node:net";

async function add(a, b) {
  const reached = await new Promise((resolve) => {
    const socket = connect({ path: "{unix_socket}" }, () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
  return reached ? a + b + 1 : a + b;
}
""", {'passed'}),
    "overwrite_the_harness": ("""
import { writeFileSync } from "node:fs";

function add(a, b) {
  let written = 0;
  for (const name of ["harness.js", "channel.js", "prelude.js", "package.json", "job.json"]) {
    try {
      writeFileSync(name, "process.exit(0);\\n");
      written += 1;
    } catch {
      // a read-only work directory
    }
  }
  return a + b + written;
}
""", {'passed'}),
    "leave_files_and_memory": ("""
import { writeFileSync } from "node:fs";
import { homedir } from "node:os";

function add(a, b) {
  for (const path of ["/tmp/agentbench-left-{marker}", "/dev/shm/agentbench-left-{marker}",
    `${homedir()}/agentbench-left-{marker}`, "agentbench-left-{marker}"]) {
    try {
      writeFileSync(path, Buffer.alloc(8 << 20, 120));
    } catch {
      // not writable
    }
  }
  return a + b;
}
""", {'passed'}),
    "look_for_what_was_left": ("""
import { readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

function entries(dir) {
  try {
    return readdirSync(dir).map((name) => join(dir, name));
  } catch {
    return [];
  }
}

function add(a, b) {
  const places = ["/tmp", "/dev/shm", homedir(), ".", ...entries("/tmp"), ...entries("..")];
  const found = places.flatMap(entries).filter((p) => p.includes("agentbench-left-"));
  return a + b + found.length;
}
""", {'passed'}),
    "forge_outcomes_on_every_descriptor": ("""
import { appendFileSync, fstatSync, writeSync } from "node:fs";

const LINES = [{ event: "loaded" }, { event: "start", index: 0 },
  { event: "case", index: 0, status: "value", value: 3, seconds: 0 },
  { event: "start", index: 1 },
  { event: "case", index: 1, status: "value", value: 4, seconds: 0 },
  { event: "test", name: "add", status: "passed", seconds: 0 },
  { event: "done" }];

function add(a, b) {
  const text = LINES.map((line) => `${JSON.stringify(line)}\\n`).join("");
  for (let fd = 3; fd < 256; fd += 1) {
    try {
      const stat = fstatSync(fd);
      if (stat.isFile() || stat.isFIFO()) writeSync(fd, text);
    } catch {
      // not open, or not writable
    }
  }
  for (const name of ["outcomes.jsonl", "events.jsonl", "native.jsonl"]) {
    try {
      appendFileSync(name, text);
    } catch {
      // a read-only work directory
    }
  }
  process.exit(0);
  return a - b;
}
""", {'harness_error', 'runtime_error', 'wrong_answer'}),
    "commonjs_write_home_and_repo": ("""
const fs = require("node:fs");

function add(a, b) {
  fs.writeFileSync("{home}/agentbench-pwned-{marker}", "pwned");
  fs.writeFileSync("{repo}/agentbench-pwned-{marker}", "pwned");
  return a + b;
}

module.exports = { add };
""", {"runtime_error"}),
    "commonjs_forge_outcomes_then_exit": ("""
const fs = require("node:fs");

function add(a, b) {
  const line = JSON.stringify({ event: "case", index: 0, status: "value", value: 3, seconds: 0 });
  for (let fd = 3; fd < 64; fd += 1) {
    try {
      fs.writeSync(fd, `${line}\\n{"event": "done"}\\n`);
    } catch {
      // not open
    }
  }
  process.exit(0);
}

module.exports.add = add;
""", {"runtime_error", "wrong_answer", "harness_error"}),
    "commonjs_read_secret_at_load": ("""
const secret = process.env["{secret_name}"];
if (secret !== undefined) {
  console.log(secret);
  throw new Error(`the secret is visible: ${secret}`);
}

exports.add = (a, b) => a + b;
""", {"passed"}),
}
