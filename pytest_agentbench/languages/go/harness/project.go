// The harness of Go's project mode (pytest-agentbench): runs an Exercism exercise's test
// binary (built by `go test -c`) the way `go test -json` runs it, under test2json, and
// reports every test and subtest through the outcome channel.
//
// This process holds the channel (the agentbench/harness package takes the token in its
// init) and runs no code of the solution: the tests run in the child process, whose output
// test2json turns into events. A line the code under test prints is an "output" event, never
// a result, unless it imitates the testing package's own "--- PASS: Name" lines; a test whose
// result comes twice, or without the test having started, is reported as such (the plugin
// does not count it as passed).
//
// Usage: harness TEST2JSON TEST_BINARY
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"

	agentbenchharness "agentbench/harness"
)

type object = map[string]interface{}

// testEvent is one line of test2json's output.
type testEvent struct {
	Action  string
	Test    string
	Elapsed float64
	Output  string
}

// test is what the stream said of one test so far.
type test struct {
	ran    bool
	output []string
}

const maxLines = 40

var (
	noise    = regexp.MustCompile(`^(=== (RUN|PAUSE|CONT|NAME)\s|--- (PASS|FAIL|SKIP): |PASS$|FAIL$)`)
	statuses = map[string]string{"pass": "test_passed", "fail": "test_failed", "skip": "skipped"}
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: harness TEST2JSON TEST_BINARY")
		os.Exit(2)
	}
	test2json, binary := os.Args[1], os.Args[2]
	agentbenchharness.Emit(object{"event": "planned", "tests": listTests(binary)})
	cmd := exec.Command(test2json, "-t", binary, "-test.v=true", "-test.paniconexit0")
	cmd.Stderr = os.Stderr
	stream, err := cmd.StdoutPipe()
	if err == nil {
		err = cmd.Start()
	}
	if err != nil {
		agentbenchharness.Emit(object{"event": "tests_error", "error_type": "HarnessError",
			"message": fmt.Sprintf("starting the test binary: %v", err)})
		os.Exit(0)
	}
	report(stream)
	_ = cmd.Wait() // a failing test's exit status says nothing the events did not
}

// listTests names the binary's top-level tests, examples and fuzz targets (not benchmarks),
// in the order they run.
func listTests(binary string) []string {
	out, err := exec.Command(binary, "-test.list", ".").Output()
	names := []string{}
	if err != nil {
		return names
	}
	for _, line := range strings.Split(string(out), "\n") {
		name := strings.TrimSpace(line)
		if name != "" && !strings.HasPrefix(name, "Benchmark") && !strings.Contains(name, " ") {
			names = append(names, name)
		}
	}
	return names
}

// report turns test2json's events into the channel's: start (a top-level test runs) and
// case (a test or subtest ended), with the test's own output as the message.
func report(stream io.Reader) {
	tests := map[string]*test{}
	reader := bufio.NewReaderSize(stream, 64<<10)
	for {
		line, err := reader.ReadBytes('\n')
		var ev testEvent
		if len(line) > 0 && json.Unmarshal(line, &ev) == nil && ev.Test != "" {
			t := tests[ev.Test]
			if t == nil {
				t = &test{}
				tests[ev.Test] = t
			}
			handle(ev, t)
		}
		if err != nil {
			return
		}
	}
}

func handle(ev testEvent, t *test) {
	switch ev.Action {
	case "run":
		t.ran = true
		if !strings.Contains(ev.Test, "/") {
			agentbenchharness.Emit(object{"event": "start", "name": ev.Test})
		}
	case "output":
		text := strings.TrimRight(ev.Output, "\n")
		if strings.TrimSpace(text) != "" && !noise.MatchString(strings.TrimSpace(text)) &&
			len(t.output) < maxLines {
			t.output = append(t.output, text)
		}
	case "pass", "fail", "skip":
		agentbenchharness.Emit(object{"event": "case", "name": ev.Test,
			"status": statuses[ev.Action], "message": strings.Join(t.output, "\n"),
			"seconds": ev.Elapsed, "ran": t.ran})
	}
}
