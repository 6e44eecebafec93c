# frozen_string_literal: true

# rubocop:disable Metrics -- flat, explicit support code reads better here than tiny methods

require 'json'

# Support shared by the pytest-agentbench Ruby harness and its minitest runner.
#
# Both run under `ruby --disable-gems` (RubyGems costs ~45 ms per start); a `require` that
# needs a bundled gem (prime, matrix, minitest...) finds it all the same. The solution is
# compiled before it runs, so a syntax error is told apart from an exception at load time.
# Both report through the outcome channel (see Channel).
module AgentbenchCommon
  SOLUTION = 'solution.rb'
  PRELUDE = 'agentbench_prelude.rb'

  # The outcome channel (pytest_agentbench/channel.py). The plugin passes two descriptors,
  # named in the environment: a pipe holding a random token, and the events file (outside the
  # sandbox, opened for append). `Channel.open` reads the token to the end, closes the pipe and
  # removes both variables, before any code of the solution is compiled or run; every event is
  # then one JSON line on the events descriptor, carrying the token as "t". The work directory
  # holds no events file: lines the solution writes itself lack the token and void the run.
  # The solution still runs in this process and Ruby lets it reach any object and redefine any
  # method, so it could find the token here; data cases are safe all the same (their expected
  # values never enter the sandbox), native tests are the exposed part.
  class Channel
    def self.open
      token_fd, events_fd = %w[AGENTBENCH_TOKEN_FD AGENTBENCH_EVENTS_FD].map do |name|
        Integer(ENV.delete(name) || abort("#{name} is not set: run by pytest-agentbench only"))
      end
      pipe = IO.new(token_fd, 'r')
      token = pipe.read
      pipe.close
      new(IO.new(events_fd, 'a'), token)
    end

    def initialize(out, token)
      out.sync = true
      out.close_on_exec = true # a program the solution starts does not get it
      @out = out
      @prefix = "{\"t\":#{JSON.generate(token)},"
    end

    # Writes an event (a Hash with String keys, never empty) as one line.
    def emit(event)
      write(JSON.generate(event, max_nesting: false))
    end

    # Writes an event already generated as a JSON object's text.
    def write(json)
      @out.write("#{@prefix}#{json.delete_prefix('{')}\n")
    end
  end

  # Puts the bundled gems (prime, matrix, minitest...) on the load path the first time a
  # `require` fails without them, and tries again. RubyGems itself is never loaded.
  module BundledGems
    private

    def require(path)
      super
    rescue LoadError
      raise unless AgentbenchCommon.add_bundled_gems

      super
    end
  end
  ::Kernel.prepend(BundledGems)

  # What the solution prints is kept even if it ends the process abruptly (exit!).
  $stdout.sync = true

  module_function

  # The instruction sequence of the solution (in +dir+); raises SyntaxError for code that does
  # not parse.
  def compile_solution(dir = '.')
    RubyVM::InstructionSequence.compile_file(inside(dir, SOLUTION))
  end

  # Runs the compiled solution at the top level; `require_relative "solution"` is then a no-op.
  def run_solution(iseq, dir = '.')
    $LOADED_FEATURES << File.expand_path(SOLUTION, dir)
    iseq.eval
  end

  # Predefined helper classes (TreeNode, ListNode) written for this problem (in +dir+), if any.
  def load_prelude(dir = '.')
    path = inside(dir, PRELUDE)
    load File.expand_path(path) if File.exist?(path)
  end

  # The path of file +name+ in +dir+, relative, and as plain as +name+ in the work directory
  # (backtraces name `solution.rb:3`, as user_frames expects).
  def inside(dir, name)
    dir == '.' ? name : File.join(dir, name)
  end

  # Appends the newest version of each bundled gem's lib directory to the load path, once;
  # whether anything was added.
  def add_bundled_gems
    return false if @bundled_gems

    require 'rbconfig'
    base = File.join(RbConfig::CONFIG['rubylibprefix'], 'gems', RbConfig::CONFIG['ruby_version'],
                     'gems')
    by_gem = Dir.glob(File.join(base, '*', 'lib')).group_by do |dir|
      File.basename(File.dirname(dir)).sub(/-[\d.]+\z/, '')
    end
    @bundled_gems = by_gem.values.map do |dirs|
      dirs.max_by { |dir| File.basename(File.dirname(dir)).scan(/\d+/).map(&:to_i) }
    end
    $LOAD_PATH.concat(@bundled_gems - $LOAD_PATH)
    !@bundled_gems.empty?
  end

  # Loads minitest (a bundled gem); a later `require "minitest/autorun"` is then a no-op.
  def require_minitest
    require 'minitest'
    require 'minitest/spec'
    require 'minitest/mock'
    autorun = $LOAD_PATH.map { |dir| File.join(dir, 'minitest', 'autorun.rb') }
                        .find { |path| File.exist?(path) }
    $LOADED_FEATURES << autorun if autorun
  end

  # Text safe for JSON: valid UTF-8, at most `limit` characters.
  def utf8(text, limit = nil)
    text = text.to_s
    text = text.dup.force_encoding(Encoding::UTF_8) unless text.encoding == Encoding::UTF_8
    text = text.scrub('?') unless text.valid_encoding?
    limit && text.length > limit ? "#{text[0, limit]}..." : text
  end

  # The backtrace lines that point into the solution (or the tests), at most `count`.
  def user_frames(error, count = 5)
    frames = error.backtrace || []
    frames.grep(/\A(solution|tests)\.rb:/).first(count).join("\n")
  end

  # The exception's class name (`ArgumentError`, `Bank::InsufficientFunds`...).
  def error_type(error)
    error.class.name || error.class.inspect
  end

  # The exception's message, even when its `message` method itself fails.
  def error_message(error)
    utf8(error.message, 2000)
  rescue Exception # rubocop:disable Lint/RescueException
    "(the exception's message could not be read)"
  end
end
# rubocop:enable Metrics
