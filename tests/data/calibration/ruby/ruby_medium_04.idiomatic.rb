# frozen_string_literal: true

# Settings read and written through method calls: config.database.host, config.debug?,
# config.port = 8080. Keys are kept as Strings (Symbols are converted) in a private deep
# copy; nested Hashes are read back as Config objects.
class Config
  # @param settings [Hash{String, Symbol => Object}]
  def initialize(settings)
    @settings = normalize(settings)
  end

  # @param key [String, Symbol]
  # @return [Object, nil] the value (a nested Hash as a Config), nil for a missing key
  def [](key)
    value = @settings[key.to_s]
    value.is_a?(Hash) ? Config.new(value) : value
  end

  # @return [Hash{String => Object}] a deep copy of the settings, with String keys
  def to_h
    normalize(@settings)
  end

  # Readers exist for the keys held; predicates (name?) and writers (name=) for any name.
  def respond_to_missing?(name, include_private = false)
    name.end_with?('?', '=') || @settings.key?(name.to_s) || super
  end

  # config.key reads a key, config.key? tells whether its value is truthy and
  # config.key = value stores a value; other calls raise NoMethodError.
  def method_missing(name, *args)
    key = name.to_s
    if key.end_with?('=') && args.one?
      @settings[key.chomp('=')] = normalize(args.first)
    elsif key.end_with?('?') && args.empty?
      @settings[key.chomp('?')] ? true : false
    elsif args.empty? && @settings.key?(key)
      self[key]
    else
      super
    end
  end

  private

  # A deep copy of +value+ in which every Hash key is a String.
  def normalize(value)
    case value
    when Hash then value.to_h { |key, item| [key.to_s, normalize(item)] }
    when Array then value.map { |item| normalize(item) }
    else value
    end
  end
end
