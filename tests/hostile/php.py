"""Hostile PHP solutions of ``add(a, b)``: each attacks, then answers correctly if it can.

``{marker}``, ``{home}``, ``{repo}``, ``{port}`` and ``{secret_name}`` are filled in by the test.
Every attack is paired with the failure kinds it may end in; ``passed`` where the attack is
harmless by construction (a private /tmp, a child that is killed with the sandbox). PHP reports
most failed system calls with a warning and a ``false`` result, so the attacks check the result
and throw, as code that needs the resource would.
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
}
