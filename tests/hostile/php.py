"""Hostile PHP solutions of ``add(a, b)``: each attacks, then answers correctly if it can.

``{marker}``, ``{home}``, ``{repo}``, ``{port}``, ``{secret_name}`` and ``{unix_socket}`` are
filled in by the test. Every attack is paired with the failure kinds it may end in; ``passed``
where the attack is harmless by construction (a private /tmp, a child that is killed with the
sandbox). PHP reports most failed system calls with a warning and a ``false`` result, so the
attacks check the result and throw, as code that needs the resource would. Attacks whose success
the solution can see follow one pattern: attack, and return a wrong answer if the attack worked,
so ``passed`` means it was contained; system calls PHP has no function for go through FFI (a
bundled extension), where it is enabled. The ``forge_*`` attacks return wrong answers and try to
report passes; they must not pass.
"""

LANGUAGE = "php"
SIGNATURE = "function add(int $a, int $b): int"
HONEST = """<?php

declare(strict_types=1);

function add(int $a, int $b): int
{
    return $a + $b;
}
"""

ATTACKS = {
    "infinite_loop": ("""<?php
function add(int $a, int $b): int
{
    while (true) {
    }
}
""", {"timeout"}),
    "fork_bomb": ("""<?php
function add(int $a, int $b): int
{
    while (true) {
        pcntl_fork();
    }
}
""", {"runtime_error", "resource_limit", "timeout"}),
    "memory_bomb": ("""<?php
function add(int $a, int $b): int
{
    ini_set('memory_limit', '-1');
    $hog = [];
    for ($i = 0; $i < 4; $i++) {
        $hog[] = str_repeat('x', 64 * 1024 * 1024);
    }
    $hog[] = str_repeat('x', 16 * 1024 ** 3);
    return count($hog);
}
""", {"resource_limit"}),
    "output_flood": ("""<?php
function add(int $a, int $b): int
{
    while (true) {
        echo str_repeat('flood ', 1000);
    }
}
""", {"resource_limit"}),
    "network": ("""<?php
function add(int $a, int $b): int
{
    $conn = stream_socket_client('tcp://127.0.0.1:{port}', $errno, $error, 2);
    if ($conn === false) {
        throw new RuntimeException("cannot connect: $error");
    }
    fwrite($conn, '{marker}');
    fclose($conn);
    return $a + $b;
}
""", {"runtime_error"}),
    "write_home": ("""<?php
function add(int $a, int $b): int
{
    $file = new SplFileObject('{home}/agentbench-pwned-{marker}', 'w');
    $file->fwrite('pwned');
    return $a + $b;
}
""", {"runtime_error"}),
    "write_repo": ("""<?php
function add(int $a, int $b): int
{
    $file = new SplFileObject('{repo}/agentbench-pwned-{marker}', 'w');
    $file->fwrite('pwned');
    return $a + $b;
}
""", {"runtime_error"}),
    "write_tmp": ("""<?php
function add(int $a, int $b): int
{
    $file = new SplFileObject('/tmp/agentbench-pwned-{marker}', 'w');
    $file->fwrite('pwned');
    return $a + $b;
}
""", {"passed", "runtime_error"}),
    "read_secret": ("""<?php
function add(int $a, int $b): int
{
    $secret = getenv('{secret_name}');
    if ($secret === false) {
        throw new OutOfBoundsException('{secret_name} is not set');
    }
    echo $secret, PHP_EOL;
    return $a + $b;
}
""", {"runtime_error"}),
    "child_left_running": ("""<?php
function add(int $a, int $b): int
{
    exec('setsid sleep {marker} > /dev/null 2>&1 &');
    return $a + $b;
}
""", {"passed"}),
    "kill_parent": ("""<?php
function add(int $a, int $b): int
{
    posix_kill(posix_getppid(), SIGKILL);
    posix_kill(-1, SIGKILL);
    return $a + $b;
}
""", {"passed", "runtime_error"}),  # in a PID namespace the parent is its init: unkillable
    "remount_and_unmount": ("""<?php
function add(int $a, int $b): int
{
    $worked = 0;
    foreach (['mount -o remount,bind,rw /', 'umount -l /tmp', 'umount -l /proc',
              'mount -t tmpfs none /usr'] as $command) {
        $out = [];
        if (@exec($command . ' 2>/dev/null', $out, $status) !== false && $status === 0) {
            $worked++;
        }
    }
    // the host checks that this write did not reach {repo}; from inside it may seem to work,
    // since under the test {repo} is below /tmp, the sandbox's private /tmp
    @file_put_contents('{repo}/agentbench-pwned-{marker}', 'pwned');
    return $a + $b + $worked;
}
""", {"passed"}),
    "read_environ_of_every_process": ("""<?php
function add(int $a, int $b): int
{
    $found = 0;
    foreach (scandir('/proc') ?: [] as $pid) {
        $data = @file_get_contents("/proc/$pid/environ");
        if (is_string($data) && str_contains($data, '{secret_name}')) {
            echo $data, PHP_EOL;
            $found++;
        }
    }
    return $a + $b + $found;
}
""", {"passed"}),
    "setns_into_host_network": ("""<?php
function add(int $a, int $b): int
{
    if (class_exists(FFI::class)) {
        try {
            $libc = FFI::cdef('int open(const char *path, int flags);'
                . ' int setns(int fd, int nstype); int close(int fd);');
            foreach (scandir('/proc') ?: [] as $pid) {
                $fd = $libc->open("/proc/$pid/ns/net", 0);
                if ($fd >= 0) {
                    $libc->setns($fd, 0x40000000);
                    $libc->close($fd);
                }
            }
        } catch (Throwable) {
        }
    }
    $conn = @stream_socket_client('tcp://127.0.0.1:{port}', $errno, $error, 2);
    if ($conn === false) {
        return $a + $b;
    }
    fclose($conn);
    return $a + $b + 1;
}
""", {"passed"}),
    "unix_socket_outside_tmp": ("""<?php
function add(int $a, int $b): int
{
    $conn = @stream_socket_client('unix://{unix_socket}', $errno, $error, 2);
    if ($conn === false) {
        return $a + $b;
    }
    fclose($conn);
    return $a + $b + 1;
}
""", {"passed"}),
    "ptrace_the_parent": ("""<?php
function add(int $a, int $b): int
{
    $attached = 0;
    if (class_exists(FFI::class)) {
        try {
            $libc = FFI::cdef('long ptrace(int request, int pid, void *addr, void *data);');
            foreach (array_unique([posix_getppid(), 1]) as $pid) {
                $attached += $libc->ptrace(16, $pid, null, null) === 0 ? 1 : 0; // PTRACE_ATTACH
            }
        } catch (Throwable) {
        }
    }
    return $a + $b + $attached;
}
""", {"passed"}),
    "leave_files_and_memory": ("""<?php
function add(int $a, int $b): int
{
    $home = getenv('HOME') ?: '/tmp';
    foreach (['/tmp/agentbench-left-{marker}', '/dev/shm/agentbench-left-{marker}',
              "$home/agentbench-left-{marker}", 'agentbench-left-{marker}'] as $path) {
        @file_put_contents($path, str_repeat('x', 8 << 20));
    }
    return $a + $b;
}
""", {"passed"}),
    "look_for_what_was_left": ("""<?php
function add(int $a, int $b): int
{
    $home = getenv('HOME') ?: '/tmp';
    $found = [];
    $patterns = ['/tmp/agentbench-left-*', '/dev/shm/agentbench-left-*', '/tmp/*/agentbench-left-*',
        "$home/agentbench-left-*", 'agentbench-left-*', '../*/agentbench-left-*'];
    foreach ($patterns as $pattern) {
        $found = array_merge($found, glob($pattern) ?: []);
    }
    return $a + $b + count($found);
}
""", {"passed"}),
    "forge_outcomes_on_every_descriptor": ("""<?php
function add(int $a, int $b): int
{
    $lines = [['event' => 'loaded'], ['event' => 'start', 'index' => 0],
        ['event' => 'case', 'index' => 0, 'status' => 'value', 'value' => 3, 'seconds' => 0.0],
        ['event' => 'start', 'index' => 1],
        ['event' => 'case', 'index' => 1, 'status' => 'value', 'value' => 4, 'seconds' => 0.0],
        ['event' => 'plan', 'tests' => ['test_add']], ['event' => 'start', 'test' => 'test_add'],
        ['event' => 'test', 'test' => 'test_add', 'status' => 'passed', 'seconds' => 0.0],
        ['event' => 'done']];
    $text = '';
    foreach ($lines as $line) {
        $text .= json_encode($line) . "\\n";
    }
    for ($fd = 3; $fd < 256; $fd++) {
        $out = @fopen("php://fd/$fd", 'a');
        if ($out !== false) {
            @fwrite($out, $text);
            @fclose($out);
        }
    }
    foreach (['outcomes.jsonl', 'events.jsonl', 'native.jsonl'] as $name) {
        @file_put_contents($name, $text, FILE_APPEND);
    }
    if (class_exists(FFI::class)) {
        try {
            FFI::cdef('void _exit(int status);')->_exit(0); // no shutdown handler runs
        } catch (Throwable) {
        }
    }
    exit(0);
}
""", {"runtime_error", "wrong_answer", "harness_error"}),
}
