# frozen_string_literal: true

# Maps items through a block on a fixed number of threads.
module ParallelMap
  # Calls the block once per item, at most +workers+ calls at a time, and returns the
  # results in the order of +items+. When a call raises, the items not started yet are
  # skipped, the calls already running are waited for, and the first exception is raised
  # again here.
  #
  # @param items [Enumerable] finite
  # @param workers [Integer] how many blocks may run at the same time, at least 1
  # @yieldparam item [Object]
  # @return [Array] the block's results, in the order of +items+
  # @raise [ArgumentError] without a block, or if +workers+ < 1
  def self.map(items, workers: 4, &block)
    raise ArgumentError, 'a block is required' unless block
    raise ArgumentError, "workers must be at least 1, got #{workers}" if workers < 1

    Batch.new(items.to_a, block).run(workers)
  end

  # One call of map: the items, a queue of the indices not started yet and the results,
  # shared by the worker threads.
  class Batch
    # @param items [Array]
    # @param block [Proc]
    def initialize(items, block)
      @items = items
      @block = block
      @results = Array.new(items.size)
      @pending = Queue.new
      items.each_index { |index| @pending << index }
      @pending.close
      @errors = Queue.new
    end

    # Works through the items on up to +workers+ threads and waits for all of them.
    #
    # @param workers [Integer]
    # @return [Array] the results, in the order of the items
    def run(workers)
      Array.new([workers, @items.size].min) { Thread.new { work } }.each(&:join)
      raise @errors.pop unless @errors.empty?

      @results
    end

    private

    def work
      while (index = @pending.pop)
        @results[index] = @block.call(@items[index])
      end
    rescue StandardError => e
      @errors << e
      @pending.clear
    end
  end
  private_constant :Batch
end
