# frozen_string_literal: true

# RuboCop in one long-lived Ruby process for many files: the server analysis/server.py starts,
# sandboxed, in its home directory (ARGV[0]: the RuboCop version the `rubocop` command runs).
#
# It loads RuboCop and runs it once on a file of its own (what a first run loads), then says
# {"ready": true}. Each request line {"id", "args", "files"} is answered with {"id", "status",
# "stdout", "stderr"}: what `rubocop ARGS` prints, and its exit status, run in a fresh directory
# jobs/<id> holding the files (removed after) by a child forked for the request, as RuboCop's
# own server runs a request (RuboCop::CLI.new.run in the request's directory). The child starts
# from the state the warm-up left and exits: one file cannot change what is found in the next.

require 'fileutils'
require 'json'
require 'stringio'

WARM_UP = <<~RUBY
  # frozen_string_literal: true

  # Counts words.
  class Counter
    def initialize(words)
      @words = words
    end

    # @return [Hash{String => Integer}] each word's count
    def counts
      @words.tally
    end
  end
RUBY

# The request and reply streams, on descriptors of their own: the tool's reads of standard input
# get nothing, and what it prints past $stdout goes to standard error.
def protocol
  requests = $stdin.dup
  replies = $stdout.dup
  $stdin.reopen(File::NULL)
  $stdout.reopen($stderr)
  [requests, replies]
end

def send_message(stream, message)
  stream.write("#{JSON.generate(message)}\n")
  stream.flush
end

# Runs the block with $stdout and $stderr captured: [its value, stdout, stderr].
def captured
  out = StringIO.new
  err = StringIO.new
  $stdout = out
  $stderr = err
  [yield, out.string, err.string]
ensure
  $stdout = STDOUT
  $stderr = STDERR
end

# `rubocop ARGS` in the current directory: [status, stdout, stderr].
def rubocop(args)
  captured do
    RuboCop::ConfigFinder.project_root = nil # found again from this directory, as a process does
    RuboCop::CLI.new.run(args)
  rescue SystemExit => e
    e.status
  end
end

# A fresh directory holding the request's files (plain names only).
def job_dir(jobs, request)
  files = request.fetch('files').transform_keys { |name| plain_name(name) }
  dir = File.join(jobs, Integer(request.fetch('id')).to_s)
  Dir.mkdir(dir)
  begin
    files.each { |name, text| File.write(File.join(dir, name), text, encoding: 'UTF-8') }
  rescue SystemCallError
    FileUtils.rm_rf(dir)
    raise
  end
  dir
end

def plain_name(name)
  return name if File.basename(name) == name && !%w[. ..].include?(name)

  raise ArgumentError, "not a plain file name: #{name.inspect}"
end

def warm_up(jobs)
  dir = File.join(jobs, 'warm-up')
  Dir.mkdir(dir)
  File.write(File.join(dir, 'warm_up.rb'), WARM_UP)
  Dir.chdir(dir) { rubocop(%w[--cache false --format json --no-color warm_up.rb]) }
ensure
  FileUtils.rm_rf(dir)
end

# RuboCop run on the files of `dir` by a forked child: its status and output, or an error.
def forked(dir, args)
  reader, writer = IO.pipe
  pid = fork { child(reader, writer, dir, args) }
  writer.close
  data = reader.read
  reader.close
  Process.wait(pid)
  return { 'error' => "the run ended without a result (#{Process.last_status})" } if data.empty?

  JSON.parse(data)
end

# The forked child: run, send the result, exit without running the parent's exit handlers.
def child(reader, writer, dir, args)
  reader.close
  status, stdout, stderr = Dir.chdir(dir) { rubocop(args) }
  writer.write(JSON.generate('status' => status, 'stdout' => stdout, 'stderr' => stderr))
ensure
  writer.close
  exit!(0)
end

def answer(jobs, request)
  dir = job_dir(jobs, request)
  { 'id' => request['id'] }.merge(forked(dir, request.fetch('args').map(&:to_s)))
rescue StandardError => e
  { 'id' => request['id'], 'error' => "#{e.class}: #{e.message}" }
ensure
  FileUtils.rm_rf(dir) if dir
end

# Loads RuboCop (the version the command runs) and warms it up: the jobs directory, or an error.
def start(version)
  require 'rubocop'
  if RuboCop::Version::STRING != version
    raise "RuboCop #{RuboCop::Version::STRING} loads here, the command runs #{version}"
  end

  jobs = File.join(Dir.pwd, 'jobs')
  FileUtils.mkdir_p(jobs)
  warm_up(jobs)
  jobs
end

def serve(requests, replies, jobs)
  requests.each_line do |line|
    send_message(replies, answer(jobs, JSON.parse(line)))
  rescue JSON::ParserError => e
    send_message(replies, { 'id' => nil, 'error' => "not JSON: #{e.message}" })
  end
end

def main
  requests, replies = protocol
  begin
    jobs = start(ARGV[0].to_s)
  rescue StandardError, ScriptError => e
    send_message(replies, { 'ready' => false, 'error' => "RuboCop does not run in-process: #{e.message}" })
    return
  end
  send_message(replies, { 'ready' => true })
  serve(requests, replies, jobs)
end

main
