"""Hostile Ruby solutions of ``add(a, b)``: each attacks, then answers correctly if it can.

``{marker}``, ``{home}``, ``{repo}``, ``{port}``, ``{secret_name}`` and ``{unix_socket}`` are
filled in by the test. Every attack is paired with the failure kinds it may end in; ``passed``
where the attack is harmless by construction (a private /tmp, a child that is killed with the
sandbox). Attacks whose success the solution can see follow one pattern: attack, and return a
wrong answer if the attack worked, so ``passed`` means it was contained. The ``forge_*`` attacks
return wrong answers and try to report passes; they must not pass. Only the standard library is
used (``socket``, and ``fiddle`` for the system calls Ruby has no method for).
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
    "remount_and_unmount": ("""
def add(a, b)
  worked = [%w[mount -o remount,bind,rw /], %w[umount -l /tmp], %w[umount -l /proc],
            %w[mount -t tmpfs none /usr]].count do |argv|
    system(*argv, out: File::NULL, err: File::NULL)
  end
  begin
    File.write('{repo}/agentbench-pwned-{marker}', 'pwned')
    worked += 1
  rescue SystemCallError
    nil
  end
  a + b + worked
end
""", {"passed"}),
    "read_environ_of_every_process": ("""
def add(a, b)
  found = Dir.children('/proc').count do |pid|
    data = File.binread("/proc/#{pid}/environ")
    puts data if data.include?('{secret_name}')
    data.include?('{secret_name}')
  rescue SystemCallError, IOError
    false
  end
  a + b + found
end
""", {"passed"}),
    "setns_into_host_network": ("""
require 'fiddle'
require 'socket'

def add(a, b)
  setns = Fiddle::Function.new(Fiddle.dlopen(nil)['setns'], [Fiddle::TYPE_INT, Fiddle::TYPE_INT],
                               Fiddle::TYPE_INT)
  Dir.children('/proc').each do |pid|
    File.open("/proc/#{pid}/ns/net") { |ns| setns.call(ns.fileno, 0x40000000) }
  rescue SystemCallError
    nil
  end
  begin
    Socket.tcp('127.0.0.1', {port}, connect_timeout: 2).close
  rescue SystemCallError, IOError
    return a + b
  end
  a + b + 1
end
""", {"passed"}),
    "unix_socket_outside_tmp": ("""
require 'socket'

def add(a, b)
  UNIXSocket.new('{unix_socket}').close
  a + b + 1
rescue SystemCallError, IOError
  a + b
end
""", {"passed"}),
    "ptrace_the_parent": ("""
require 'fiddle'

def add(a, b)
  ptrace = Fiddle::Function.new(Fiddle.dlopen(nil)['ptrace'],
                                [Fiddle::TYPE_LONG, Fiddle::TYPE_INT, Fiddle::TYPE_VOIDP,
                                 Fiddle::TYPE_VOIDP], Fiddle::TYPE_LONG)
  attached = [Process.ppid, 1].uniq.count do |pid|
    ptrace.call(16, pid, nil, nil).zero? # PTRACE_ATTACH
  end
  a + b + attached
end
""", {"passed"}),
    "overwrite_the_harness": ("""
def add(a, b)
  written = %w[agentbench_harness.rb agentbench_common.rb agentbench_minitest.rb job.json
               solution.rb].count do |name|
    File.write(name, "abort 'hijacked'\\n")
    true
  rescue SystemCallError, IOError
    false
  end
  a + b + written
end
""", {"passed"}),
    "leave_files_and_memory": ("""
def add(a, b)
  ['/tmp/agentbench-left-{marker}', '/dev/shm/agentbench-left-{marker}',
   File.join(Dir.home, 'agentbench-left-{marker}'), 'agentbench-left-{marker}'].each do |path|
    File.binwrite(path, 'x' * (8 << 20))
  rescue SystemCallError, IOError
    nil
  end
  a + b
end
""", {"passed"}),
    "look_for_what_was_left": ("""
def add(a, b)
  found = Dir.glob(['/tmp/agentbench-left-*', '/dev/shm/agentbench-left-*',
                    '/tmp/*/agentbench-left-*', File.join(Dir.home, 'agentbench-left-*'),
                    'agentbench-left-*', '../*/agentbench-left-*'])
  a + b + found.size
end
""", {"passed"}),
    "forge_outcomes_on_every_descriptor": ("""
require 'json'

def add(a, b)
  lines = [{ event: 'loaded' }, { event: 'start', index: 0 },
           { event: 'case', index: 0, status: 'value', value: 3, seconds: 0.0 },
           { event: 'start', index: 1 },
           { event: 'case', index: 1, status: 'value', value: 4, seconds: 0.0 },
           { event: 'plan', names: ['test_add'] }, { event: 'start', name: 'test_add' },
           { event: 'test', name: 'test_add', status: 'passed', seconds: 0.0 },
           { event: 'done' }]
  text = lines.map { |line| "#{JSON.generate(line)}\\n" }.join
  (3..255).each do |fd|
    IO.new(fd, 'a', autoclose: false).tap { |io| io.write(text) }.flush
  rescue StandardError
    nil
  end
  %w[outcomes.jsonl events.jsonl native.jsonl].each do |name|
    File.write(name, text, mode: 'a')
  rescue StandardError
    nil
  end
  exit!(0)
end
""", {"runtime_error", "wrong_answer", "harness_error"}),
}
