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
# `repeat` units instead, each a call of the entry point on its `args` (or, for a class, a fresh
# object built from `init` and every call of `calls`), and reports the CPU seconds of each unit.
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

  def argument(value, kind)
    case kind
    when 'tree' then build_tree(value)
    when 'linked_list' then build_list(value)
    else value
    end
  end

  def node_class(name)
    Object.const_get(name)
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

  def build_tree(values)
    return nil if values.nil? || values.empty? || values.first.nil?

    klass = node_class('TreeNode')
    nodes = values.map { |v| v.nil? ? nil : new_node(klass, v) }
    children = nodes.drop(1).each_slice(2).to_a
    nodes.compact.zip(children) do |node, (left, right)|
      link(node, 'left', left)
      link(node, 'right', right)
    end
    nodes.first
  end

  def build_list(values)
    return nil if values.nil?

    klass = node_class('ListNode')
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

  def keywords(kwargs, kinds)
    (kwargs || {}).to_h { |name, v| [name.to_sym, argument(v, kinds[name])] }
  end

  # Signals end the run; anything else (NoMemoryError and SystemStackError included) is the
  # outcome of the case that raised it.
  def fatal?(error)
    error.is_a?(SignalException)
  end

  # The receiver and method the function cases call: a top-level method, or a method of an
  # instance of `Solution` (the LeetCode layout).
  def function_target(entry, builtins)
    if Object.private_method_defined?(entry, false) || Object.public_method_defined?(entry, false)
      return [TOPLEVEL_BINDING.receiver, entry]
    end
    if Object.const_defined?(:Solution, false) && ::Solution.is_a?(Class) &&
       ::Solution.method_defined?(entry)
      return [::Solution.new, entry]
    end

    defined = Object.private_instance_methods(false) - builtins
    names = defined.empty? ? 'no top-level method' : defined.sort.join(', ')
    raise NameError, "the solution does not define the method `#{entry}` (it defines: #{names})"
  end

  def entry_class(entry)
    Object.const_get(entry)
  rescue NameError
    raise NameError, "the solution does not define the class or module `#{entry}`"
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
  def init_arguments(job, test)
    kinds = (job['params'] || []).map { |p| p['kind'] }
    [(test['init'] || []).each_with_index.map { |v, i| argument(v, kinds[i]) },
     keywords(test['init_kwargs'], job['keyword_kinds'] || {})]
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

  def load_solution(job, iseq, builtins)
    AgentbenchCommon.load_prelude
    AgentbenchCommon.run_solution(iseq)
    entry = job['entry_point']
    @target = job['kind'] == 'class' ? entry_class(entry) : function_target(entry, builtins)
  end

  # ------------------------------------------------------------------ timing

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
    value.first(MAX_ITEMS) if value.is_a?(Enumerator)
  end

  # The timed unit of a function problem: one call of the entry point on its arguments.
  def function_unit(job, input)
    receiver, entry = @target
    kinds = (job['params'] || []).map { |p| p['kind'] }
    args = (input['args'] || []).each_with_index.map { |v, i| argument(v, kinds[i]) }
    kwargs = keywords(input['kwargs'], job['keyword_kinds'] || {})
    -> { force(receiver.__send__(entry, *args, **kwargs)) }
  end

  # The timed unit of a class problem: a fresh object built from `init`, then every call of
  # `calls` in order, results discarded (a lazy one read first).
  def class_unit(job, input)
    klass = @target
    init, init_kwargs = init_arguments(job, input)
    calls = (input['calls'] || []).map do |call|
      [call['method'], call['args'] || [], keywords(call['kwargs'], {})]
    end
    lambda do
      object = klass.new(*init, **init_kwargs)
      calls.each { |method, args, kwargs| force(object.public_send(method, *args, **kwargs)) }
    end
  end

  # Times `repeat` units on fresh copies of the timing input (converted as for a data case,
  # outside the clock, so a call that changes its arguments does not change the next unit's);
  # a full GC before each unit, outside the clock, so one unit's garbage is not charged to
  # the next. An exception ends the timing (a timing input is expected to raise nothing).
  def run_timing(job)
    frozen = Marshal.dump(job.slice('args', 'kwargs', 'init', 'init_kwargs', 'calls'))
    seconds = Array.new(Integer(job.fetch('repeat', 5))) do
      input = Marshal.load(frozen) # rubocop:disable Security/MarshalLoad
      unit = job['kind'] == 'class' ? class_unit(job, input) : function_unit(job, input)
      GC.start
      thread, process = cpu_times
      unit.call
      thread_end, process_end = cpu_times
      call_seconds(thread_end - thread, process_end - process)
    end
    emit('event' => 'timing', 'seconds' => seconds)
  rescue Exception => e # rubocop:disable Lint/RescueException
    raise if fatal?(e)

    emit({ 'event' => 'timing_error' }.merge(error_fields(e)))
  end

  # ------------------------------------------------------------------ main

  def run(job_path)
    @channel = AgentbenchCommon::Channel.open
    job = JSON.parse(File.read(job_path, encoding: 'UTF-8'), max_nesting: false)
    builtins = Object.private_instance_methods(false)
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
    if job['mode'] == 'timing'
      run_timing(job)
    else
      job['cases'].each do |test|
        emit('event' => 'start', 'index' => test['index'])
        emit(run_case(job, test))
      end
    end
    emit('event' => 'done')
  end
end

AgentbenchHarness.run(ARGV.fetch(0, 'job.json'))
$stdout.flush
$stderr.flush
# Skip at_exit hooks a solution may have registered (minitest/autorun, say).
Process.exit!(0)
# rubocop:enable Metrics
