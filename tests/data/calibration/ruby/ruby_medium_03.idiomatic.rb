# frozen_string_literal: true

# Extend a class with Memoize to cache the results of chosen instance methods:
#
#   class Report
#     extend Memoize
#
#     memoize def total(year)
#       ...
#     end
#   end
module Memoize
  # Wraps the instance method +name+ so that each distinct argument list (positional and
  # keyword arguments, compared like Hash keys) is computed once per object. nil and false
  # are cached too; a call that raises, or that passes a block, is not. The method keeps its
  # visibility.
  #
  # @param name [Symbol, String]
  # @return [Symbol] the method's name, so that `memoize def ...` works
  # @raise [NameError] if the class has no instance method +name+
  def memoize(name)
    name = name.to_sym
    original = instance_method(name)
    visibility = visibility_of(name)
    define_method(name) do |*args, **kwargs, &block|
      next original.bind_call(self, *args, **kwargs, &block) if block

      cache = (@memoize_cache ||= {})
      cache.fetch([name, args, kwargs]) { |key| cache[key] = original.bind_call(self, *args, **kwargs) }
    end
    send(visibility, name)
    name
  end

  private

  def visibility_of(name)
    return :private if private_method_defined?(name)
    return :protected if protected_method_defined?(name)

    :public
  end
end
