class IntervalSet
  include Enumerable

  def initialize
    @list = []
  end

  # first index where @list[i][col] >= x (or > x when inclusive is false)
  def search(col, x, inclusive)
    lo = 0
    hi = @list.length
    while lo < hi
      mid = (lo + hi) / 2
      v = @list[mid][col]
      if inclusive
        ok = v >= x
      else
        ok = v > x
      end
      if ok
        hi = mid
      else
        lo = mid + 1
      end
    end
    return lo
  end

  def add(from, to)
    if from > to
      raise ArgumentError, "from > to"
    end
    if from == to
      return self
    end
    i = search(1, from, true)
    j = search(0, to, false)
    newFrom = from
    newTo = to
    if i < j
      if @list[i][0] < newFrom
        newFrom = @list[i][0]
      end
      if @list[j - 1][1] > newTo
        newTo = @list[j - 1][1]
      end
    end
    @list.slice!(i, j - i)
    @list.insert(i, [newFrom, newTo])
    return self
  end

  def remove(from, to)
    if from > to
      raise ArgumentError, "from > to"
    end
    if from == to
      return self
    end
    i = search(1, from, false)
    j = search(0, to, true)
    if i >= j
      return self
    end
    leftStart = @list[i][0]
    rightEnd = @list[j - 1][1]
    @list.slice!(i, j - i)
    if to < rightEnd
      @list.insert(i, [to, rightEnd])
    end
    if leftStart < from
      @list.insert(i, [leftStart, from])
    end
    return self
  end

  def cover?(value)
    i = search(1, value, false)
    if i < @list.length && @list[i][0] <= value
      return true
    else
      return false
    end
  end

  def each
    if !block_given?
      return to_enum(:each) { @list.length }
    end
    for pair in @list
      yield Range.new(pair[0], pair[1], true)
    end
    return self
  end

  def intervals
    result = []
    for pair in @list
      result.push([pair[0], pair[1]])
    end
    return result
  end

  def size
    total = 0
    @list.each do |pair|
      total = total + (pair[1] - pair[0])
    end
    return total
  end
end
