// The outcome channel of pytest-agentbench (pytest_agentbench/channel.py), for the harness and
// the node:test reporter: every event is one JSON line, carrying the channel's token as "t",
// written to an inherited descriptor that leads to a file outside the sandbox.
//
// `openChannel` must run before the solution is loaded: it reads the token to the end of its
// pipe, closes that, and removes both descriptors' numbers from the environment. The writer
// that `writer` returns keeps the token in a closure and holds its own references to the
// functions it calls, taken when this module loads, so a solution that later replaces
// `fs.writeSync`, `JSON.stringify` or `String.prototype.slice` never sees the token. What a
// solution in the same process can still do, said plainly: rewrite what an event says before
// it is written (a later patch of `JSON.stringify` changes the text handed to the writer), or
// find the token in the process's memory (channel.py's limit); it cannot learn the token from
// the events, and a line it writes itself without the token voids the run.

import * as fs from "node:fs";

const EVENTS_FD = "AGENTBENCH_EVENTS_FD";
const TOKEN_FD = "AGENTBENCH_TOKEN_FD";

const writeSync = fs.writeSync;
const apply = Reflect.apply;
const slice = String.prototype.slice;
const stringify = JSON.stringify;

/** Where events go, and the token they carry. */
export interface ChannelEnds {
  fd: number;
  token: string;
}

/** The channel named in the environment: the token read to EOF (its pipe closed), both
 * variables removed. Throws when the environment names no channel. */
export function openChannel(): ChannelEnds {
  const events = Number(process.env[EVENTS_FD]);
  const tokenFd = Number(process.env[TOKEN_FD]);
  delete process.env[EVENTS_FD];
  delete process.env[TOKEN_FD];
  if (!Number.isInteger(events) || !Number.isInteger(tokenFd)) {
    throw new Error(`no outcome channel: ${EVENTS_FD} and ${TOKEN_FD} must name descriptors`);
  }
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(256);
  for (;;) {
    const n = fs.readSync(tokenFd, buffer, 0, buffer.length, null);
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  fs.closeSync(tokenFd);
  return { fd: events, token: Buffer.concat(chunks).toString("ascii") };
}

/** A function writing one serialized event object (`{...}`) as a line with the token. */
export function writer(ends: ChannelEnds): (json: string) => void {
  const fd = ends.fd;
  const head = `{"t":${stringify(ends.token)}`;
  return (json: string): void => {
    const body = json.length > 2 ? `,${apply(slice, json, [1]) as string}` : "}";
    writeSync(fd, `${head}${body}\n`);
  };
}
