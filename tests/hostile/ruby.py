"""Hostile Ruby solutions of ``add(a, b)``: each attacks, then answers correctly if it can.

``{marker}``, ``{home}``, ``{repo}``, ``{port}`` and ``{secret_name}`` are filled in by the test.
Every attack is paired with the failure kinds it may end in; ``passed`` where the attack is
harmless by construction (a private /tmp, a child that is killed with the sandbox). Only the
standard library is used (``socket`` is part of it).
"""

LANGUAGE = "ruby"
SIGNATURE = "# @param a [Integer]\n# @param b [Integer]\n# @return [Integer]\ndef add(a, b)\nend\n"
HONEST = "def add(a, b)\n  a + b\nend\n"

ATTACKS = {
    "infinite_loop": ("""
def add(a, b)
  loop { a += 1 }
end
""", {"timeout"}),
    "fork_bomb": ("""
def add(a, b)
  loop { fork }
end
""", {"runtime_error", "resource_limit", "timeout"}),
    "memory_bomb": ("""
def add(a, b)
  hog = Array.new(4) { 'x' * (64 * 1024 * 1024) }
  hog << ('x' * (16 * 1024**3))
end
""", {"resource_limit"}),
    "output_flood": ("""
def add(a, b)
  loop { $stdout.write('flood ' * 1000) }
end
""", {"resource_limit"}),
    "network": ("""
require 'socket'

def add(a, b)
  Socket.tcp('127.0.0.1', {port}, connect_timeout: 2) { |conn| conn.write('{marker}') }
  a + b
end
""", {"runtime_error"}),
    "write_home": ("""
def add(a, b)
  File.write('{home}/agentbench-pwned-{marker}', 'pwned')
  a + b
end
""", {"runtime_error"}),
    "write_repo": ("""
def add(a, b)
  File.write('{repo}/agentbench-pwned-{marker}', 'pwned')
  a + b
end
""", {"runtime_error"}),
    "write_tmp": ("""
def add(a, b)
  File.write('/tmp/agentbench-pwned-{marker}', 'pwned')
  a + b
end
""", {"passed", "runtime_error"}),
    "read_secret": ("""
def add(a, b)
  puts ENV.fetch('{secret_name}')
  a + b
end
""", {"runtime_error"}),
    "child_left_running": ("""
def add(a, b)
  Process.detach(Process.spawn('sleep', '{marker}', pgroup: true))
  a + b
end
""", {"passed"}),
    "kill_parent": ("""
def add(a, b)
  Process.kill('KILL', Process.ppid)
  Process.kill('KILL', -1)
  a + b
end
""", {"runtime_error"}),
}
