module ParallelMap
  def self.map(items, workers: 4, &block)
    if block == nil
      raise ArgumentError, "no block"
    end
    if workers < 1
      raise ArgumentError, "workers must be >= 1"
    end
    list = []
    items.each do |item|
      list << item
    end
    results = []
    for i in 0...list.length
      results[i] = nil
    end
    nextIndex = 0
    error = nil
    lock = Mutex.new
    threadCount = workers
    if list.length < threadCount
      threadCount = list.length
    end
    threads = []
    for t in 0...threadCount
      threads << Thread.new do
        while true
          myIndex = nil
          lock.synchronize do
            if error == nil && nextIndex < list.length
              myIndex = nextIndex
              nextIndex = nextIndex + 1
            end
          end
          if myIndex == nil
            break
          end
          begin
            value = block.call(list[myIndex])
            lock.synchronize do
              results[myIndex] = value
            end
          rescue => e
            lock.synchronize do
              if error == nil
                error = e
              end
            end
          end
        end
      end
    end
    for t in threads
      t.join
    end
    if error != nil
      raise error
    end
    return results
  end
end
