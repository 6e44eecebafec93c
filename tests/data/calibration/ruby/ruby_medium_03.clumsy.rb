module Memoize
  def memoize(name)
    name = name.to_sym
    old = instance_method(name)
    isPrivate = private_method_defined?(name)
    isProtected = protected_method_defined?(name)
    define_method(name) do |*args, **kwargs, &blk|
      if blk != nil
        return old.bind(self).call(*args, **kwargs, &blk)
      end
      if @cache == nil
        @cache = {}
      end
      key = [name, args, kwargs]
      if @cache.has_key?(key)
        return @cache[key]
      else
        value = old.bind(self).call(*args, **kwargs)
        @cache[key] = value
        return value
      end
    end
    if isPrivate
      private name
    else
      if isProtected
        protected name
      end
    end
    return name
  end
end
