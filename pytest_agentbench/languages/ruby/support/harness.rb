# frozen_string_literal: true

# rubocop:disable Metrics -- flat, explicit support code reads better here than tiny methods

# Harness for Ruby solutions (pytest-agentbench). Run in the work directory as
#
#   ruby --disable-gems agentbench_harness.rb job.json
#
# next to solution.rb. It compiles the solution (a SyntaxError is a `compile_error` event),
# runs it, then calls the entry point once per case with the JSON arguments as Ruby values
# (trees and linked lists built where the parameter's kind says so) and reports one event per
# outcome through the outcome channel (AgentbenchCommon::Channel: opened, and its token read,
# before any code of the solution runs), as it happens. A timing job ("mode": "timing") times
# the solution against the reference instead, both in this process: the solution loaded at the
# top level as for its cases, the reference inside an anonymous Module; per size, rounds of one
# unit of each (a call of the entry point on its `args` or, for a class, a fresh object built
# from `init` and every call of `calls`), reported as CPU seconds per unit (docs/runners.md,
# "Timing").
# Nothing is written to the work directory, which is read-only. Standard library only.
require 'json'
require_relative 'agentbench_common'

# Calls the solution for every case of job.json and reports what it returned or raised.
module AgentbenchHarness
  MAX_NODES = 1_000_000 # a longer linked list or tree is taken to be cyclic
  MAX_DEPTH = 10_000 # nesting of a result
  MAX_ITEMS = 1_000_000 # elements taken from an Enumerator result

  module_function

  # ------------------------------------------------------------------ arguments

  # A JSON argument as the parameter's kind wants it; node classes are looked up in `space`,
  # the namespace of the code called (Object, or the reference's Module when timing).
  def argument(value, kind, space = Object)
    case kind
    when 'tree' then build_tree(value, space)
    when 'linked_list' then build_list(value, space)
    else value
    end
  end

  def node_class(name, space)
    space.const_get(name)
  end

  def new_node(klass, val)
    klass.new(val)
  rescue ArgumentError
    klass.allocate.tap { |node| node.instance_variable_set(:@val, val) }
  end

  def link(node, field, child)
    setter = :"#{field}="
    if node.respond_to?(setter)
      node.public_send(setter, child)
    else
      node.instance_variable_set(:"@#{field}", child)
    end
  end

  def build_tree(values, space = Object)
    return nil if values.nil? || values.empty? || values.first.nil?

    klass = node_class('TreeNode', space)
    nodes = values.map { |v| v.nil? ? nil : new_node(klass, v) }
    children = nodes.drop(1).each_slice(2).to_a
    nodes.compact.zip(children) do |node, (left, right)|
      link(node, 'left', left)
      link(node, 'right', right)
    end
    nodes.first
  end

  def build_list(values, space = Object)
    return nil if values.nil?

    klass = node_class('ListNode', space)
    values.reverse.reduce(nil) do |rest, v|
      new_node(klass, v).tap { |node| link(node, 'next', rest) }
    end
  end

  # ------------------------------------------------------------------ results

  def field(node, name)
    return node.public_send(name) if node.respond_to?(name)

    ivar = :"@#{name}"
    node.instance_variable_defined?(ivar) ? node.instance_variable_get(ivar) : nil
  end

  def node?(value, name)
    value.class.name == name # rubocop:disable Style/ClassEqualityComparison
  end

  def tree_to_list(root)
    out = []
    queue = [root]
    until queue.empty?
      node = queue.shift
      if node.nil?
        out << nil
        next
      end
      raise "the tree has more than #{MAX_NODES} nodes (a cycle?)" if out.size > MAX_NODES

      out << plain(field(node, :val), 1)
      queue << field(node, :left) << field(node, :right)
    end
    out.pop while !out.empty? && out.last.nil?
    out
  end

  def list_to_list(head)
    out = []
    until head.nil?
      raise "the list has more than #{MAX_NODES} nodes (a cycle?)" if out.size > MAX_NODES

      out << plain(field(head, :val), 1)
      head = field(head, :next)
    end
    out
  end

  def float(value)
    return value if value.finite?

    { '$float' => if value.nan?
                    'nan'
                  else
                    value.positive? ? 'inf' : '-inf'
                  end }
  end

  def key(value)
    case value
    when String then AgentbenchCommon.utf8(value)
    when Symbol then value.to_s
    else JSON.generate(plain(value, 1), max_nesting: false)
    end
  end

  def sorted(items)
    items.sort
  rescue ArgumentError, NoMethodError
    items.sort_by { |item| JSON.generate(item, max_nesting: false) }
  end

  def opaque(value, type = nil)
    text = begin
      AgentbenchCommon.utf8(value.inspect, 2000)
    rescue Exception # rubocop:disable Lint/RescueException
      "#<#{value.class}>"
    end
    { '$repr' => text, '$type' => type || value.class.name || value.class.inspect }
  end

  def enumerated(value, depth)
    items = value.first(MAX_ITEMS + 1)
    return opaque(value, 'Enumerator') if items.size > MAX_ITEMS

    plain(items, depth)
  end

  # A result as plain JSON data; see RubyRunner's docstring for the conventions.
  def plain(value, depth = 0)
    return opaque(value, 'too deeply nested') if depth > MAX_DEPTH

    case value
    when nil, true, false, Integer then value
    when Float then float(value)
    when String then AgentbenchCommon.utf8(value)
    when Symbol then value.to_s
    when Array then value.map { |v| plain(v, depth + 1) }
    when Hash then value.to_h { |k, v| [key(k), plain(v, depth + 1)] }
    when Struct then plain(value.to_h, depth)
    when Enumerator then enumerated(value, depth)
    else special(value, depth)
    end
  end

  def special(value, depth)
    if defined?(::Set) && value.is_a?(::Set)
      sorted(value.map { |v| plain(v, depth + 1) })
    elsif defined?(::Data) && ::Data.is_a?(Class) && value.is_a?(::Data)
      plain(value.to_h, depth)
    elsif node?(value, 'TreeNode') then tree_to_list(value)
    elsif node?(value, 'ListNode') then list_to_list(value)
    else
      opaque(value)
    end
  end

  # ------------------------------------------------------------------ calls

  def error_fields(error)
    fields = { 'error_type' => AgentbenchCommon.error_type(error),
               'message' => AgentbenchCommon.error_message(error) }
    frames = AgentbenchCommon.user_frames(error)
    fields['traceback'] = frames unless frames.empty?
    fields
  end

  def keywords(kwargs, kinds, space = Object)
    (kwargs || {}).to_h { |name, v| [name.to_sym, argument(v, kinds[name], space)] }
  end

  # Signals end the run; anything else (NoMemoryError and SystemStackError included) is the
  # outcome of the case that raised it.
  def fatal?(error)
    error.is_a?(SignalException)
  end

  # One program the harness calls: who it is ("solution" or "reference"), its folder, and the
  # namespace it defines its names in: Object (the top level) for the solution, as in its
  # cases; an anonymous Module for the reference when timing, so that the two programs' methods
  # and classes of the same names stay apart.
  Program = Struct.new(:who, :dir, :space)

  # The receiver and method the function cases call: a top-level method, or a method of an
  # instance of `Solution` (the LeetCode layout). A Module's methods are called on an object
  # that extends it.
  def function_target(entry, builtins, program)
    space = program.space
    if space.private_method_defined?(entry, false) || space.public_method_defined?(entry, false)
      return [space.equal?(Object) ? TOPLEVEL_BINDING.receiver : Object.new.extend(space), entry]
    end

    layout = space.const_defined?(:Solution, false) && space.const_get(:Solution, false)
    return [layout.new, entry] if layout.is_a?(Class) && layout.method_defined?(entry)

    defined = space.private_instance_methods(false) + space.public_instance_methods(false) -
              builtins
    names = defined.empty? ? 'no top-level method' : defined.sort.join(', ')
    raise NameError, "the #{program.who} does not define the method `#{entry}` " \
                     "(it defines: #{names})"
  end

  # The class of a class problem, defined by the program itself (a Module's lookup would also
  # find the top level's).
  def entry_class(entry, program)
    space = program.space
    found = begin
      space.const_get(entry) if space.const_defined?(entry.split('::').first, false)
    rescue NameError
      nil
    end
    found or raise NameError, "the #{program.who} does not define the class or module `#{entry}`"
  end

  def call_function(job, test)
    receiver, entry = @target
    kinds = test['param_kinds'] || []
    args = (test['args'] || []).each_with_index.map { |v, i| argument(v, kinds[i]) }
    kwargs = keywords(test['kwargs'], job['keyword_kinds'] || {})
    value = receiver.__send__(entry, *args, **kwargs)
    # nil is the empty tree or list where the method returns one
    value = [] if value.nil? && %w[tree linked_list].include?(job['returns_kind'])
    { 'status' => 'value', 'value' => plain(value) }
  end

  # The constructor's positional and keyword arguments of a class case (or timing input).
  def init_arguments(job, test, space = Object)
    kinds = (job['params'] || []).map { |p| p['kind'] }
    [(test['init'] || []).each_with_index.map { |v, i| argument(v, kinds[i], space) },
     keywords(test['init_kwargs'], job['keyword_kinds'] || {}, space)]
  end

  def construct(job, test)
    init, init_kwargs = init_arguments(job, test)
    @target.new(*init, **init_kwargs)
  end

  def attributes(object, names)
    names.to_h do |name|
      value = if object.respond_to?(name)
                plain(object.public_send(name))
              elsif object.instance_variable_defined?(:"@#{name}")
                plain(object.instance_variable_get(:"@#{name}"))
              else
                { '$repr' => '<missing>', '$type' => 'missing' }
              end
      [name, value]
    end
  end

  def one_call(object, call)
    kwargs = keywords(call['kwargs'], {})
    args = call['args'] || []
    { 'value' => plain(object.public_send(call['method'], *args, **kwargs)) }
  rescue Exception => e # rubocop:disable Lint/RescueException
    raise if fatal?(e)

    error_fields(e)
  end

  def call_class(job, test)
    object = construct(job, test)
    return { 'status' => 'value', 'value' => attributes(object, test['attributes']) } if test['attributes']

    { 'status' => 'calls', 'calls' => (test['calls'] || []).map { |c| one_call(object, c) } }
  end

  def now
    Process.clock_gettime(Process::CLOCK_MONOTONIC)
  end

  def run_case(job, test)
    start = now
    result = begin
      job['kind'] == 'class' ? call_class(job, test) : call_function(job, test)
    rescue Exception => e # rubocop:disable Lint/RescueException
      raise if fatal?(e)

      { 'status' => 'exception' }.merge(error_fields(e))
    end
    { 'event' => 'case', 'index' => test['index'] }.merge(result, 'seconds' => now - start)
  end

  # ------------------------------------------------------------------ output

  def emit(event)
    line = begin
      JSON.generate(event, max_nesting: false)
    rescue StandardError => e
      fallback = { 'event' => event['event'], 'index' => event['index'],
                   'status' => 'exception', 'error_type' => 'HarnessError',
                   'message' => "the result could not be written as JSON: #{e.message}" }
      JSON.generate(fallback.compact)
    end
    @channel.write(line)
  end

  # The entry point `program` defines: [receiver, method] of a function problem, the class of a
  # class problem.
  def target(job, program, builtins)
    entry = job['entry_point']
    job['kind'] == 'class' ? entry_class(entry, program) : function_target(entry, builtins, program)
  end

  def load_solution(job, iseq, builtins)
    AgentbenchCommon.load_prelude
    AgentbenchCommon.run_solution(iseq)
    @target = target(job, Program.new('solution', '.', Object), builtins)
  end

  # ------------------------------------------------------------------ timing

  # A contender of a timing job, loaded: the solution at the top level, exactly as for its
  # cases; the reference (the suite's own code, so trusted to run so) evaluated inside an
  # anonymous Module with its prelude (the node classes it uses), so that its methods and
  # classes do not replace the solution's of the same names. [program, its entry point].
  def load_contender(job, spec, builtins)
    dir = spec.fetch('dir')
    if spec['who'] == 'solution'
      AgentbenchCommon.load_prelude(dir)
      AgentbenchCommon.run_solution(AgentbenchCommon.compile_solution(dir), dir)
      program = Program.new('solution', dir, Object)
    else
      program = Program.new(spec.fetch('who'), dir, Module.new)
      [AgentbenchCommon::PRELUDE, AgentbenchCommon::SOLUTION].each do |name|
        path = AgentbenchCommon.inside(dir, name)
        program.space.module_eval(File.read(path, encoding: 'UTF-8'), path, 1) if File.exist?(path)
      end
    end
    [program, target(job, program, builtins)]
  end

  # An error's fields as a timing event reports them, the reference's Module left out of the
  # names ("Ledger::InsufficientFunds", not "#<Module:0x...>::Ledger::InsufficientFunds").
  def timing_error_fields(error)
    error_fields(error).transform_values { |text| text.gsub(/#<Module:0x\h+>::/, '') }
  end

  # CPU seconds of the calling thread and of the whole process.
  def cpu_times
    [Process.clock_gettime(Process::CLOCK_THREAD_CPUTIME_ID),
     Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID)]
  end

  # The CPU time of one call: unlike the wall clock, it does not charge the call for the time
  # a busy machine gives to other processes. The calling thread's clock is exact (GC included:
  # it runs in that thread); the process's clock also counts the solution's own threads but
  # is only as fine as the scheduler tick while a CPU rlimit is set (as in the sandbox), so it
  # is used only when it shows clearly more work than the calling thread did.
  def call_seconds(thread, process)
    process > thread + 0.01 && process > thread * 1.1 ? process : thread
  end

  # A lazy result read to its end inside the timed unit, so that an answer that defers its
  # work (an Enumerator::Lazy, an Enumerator over a computation) is not timed as free: at
  # most MAX_ITEMS elements, as a data case's result is read (Lazy#first forces the chain).
  # Anything else (an Array, a Hash, a chaining method's self) is already computed.
  def force(value)
    value.is_a?(Enumerator) ? value.first(MAX_ITEMS) : value
  end

  # The timed unit of a function problem: one call of the entry point on its arguments
  # (converted now, before the clock; node classes are the program's own).
  def function_unit(job, input, program, target)
    receiver, entry = target
    kinds = (job['params'] || []).map { |p| p['kind'] }
    args = (input['args'] || []).each_with_index.map { |v, i| argument(v, kinds[i], program.space) }
    kwargs = keywords(input['kwargs'], job['keyword_kinds'] || {}, program.space)
    -> { force(receiver.__send__(entry, *args, **kwargs)) }
  end

  # The timed unit of a class problem: a fresh object built from `init`, then every call of
  # `calls` in order, results discarded (a lazy one read first). `input['calls']` are the
  # size's calls as :prepare_calls made them.
  def class_unit(job, input, program, klass)
    init, init_kwargs = init_arguments(job, input, program.space)
    calls = unit_calls(*input['calls'])
    lambda do
      object = klass.new(*init, **init_kwargs)
      calls.each { |method, args, kwargs| force(object.public_send(method, *args, **kwargs)) }
      object
    end
  end

  # Rounds at a size, the plugin's rule (harness_runner.calls_per_process): `repeat` at the
  # first size; later, as many as fit in `call_budget` seconds by the previous size's median
  # unit scaled linearly to `n`, at least `min_calls` and at most `repeat`.
  def rounds(timing, previous, size_n)
    repeat = Integer(timing.fetch('repeat', 5))
    budget = timing['call_budget']
    return repeat if budget.nil? || previous.nil? || previous[1].empty?
    return repeat unless previous[0]&.positive? && size_n&.positive?

    units = previous[1].sort
    expected = units[units.size / 2] * [1.0, size_n.fdiv(previous[0])].max
    fit = expected.positive? ? budget / expected : Float::INFINITY
    fit.finite? ? [repeat, [Integer(timing.fetch('min_calls', 3)), fit.ceil].max].min : repeat
  end

  # Seconds a unit of the solution may take at a size: the cut-off ratio times the reference's
  # shortest wall time there, at least 1 s; none before the reference has been timed.
  def cut_limit(timing, reference_walls)
    return nil if reference_walls.empty?

    [1.0, Float(timing.fetch('cutoff_ratio', 25.0)) * reference_walls.min].max
  end

  # A thread that, unless killed first, reports the solution's unit cut at `limit` seconds and
  # ends the process (Ruby switches threads while a call runs Ruby code).
  def watchdog(size, limit)
    Thread.new do
      sleep(limit)
      emit('event' => 'timing_cut', 'label' => size.label, 'n' => size.n, 'limit' => limit)
      Process.exit!(0)
    end
  end

  # One unit of `program` on a fresh `input`: its CPU and wall seconds, or nil when it raised
  # (reported as `timing_error`, naming the program). A full GC first, outside the clock, so
  # that one unit's garbage is not charged to the next.
  def time_unit(job, input, contender, size, limit)
    program, target = contender
    unit = if job['kind'] == 'class'
             class_unit(job, input, program, target)
           else
             function_unit(job, input, program, target)
           end
    GC.start
    dog = limit && watchdog(size, limit)
    wall = now
    thread, process = cpu_times
    unit.call
    thread_end, process_end = cpu_times
    [call_seconds(thread_end - thread, process_end - process), now - wall]
  rescue Exception => e # rubocop:disable Lint/RescueException
    raise if fatal?(e)

    emit({ 'event' => 'timing_error', 'who' => program.who, 'label' => size.label }
           .merge(timing_error_fields(e)))
    nil
  ensure
    dog&.kill
  end

  # One timing size made ready for its units: a class problem's calls (:prepare_calls), and
  # the other arguments Marshal'd, for each unit to load a copy of its own.
  Size = Struct.new(:label, :n, :calls, :frozen)

  # A decoded JSON value no call can change, shared between units.
  def scalar?(value)
    case value
    when nil, true, false, Integer, Float then true
    else false
    end
  end

  # A copy of decoded JSON that a call may change as it likes: Arrays, Hashes and Strings are
  # copied, numbers, true, false and nil shared.
  def fresh(value)
    case value
    when Array then value.map { |item| fresh(item) }
    when Hash then value.transform_values { |item| fresh(item) }
    when String then value.dup
    else value
    end
  end

  # A class problem's calls, made once per size: frozen [method, args, kwargs] triples that
  # every unit of both contenders shares (a splat gives the method an Array and a Hash of its
  # own), and the indices of the calls whose arguments a call could change (an Array, a Hash,
  # a String), copied per unit. 40000 calls are then neither decoded nor converted per unit.
  def prepare_calls(calls)
    triples = calls.map do |call|
      [call['method'].to_sym, (call['args'] || []).freeze,
       (call['kwargs'] || {}).transform_keys(&:to_sym).freeze].freeze
    end
    changeable = triples.each_index.reject do |i|
      _, args, kwargs = triples[i]
      args.all? { |arg| scalar?(arg) } && kwargs.each_value.all? { |arg| scalar?(arg) }
    end
    [triples.freeze, changeable]
  end

  # A unit's calls: the shared triples, those whose arguments could change copied.
  def unit_calls(triples, changeable)
    calls = triples.dup
    changeable.each do |i|
      method, args, kwargs = triples[i]
      calls[i] = [method, fresh(args), fresh(kwargs)]
    end
    calls
  end

  # A size of the job as its units use it; its decoded JSON is garbage afterwards, so that it
  # is neither marked by every GC of the timing nor kept in memory.
  def prepare(size)
    calls = size['calls'] && prepare_calls(size['calls'])
    Size.new(size['label'], size['n'], calls,
             Marshal.dump(size.slice('args', 'kwargs', 'init', 'init_kwargs')))
  end

  # One size: `count` rounds of one unit of each contender, the reference first in even rounds
  # and the solution first in odd ones, each unit on a fresh copy of the input (decoded once,
  # with the job; copied by Marshal and converted before the clock, so that a call that changes
  # its arguments does not change the next unit's). The CPU seconds per contender, or nil
  # when the timing ended (reported).
  def time_size(job, size, contenders, count)
    times = { 'solution' => [], 'reference' => [] }
    walls = { 'solution' => [], 'reference' => [] }
    count.times do |round|
      (round.even? ? %w[reference solution] : %w[solution reference]).each do |who|
        limit = who == 'solution' ? cut_limit(job['timing'], walls['reference']) : nil
        input = Marshal.load(size.frozen) # rubocop:disable Security/MarshalLoad
        input['calls'] = size.calls
        measured = time_unit(job, input, contenders.fetch(who), size, limit) or return nil
        times[who] << measured[0]
        walls[who] << measured[1]
      end
    end
    times
  end

  # Times the solution against the reference in this process (docs/runners.md, "Timing"): both
  # loaded (a failure is `load_error` naming which), then per size its rounds, reported as a
  # `timing` event; `done` at the end of a complete timing.
  def run_timing(job, builtins)
    contenders = {}
    job['timing']['contenders'].each do |spec|
      contenders[spec['who']] = load_contender(job, spec, builtins)
    rescue Exception => e # rubocop:disable Lint/RescueException
      raise if fatal?(e)

      return emit({ 'event' => 'load_error', 'who' => spec['who'] }.merge(timing_error_fields(e)))
    end
    emit('event' => 'loaded')
    previous = nil
    complete = job['timing'].delete('sizes').map { |size| prepare(size) }.all? do |size|
      times = time_size(job, size, contenders, rounds(job['timing'], previous, size.n))
      next false if times.nil?

      emit({ 'event' => 'timing', 'label' => size.label, 'n' => size.n }.merge(times))
      previous = [size.n, times['solution'] + times['reference']]
    end
    emit('event' => 'done') if complete
  end

  # ------------------------------------------------------------------ main

  # The data cases: the solution compiled (a SyntaxError is a `compile_error`), loaded, then
  # called once per case.
  def run_cases(job, builtins)
    begin
      iseq = AgentbenchCommon.compile_solution
    rescue SyntaxError => e
      emit('event' => 'compile_error', 'message' => AgentbenchCommon.error_message(e))
      return
    end
    begin
      load_solution(job, iseq, builtins)
    rescue Exception => e # rubocop:disable Lint/RescueException
      raise if fatal?(e)

      emit({ 'event' => 'load_error' }.merge(error_fields(e)))
      return
    end
    emit('event' => 'loaded')
    job['cases'].each do |test|
      emit('event' => 'start', 'index' => test['index'])
      emit(run_case(job, test))
    end
    emit('event' => 'done')
  end

  def run(job_path)
    @channel = AgentbenchCommon::Channel.open
    job = JSON.parse(File.read(job_path, encoding: 'UTF-8'), max_nesting: false)
    builtins = Object.private_instance_methods(false) + Object.public_instance_methods(false)
    job['mode'] == 'timing' ? run_timing(job, builtins) : run_cases(job, builtins)
  end
end

AgentbenchHarness.run(ARGV.fetch(0, 'job.json'))
$stdout.flush
$stderr.flush
# Skip at_exit hooks a solution may have registered (minitest/autorun, say).
Process.exit!(0)
# rubocop:enable Metrics
