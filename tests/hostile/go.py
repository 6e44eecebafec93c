"""Hostile Go solutions of ``Add(a, b)``: each attacks, then answers correctly if it can.

``{marker}``, ``{home}``, ``{repo}``, ``{port}`` and ``{secret_name}`` are filled in by the test.
Every attack is paired with the failure kinds it may end in; ``passed`` where the attack is
harmless by construction (a private /tmp, a child that is killed with the sandbox). Only the
standard library is used: Go cannot fork its own runtime, so the fork bomb re-executes the
solution binary (each copy runs the cases again and spawns more), as a real attacker would.
An error the attack meets is turned into a panic, so that it fails the case visibly.
``kill_parent`` may pass: in the sandbox's PID namespace the parent is its init, which a
signal from inside cannot kill, and ``kill(-1)`` spares the caller.
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
}
