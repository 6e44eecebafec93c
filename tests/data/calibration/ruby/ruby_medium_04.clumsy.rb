class Config
  def initialize(settings)
    @data = {}
    settings.each do |k, v|
      @data[k.to_s] = copyValue(v)
    end
  end

  def copyValue(v)
    if v.is_a?(Hash)
      h = {}
      v.each do |k, val|
        h[k.to_s] = copyValue(val)
      end
      return h
    elsif v.is_a?(Array)
      a = []
      for x in v
        a.push(copyValue(x))
      end
      return a
    else
      return v
    end
  end

  def [](key)
    v = @data[key.to_s]
    if v.is_a?(Hash)
      return Config.new(v)
    end
    return v
  end

  def to_h
    return copyValue(@data)
  end

  def method_missing(name, *args)
    n = name.to_s
    if n[-1] == "="
      @data[n[0..-2]] = copyValue(args[0])
      return args[0]
    elsif n[-1] == "?"
      if @data[n[0..-2]]
        return true
      else
        return false
      end
    else
      if @data.has_key?(n) && args.length == 0
        return self[n]
      else
        super
      end
    end
  end

  def respond_to_missing?(name, include_private = false)
    n = name.to_s
    if n[-1] == "=" || n[-1] == "?"
      return true
    end
    if @data.has_key?(n)
      return true
    end
    return super
  end
end
