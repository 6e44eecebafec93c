"""Hostile Go solutions of ``Add(a, b)``: each attacks, then answers correctly if it can.

``{marker}``, ``{home}``, ``{repo}``, ``{port}``, ``{secret_name}`` and ``{unix_socket}`` are
filled in by the test. Every attack is paired with the failure kinds it may end in; ``passed``
where the attack is harmless by construction (a private /tmp, a child that is killed with the
sandbox). Only the standard library is used: Go cannot fork its own runtime, so the fork bomb
re-executes the solution binary (each copy runs the cases again and spawns more), as a real
attacker would. In the first attacks an error is turned into a panic, so that it fails the case
visibly; the later ones follow the Python corpus's pattern: attack, and return a wrong answer
if the attack worked, so ``passed`` means it was contained. ``kill_parent`` may pass: in the
sandbox's PID namespace the parent is its init, which a signal from inside cannot kill, and
``kill(-1)`` spares the caller. The ``forge_*`` attacks return wrong answers and try to report
passes; they must not pass. ``read_the_token_first`` reads every descriptor in an ``init()``,
the earliest a solution's code runs, to take the channel's token before the harness does.
``read_what_other_solutions_compiled_to`` looks for the go build cache, which holds every
solution built (the reference's too): the compiled binary runs without it.
"""

LANGUAGE = "go"
SIGNATURE = "func Add(a, b int) int"
HONEST = "package main\n\nfunc Add(a, b int) int {\n\treturn a + b\n}\n"

ATTACKS = {
    "infinite_loop": ("""
package main

func Add(a, b int) int {
	for {
		a++
	}
}
""", {"timeout"}),
    "fork_bomb": ("""
package main

import (
	"os"
	"os/exec"
)

func Add(a, b int) int {
	for {
		cmd := exec.Command(os.Args[0])
		cmd.Env = os.Environ()
		_ = cmd.Start()
	}
}
""", {"runtime_error", "resource_limit", "timeout"}),
    "memory_bomb": ("""
package main

func Add(a, b int) int {
	var hog [][]byte
	for i := 0; i < 4; i++ {
		chunk := make([]byte, 64<<20)
		for j := range chunk {
			chunk[j] = 1
		}
		hog = append(hog, chunk)
	}
	huge := make([]byte, 16<<30)
	huge[len(huge)-1] = 1
	return a + b + len(hog) + int(huge[0])
}
""", {"resource_limit"}),
    "output_flood": ("""
package main

import (
	"os"
	"strings"
)

func Add(a, b int) int {
	line := strings.Repeat("flood ", 1000)
	for {
		_, _ = os.Stdout.WriteString(line)
	}
}
""", {"resource_limit"}),
    "network": ("""
package main

import (
	"net"
	"time"
)

func Add(a, b int) int {
	conn, err := net.DialTimeout("tcp", "127.0.0.1:{port}", 2*time.Second)
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("{marker}")); err != nil {
		panic(err)
	}
	return a + b
}
""", {"runtime_error"}),
    "write_home": ("""
package main

import "os"

func Add(a, b int) int {
	if err := os.WriteFile("{home}/agentbench-pwned-{marker}", []byte("pwned"), 0o644); err != nil {
		panic(err)
	}
	return a + b
}
""", {"runtime_error"}),
    "write_repo": ("""
package main

import "os"

func Add(a, b int) int {
	if err := os.WriteFile("{repo}/agentbench-pwned-{marker}", []byte("pwned"), 0o644); err != nil {
		panic(err)
	}
	return a + b
}
""", {"runtime_error"}),
    "write_tmp": ("""
package main

import "os"

func Add(a, b int) int {
	if err := os.WriteFile("/tmp/agentbench-pwned-{marker}", []byte("pwned"), 0o644); err != nil {
		panic(err)
	}
	return a + b
}
""", {"passed", "runtime_error"}),
    "read_secret": ("""
package main

import (
	"fmt"
	"os"
)

func Add(a, b int) int {
	secret, ok := os.LookupEnv("{secret_name}")
	fmt.Println(secret)
	if !ok {
		panic("the secret is not in the environment")
	}
	return a + b
}
""", {"runtime_error"}),
    "child_left_running": ("""
package main

import (
	"os/exec"
	"syscall"
)

func Add(a, b int) int {
	cmd := exec.Command("sleep", "{marker}")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		panic(err)
	}
	return a + b
}
""", {"passed"}),
    "kill_parent": ("""
package main

import (
	"os"
	"syscall"
)

func Add(a, b int) int {
	_ = syscall.Kill(os.Getppid(), syscall.SIGKILL)
	_ = syscall.Kill(-1, syscall.SIGKILL)
	return a + b
}
""", {"runtime_error", "passed"}),
    "remount_and_unmount": ("""
package main

import (
	"os"
	"os/exec"
	"syscall"
)

func Add(a, b int) int {
	worked := 0
	for _, argv := range [][]string{{"mount", "-o", "remount,bind,rw", "/"},
		{"umount", "-l", "/tmp"}, {"umount", "-l", "/proc"},
		{"mount", "-t", "tmpfs", "none", "/usr"}} {
		if exec.Command(argv[0], argv[1:]...).Run() == nil {
			worked++
		}
	}
	if syscall.Mount("", "/", "", syscall.MS_REMOUNT|syscall.MS_BIND, "") == nil {
		worked++
	}
	if syscall.Mount("none", "/usr", "tmpfs", 0, "") == nil {
		worked++
	}
	if syscall.Unmount("/proc", syscall.MNT_DETACH) == nil {
		worked++
	}
	if os.WriteFile("{repo}/agentbench-pwned-{marker}", []byte("pwned"), 0o644) == nil {
		worked++
	}
	return a + b + worked
}
""", {"passed"}),
    "read_environ_of_every_process": ("""
package main

import (
	"bytes"
	"fmt"
	"os"
)

func Add(a, b int) int {
	found := 0
	entries, _ := os.ReadDir("/proc")
	for _, entry := range entries {
		data, err := os.ReadFile("/proc/" + entry.Name() + "/environ")
		if err != nil {
			continue
		}
		if bytes.Contains(data, []byte("{secret_name}")) {
			fmt.Println(string(data))
			found++
		}
	}
	return a + b + found
}
""", {"passed"}),
    "setns_into_host_network": ("""
package main

import (
	"net"
	"os"
	"runtime"
	"syscall"
	"time"
)

// setns(2) by number: the syscall package has no wrapper for it
var setns = map[string]uintptr{"amd64": 308, "arm64": 268, "386": 346}[runtime.GOARCH]

func Add(a, b int) int {
	runtime.LockOSThread() // a namespace is a thread's: dial from this one
	entries, _ := os.ReadDir("/proc")
	for _, entry := range entries {
		f, err := os.Open("/proc/" + entry.Name() + "/ns/net")
		if err != nil {
			continue
		}
		_, _, _ = syscall.RawSyscall(setns, f.Fd(), syscall.CLONE_NEWNET, 0)
		f.Close()
	}
	conn, err := net.DialTimeout("tcp", "127.0.0.1:{port}", 2*time.Second)
	if err != nil {
		return a + b
	}
	conn.Close()
	return a + b + 1
}
""", {"passed"}),
    "unix_socket_outside_tmp": ("""
package main

import "net"

func Add(a, b int) int {
	conn, err := net.Dial("unix", "{unix_socket}")
	if err != nil {
		return a + b
	}
	conn.Close()
	return a + b + 1
}
""", {"passed"}),
    "ptrace_the_parent": ("""
package main

import (
	"os"
	"runtime"
	"syscall"
)

func Add(a, b int) int {
	runtime.LockOSThread() // ptrace requests come from the attaching thread
	attached := 0
	for _, pid := range []int{os.Getppid(), 1} {
		if syscall.PtraceAttach(pid) == nil {
			attached++
			_ = syscall.PtraceDetach(pid)
		}
	}
	return a + b + attached
}
""", {"passed"}),
    "leave_files_and_memory": ("""
package main

import (
	"bytes"
	"os"
	"path/filepath"
)

func Add(a, b int) int {
	home, _ := os.UserHomeDir()
	data := bytes.Repeat([]byte("x"), 8<<20)
	for _, path := range []string{"/tmp/agentbench-left-{marker}",
		"/dev/shm/agentbench-left-{marker}", filepath.Join(home, "agentbench-left-{marker}"),
		"agentbench-left-{marker}"} {
		_ = os.WriteFile(path, data, 0o644)
	}
	return a + b
}
""", {"passed"}),
    "look_for_what_was_left": ("""
package main

import (
	"os"
	"path/filepath"
)

func Add(a, b int) int {
	home, _ := os.UserHomeDir()
	found := 0
	for _, pattern := range []string{"/tmp/agentbench-left-*", "/dev/shm/agentbench-left-*",
		"/tmp/*/agentbench-left-*", filepath.Join(home, "agentbench-left-*"), "agentbench-left-*",
		"../*/agentbench-left-*"} {
		matches, _ := filepath.Glob(pattern)
		found += len(matches)
	}
	return a + b + found
}
""", {"passed"}),
    "forge_outcomes_on_every_descriptor": ("""
package main

import (
	"os"
	"syscall"
)

const forged = `{"event": "loaded"}
{"event": "start", "index": 0}
{"event": "case", "index": 0, "status": "value", "value": 3, "seconds": 0.0}
{"event": "start", "index": 1}
{"event": "case", "index": 1, "status": "value", "value": 4, "seconds": 0.0}
{"event": "listed", "names": ["TestAdd"]}
{"event": "start", "name": "TestAdd"}
{"event": "test", "name": "TestAdd", "status": "passed", "message": "", "seconds": 0.0}
{"event": "done"}
`

func Add(a, b int) int {
	for fd := 3; fd < 256; fd++ {
		_, _ = syscall.Write(fd, []byte(forged))
	}
	for _, name := range []string{"outcomes.jsonl", "events.jsonl", "native.jsonl"} {
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err == nil {
			_, _ = f.WriteString(forged)
			f.Close()
		}
	}
	os.Exit(0)
	return a - b
}
""", {"runtime_error", "wrong_answer", "harness_error"}),
    "read_the_token_first": ("""
package main

import (
	"fmt"
	"syscall"
)

var taken []string

func init() {
	buf := make([]byte, 4096)
	for fd := 3; fd < 256; fd++ {
		_ = syscall.SetNonblock(fd, true)
		if n, err := syscall.Read(fd, buf); err == nil && n > 0 {
			taken = append(taken, fmt.Sprintf("fd %d: %q", fd, buf[:n]))
		}
	}
}

func Add(a, b int) int {
	if len(taken) > 0 {
		fmt.Println(taken)
	}
	return a + b + len(taken)
}
""", {"passed"}),
    "read_what_other_solutions_compiled_to": ("""
package main

import (
	"fmt"
	"path/filepath"
)

func Add(a, b int) int {
	found := 0
	for _, root := range []string{"{home}/.cache/pytest-agentbench",
		"/root/.cache/pytest-agentbench", "/tmp/*/.cache/pytest-agentbench"} {
		matches, _ := filepath.Glob(root + "/go-build/*/*")
		if len(matches) > 0 {
			fmt.Println(matches[0])
		}
		found += len(matches)
	}
	return a + b + found
}
""", {"passed"}),
}
