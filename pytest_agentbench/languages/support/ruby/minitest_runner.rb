# frozen_string_literal: true

# rubocop:disable Metrics -- flat, explicit support code reads better here than tiny methods

# Runs a problem's native tests (pytest-agentbench). Run in the work directory as
#
#   ruby --disable-gems agentbench_minitest.rb
#
# next to solution.rb and tests.rb (Minitest::Test subclasses, or Minitest::Spec blocks). The
# solution is loaded first, so the tests see its names; `require "minitest/autorun"` and
# `require_relative "solution"` in the tests are no-ops. Tests run in definition order; every
# test writes a JSON line to native.jsonl as it starts and as it ends, flushed.
require 'json'
require_relative 'agentbench_common'

AgentbenchCommon.require_minitest

# Loads minitest without RubyGems, runs the tests and records one outcome per test.
module AgentbenchMinitest
  RESULTS = 'native.jsonl'
  TESTS = 'tests.rb'

  module_function

  # Runs tests in the order they are written instead of a random one.
  module DefinitionOrder
    def runnable_methods
      methods_matching(/\Atest_/).sort_by do |name|
        [instance_method(name).source_location&.last || 0, name]
      end
    end
  end

  # Writes a JSON line when a test starts and when it ends.
  class Reporter < Minitest::AbstractReporter
    def initialize(out, labels)
      super()
      @out = out
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
      @out.write("#{JSON.generate(event)}\n")
    end
  end

  def describe(result)
    failure = result.failure
    return ['passed', ''] if failure.nil?
    return ['skipped', AgentbenchCommon.utf8(failure.message, 2000)] if result.skipped?

    if failure.is_a?(Minitest::UnexpectedError)
      error = failure.error
      text = "#{AgentbenchCommon.error_type(error)}: #{AgentbenchCommon.error_message(error)}"
      frames = AgentbenchCommon.user_frames(error)
      ['error', frames.empty? ? text : "#{text}\n#{frames}"]
    else
      ['failed', "#{AgentbenchCommon.utf8(failure.message, 2000)}\n#{failure.location}"]
    end
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
  # `Class#method` when the tests have several classes. Only the classes of tests.rb run.
  def plan
    Minitest::Runnable.runnables.select! { |klass| from_tests?(klass) }
    classes = Minitest::Runnable.runnables
    pairs = classes.flat_map { |k| k.runnable_methods.map { |m| [k.name, m] } }
    pairs.to_h { |klass, name| [[klass, name], classes.size > 1 ? "#{klass}##{name}" : name] }
  end

  def load_code
    AgentbenchCommon.load_prelude
    AgentbenchCommon.run_solution(AgentbenchCommon.compile_solution)
    $LOADED_FEATURES << File.expand_path(TESTS)
    RubyVM::InstructionSequence.compile_file(TESTS).eval
  end

  def run
    Minitest::Test.singleton_class.prepend(DefinitionOrder)
    load_code
    labels = plan
    out = File.open(RESULTS, 'a')
    out.sync = true
    out.write("#{JSON.generate('event' => 'plan', 'names' => labels.values)}\n")
    Minitest.extensions << 'agentbench'
    Minitest.define_singleton_method(:plugin_agentbench_init) do |_options|
      Minitest.reporter << Reporter.new(out, labels)
    end
    Minitest.run(%w[--no-plugins --seed 1])
  end
end

passed = begin
  AgentbenchMinitest.run
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
