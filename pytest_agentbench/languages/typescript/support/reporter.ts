// The node:test reporter of pytest-agentbench's native tests: it reports every test through the
// outcome channel (channel.ts), nothing to a file. The run step loads this module twice, and
// node gives the same instance both times:
//
//   node --require ./reporter.js --require ./prelude.js --test-reporter=./reporter.js \
//        solution.test.js
//
// `--require` loads it before the test file, and so before the solution the tests import: it
// takes the channel (the token) then. node:test later imports it as the reporter, an async
// generator over the test events (Node.js custom reporters), and runs it once.
//
// Events, one JSON line each:
//   {"event": "test_start", "name": "block > test"}        a test began running (test:dequeue)
//   {"event": "test", "name": ..., "leaf": true, "passed": false, "skip": false, "todo": false,
//    "seconds": 0.01, "failure_type": "testCodeFailure", "error_name": "AssertionError",
//    "error_code": "ERR_ASSERTION", "error": "...", "stack": "...", "location": "file:3:5"}
//   {"event": "done"}                                    node:test reported every test
// "leaf" is false for a block (`describe`, a test with subtests). A test that its own code
// skips (`test.skip`, `{ skip: true }`, `t.skip()`) has "skip", a `todo` one "todo": the
// plugin counts both as skipped, whatever they did. Results come in the order the tests are
// defined (a block after its tests); names are the blocks' and the test's, joined by " > ".
//
// The generator runs once: a second call (a solution calling this module's export itself)
// reports a harness error instead of any test. (A solution that runs in this process can
// still reach what the module holds; channel.py says so.)

import { openChannel, writer } from "./channel";

const send = writer(openChannel());
const stringify = JSON.stringify;
let used = false;

interface TestError {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  stack?: unknown;
  failureType?: unknown;
  cause?: unknown;
}

interface TestData {
  name?: string;
  nesting?: number;
  file?: string;
  line?: number;
  column?: number;
  skip?: unknown;
  todo?: unknown;
  details?: { duration_ms?: number; error?: TestError };
}

interface TestEvent {
  type: string;
  data?: TestData;
}

function text(value: unknown): string {
  return value === undefined || value === null ? "" : String(value);
}

/** The fields of a failure: a test's own error is the `cause` of node:test's wrapper. */
function failure(error: TestError | undefined): Record<string, string> {
  if (error === undefined) return {};
  let source: TestError = error;
  if (error.code === "ERR_TEST_FAILURE" && typeof error.cause === "object" && error.cause !== null) {
    source = error.cause as TestError;
  }
  return {
    failure_type: text(error.failureType),
    error_name: text(source.name),
    error_code: text(source.code),
    error: text(source.message ?? error.message),
    stack: text(source.stack),
  };
}

/** A name path kept by nesting: `at(n, name)` sets level n and drops the deeper ones. */
class Path {
  readonly names: string[] = [];

  at(nesting: number, name: string): string {
    this.names.length = Math.min(this.names.length, nesting);
    while (this.names.length < nesting) this.names.push("?");
    this.names.push(name);
    return this.names.join(" > ");
  }
}

async function* reporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string, void> {
  if (used) {
    send(stringify({ event: "harness_error", error_type: "Tampered",
      message: "the test reporter was started twice: the solution called it" }));
    return;
  }
  used = true;
  const running = new Path(); // by test:dequeue, as tests start
  const reported = new Path(); // by test:start, as node:test reports them
  const children: number[] = []; // results seen below each open level of `reported`
  for await (const event of source) {
    const data = event.data ?? {};
    const nesting = data.nesting ?? 0;
    const name = data.name ?? "";
    if (event.type === "test:dequeue") {
      send(stringify({ event: "test_start", name: running.at(nesting, name) }));
    } else if (event.type === "test:start") {
      reported.at(nesting, name);
      children.length = nesting;
      children.push(0);
    } else if (event.type === "test:pass" || event.type === "test:fail") {
      const full = reported.names.length > nesting && reported.names[nesting] === name
        ? reported.names.slice(0, nesting + 1).join(" > ") : reported.at(nesting, name);
      const leaf = (children[nesting] ?? 0) === 0;
      if (nesting > 0 && children[nesting - 1] !== undefined) children[nesting - 1] += 1;
      const location = data.file === undefined ? ""
        : `${data.file}:${data.line ?? 0}:${data.column ?? 0}`;
      send(stringify({
        event: "test", name: full, leaf, passed: event.type === "test:pass",
        skip: data.skip !== undefined && data.skip !== false,
        todo: data.todo !== undefined && data.todo !== false,
        skip_reason: typeof data.skip === "string" ? data.skip
          : typeof data.todo === "string" ? data.todo : "",
        seconds: (data.details?.duration_ms ?? 0) / 1000, location,
        ...(event.type === "test:fail" ? failure(data.details?.error) : {}),
      }));
    }
  }
  send(stringify({ event: "done" }));
}

export = reporter;
