// The Jest reporter of pytest-agentbench's JavaScript native tests: it reports every test
// through the outcome channel (channel.js, compiled from the TypeScript runner's channel.ts),
// nothing to a file. Jest requires and constructs its reporters before it loads any test file,
// so before the solution the tests import: the channel (its token) is taken when this module
// loads, then both descriptors' numbers leave the environment.
//
// Events, one JSON line each:
//   {"event": "test_start", "name": "block > test"}                 a test began running
//   {"event": "test", "name": ..., "status": "passed", "seconds": 0.01, "assertion": true,
//    "message": "..."}                                                 a test's result
//   {"event": "file_error", "message": "..."}       the test file did not run (it or what it
//                                                   imports failed to load)
//   {"event": "done"}                               Jest reported every test
// "status" is Jest's own: passed, failed, pending (xtest, test.skip, a test in describe.skip),
// todo, skipped, disabled or focused; the plugin counts every status but passed and failed as
// skipped, never as a pass. "assertion" is true when an expect() matcher failed (not a thrown
// error). Names are the describe blocks' and the test's, joined by " > ".
//
// Jest reports a test as it finishes (onTestCaseResult), except those it skips, which come
// only with the file's result: they are reported then. (A solution running in this process
// can still reach what this module holds; channel.py says so.)

"use strict";

const { openChannel, writer } = require("./channel.js");

const send = writer(openChannel());
const stringify = JSON.stringify;
const FRAME = /^\s+at /;

function nameOf(result) {
  return [...(result.ancestorTitles || []), result.title || ""].join(" > ");
}

/** A failure's text without Jest's own stack frames (node_modules), at most 40 lines. */
function message(result) {
  const text = (result.failureMessages || []).join("\n");
  const lines = text.split("\n").filter((line) => !(FRAME.test(line) && line.includes("node_modules")));
  return lines.slice(0, 40).join("\n").trim();
}

function assertion(result) {
  return (result.failureDetails || []).some((d) => d && typeof d === "object" && "matcherResult" in d);
}

class AgentbenchReporter {
  constructor() {
    this.sent = new Map(); // name -> results sent for it so far
  }

  onTestCaseStart(_test, info) {
    send(stringify({ event: "test_start", name: nameOf(info) }));
  }

  onTestCaseResult(_test, result) {
    this.report(result);
  }

  onTestFileResult(_test, fileResult) {
    const seen = new Map();
    for (const result of fileResult.testResults || []) {
      const name = nameOf(result);
      seen.set(name, (seen.get(name) || 0) + 1);
      if (seen.get(name) > (this.sent.get(name) || 0)) this.report(result);
    }
    const error = fileResult.testExecError;
    if (error) {
      send(stringify({ event: "file_error",
        message: String(error.message || error.stack || error).trim() }));
    }
  }

  onRunComplete() {
    send(stringify({ event: "done" }));
  }

  report(result) {
    const name = nameOf(result);
    this.sent.set(name, (this.sent.get(name) || 0) + 1);
    send(stringify({
      event: "test", name, status: String(result.status || ""),
      seconds: (Number(result.duration) || 0) / 1000,
      assertion: result.status === "failed" && assertion(result),
      message: result.status === "failed" ? message(result) : "",
    }));
  }

  getLastError() {
    return undefined;
  }
}

module.exports = AgentbenchReporter;
