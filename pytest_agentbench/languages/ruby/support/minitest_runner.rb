# frozen_string_literal: true

# rubocop:disable Metrics -- flat, explicit support code reads better here than tiny methods

# Runs a problem's native tests (pytest-agentbench). Run in the work directory as
#
#   ruby --disable-gems agentbench_minitest.rb
#
# next to solution.rb and tests.rb (Minitest::Test subclasses, or Minitest::Spec blocks). The
# solution is loaded first, so the tests see its names; `require "minitest/autorun"` and
# `require_relative "solution"` in the tests are no-ops. Tests run in definition order; every
# test reports an event through the outcome channel (AgentbenchCommon::Channel, opened before
# any code of the solution or the tests runs) as it starts and as it ends. A test that its own
# code skips (`skip`, `skip_until`, a spec `it` without a block, a `Minitest::Skip` raised in
# tests.rb) is "skipped"; a skip raised from anywhere else (the solution) is an error.
require 'json'
require_relative 'agentbench_common'

AgentbenchCommon.require_minitest

# Loads minitest without RubyGems, runs the tests and records one outcome per test.
module AgentbenchMinitest
  TESTS = 'tests.rb'
  # The skips raised by the tests' own code (see watch_skips).
  OWN_SKIPS = {}.compare_by_identity

  module_function

  # Runs tests in the order they are written instead of a random one: by line, or for specs by
  # the number `it` gives them (one without a block has its method defined by minitest).
  module DefinitionOrder
    def runnable_methods
      methods_matching(/\Atest_/).sort_by do |name|
        spec = self < Minitest::Spec && name[/\Atest_(\d+)_/, 1]
        [spec ? spec.to_i : instance_method(name).source_location&.last || 0, name]
      end
    end
  end

  # Reports an event through the channel when a test starts and when it ends.
  class Reporter < Minitest::AbstractReporter
    def initialize(channel, labels)
      super()
      @channel = channel
      @labels = labels
    end

    def prerecord(klass, name)
      emit('event' => 'start', 'name' => @labels.fetch([klass.name, name], name))
    end

    def record(result)
      status, message = AgentbenchMinitest.describe(result)
      emit('event' => 'test', 'name' => @labels.fetch([result.klass, result.name], result.name),
           'status' => status, 'message' => message, 'seconds' => result.time)
    end

    def emit(event)
      @channel.emit(event)
    end
  end

  # Status and message of a test's result. A skip counts only when the tests' own code raised
  # it, and only when nothing else went wrong (a teardown that failed after it, say).
  def describe(result)
    failures = result.failures
    return ['passed', ''] if failures.empty?

    real = failures.reject { |f| OWN_SKIPS.key?(f) }
    return ['skipped', AgentbenchCommon.utf8(failures.first.message, 2000)] if real.empty?

    case (failure = real.first)
    when Minitest::Skip
      ['error', 'Minitest::Skip: a skip raised outside the tests file (by the solution?): ' \
                "#{AgentbenchCommon.utf8(failure.message, 2000)}"]
    when Minitest::UnexpectedError
      error = failure.error
      text = "#{AgentbenchCommon.error_type(error)}: #{AgentbenchCommon.error_message(error)}"
      frames = AgentbenchCommon.user_frames(error)
      ['error', frames.empty? ? text : "#{text}\n#{frames}"]
    else
      ['failed', "#{AgentbenchCommon.utf8(failure.message, 2000)}\n#{failure.location}"]
    end
  end

  # Records every Minitest::Skip whose raise is reached from tests.rb, or from minitest alone
  # (a spec `it` without a block), through nothing but minitest's own frames: the first frame
  # above the raise that is not minitest's must be the tests' (or this runner's, which calls
  # minitest). A skip the solution raises has a frame of solution.rb (or of an eval) there.
  def watch_skips
    lib = File.join(File.dirname(Minitest.method(:run).source_location.first), 'minitest')
    own = [File.expand_path(TESTS), File.expand_path(__FILE__)]
    TracePoint.new(:raise) do |tp|
      error = tp.raised_exception
      next unless error.is_a?(Minitest::Skip)

      owner = caller_locations(1).find { |l| !l.absolute_path.to_s.start_with?(lib) }
      OWN_SKIPS[error] = true if owner && own.include?(owner.absolute_path)
    end.enable
  end

  # Whether +klass+ has tests written in tests.rb (not, say, in the solution).
  def from_tests?(klass)
    tests = File.expand_path(TESTS)
    klass.runnable_methods.any? do |name|
      location = klass.instance_method(name).source_location
      location && File.expand_path(location.first) == tests
    end
  end

  # [class name, method name] => outcome name, in definition order: the method name, or
  # `Class#method` when the tests have several classes. Only the classes of tests.rb run: those
  # created while it loaded (+added+) and those it has test methods in. A spec's `it "adds"` is
  # the method `test_0001_adds`, named `test_0001 adds`: its last word is in the tests file.
  def plan(added)
    Minitest::Runnable.runnables.select! { |klass| added.include?(klass) || from_tests?(klass) }
    classes = Minitest::Runnable.runnables
    pairs = classes.flat_map { |k| k.runnable_methods.map { |m| [k, m] } }
    pairs.to_h do |klass, name|
      shown = klass < Minitest::Spec ? name.sub(/\Atest_(\d+)_/, 'test_\1 ') : name
      [[klass.name, name], classes.size > 1 ? "#{klass.name}##{shown}" : shown]
    end
  end

  # Loads the solution, then the tests; the test classes created by the tests.
  def load_code
    AgentbenchCommon.load_prelude
    AgentbenchCommon.run_solution(AgentbenchCommon.compile_solution)
    before = Minitest::Runnable.runnables.dup
    $LOADED_FEATURES << File.expand_path(TESTS)
    RubyVM::InstructionSequence.compile_file(TESTS).eval
    Minitest::Runnable.runnables - before
  end

  def run(channel)
    Minitest::Test.singleton_class.prepend(DefinitionOrder)
    added = begin
      load_code
    rescue SyntaxError => e # the tests (the solution was checked before) do not parse
      channel.emit('event' => 'compile_error',
                   'message' => "SyntaxError: #{AgentbenchCommon.error_message(e)}")
      raise
    end
    labels = plan(added)
    channel.emit('event' => 'plan', 'names' => labels.values)
    Minitest.extensions << 'agentbench'
    Minitest.define_singleton_method(:plugin_agentbench_init) do |_options|
      Minitest.reporter << Reporter.new(channel, labels)
    end
    watch_skips
    Minitest.run(%w[--no-plugins --seed 1])
  end
end

passed = begin
  AgentbenchMinitest.run(AgentbenchCommon::Channel.open)
rescue Exception => e # rubocop:disable Lint/RescueException
  warn "#{AgentbenchCommon.error_type(e)}: #{AgentbenchCommon.error_message(e)}"
  warn AgentbenchCommon.user_frames(e, 10)
  $stderr.flush
  Process.exit!(2)
end
$stdout.flush
$stderr.flush
Process.exit!(passed ? 0 : 1)
# rubocop:enable Metrics
