def paginate(source, page_size, skip: 0)
  if page_size < 1
    raise ArgumentError.new("bad page size")
  end
  if skip < 0
    raise ArgumentError.new("bad skip")
  end
  e = Enumerator.new do |y|
    page = []
    counter = 0
    source.each do |item|
      counter = counter + 1
      if counter > skip
        page.push(item)
        if page.length == page_size
          y.yield(page)
          page = []
        end
      end
    end
    if page.length > 0
      y.yield(page)
    end
  end
  return e.lazy
end
