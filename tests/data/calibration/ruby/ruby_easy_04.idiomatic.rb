# frozen_string_literal: true

# An immutable amount of money: whole cents in one currency.
class Money
  include Comparable

  # @return [Integer]
  attr_reader :cents
  # @return [String] three upper-case letters
  attr_reader :currency

  # @param cents [Integer]
  # @param currency [String] three letters, any case ("usd" is "USD")
  # @raise [ArgumentError] if +cents+ is not an Integer or +currency+ not three ASCII letters
  def initialize(cents, currency = 'USD')
    raise ArgumentError, "cents must be an Integer, got #{cents.inspect}" unless cents.is_a?(Integer)
    unless currency.is_a?(String) && currency.match?(/\A[a-z]{3}\z/i)
      raise ArgumentError, "currency must be three letters, got #{currency.inspect}"
    end

    @cents = cents
    @currency = currency.upcase.freeze
    freeze
  end

  # @return [String] the amount with two decimals and the currency, e.g. "-0.05 EUR"
  def to_s
    units, rest = cents.abs.divmod(100)
    "#{'-' if cents.negative?}#{units}.#{rest.to_s.rjust(2, '0')} #{currency}"
  end

  # @param other [Money] in the same currency
  # @return [Money] the sum
  # @raise [TypeError] unless +other+ is Money
  # @raise [ArgumentError] if +other+ is in another currency
  def +(other)
    self.class.new(cents + cents_of(other), currency)
  end

  # @param other [Money] in the same currency
  # @return [Money] the difference
  # @raise [TypeError] unless +other+ is Money
  # @raise [ArgumentError] if +other+ is in another currency
  def -(other)
    self.class.new(cents - cents_of(other), currency)
  end

  # @param other [Object]
  # @return [Integer, nil] nil unless +other+ is Money in the same currency
  def <=>(other)
    return unless other.is_a?(Money) && other.currency == currency

    cents <=> other.cents
  end

  # Equal amounts in the same currency are the same Hash key.
  alias eql? ==

  # @return [Integer]
  def hash
    [self.class, cents, currency].hash
  end

  private

  def cents_of(other)
    raise TypeError, "#{other.inspect} is not Money" unless other.is_a?(Money)
    raise ArgumentError, "cannot combine #{currency} with #{other.currency}" unless other.currency == currency

    other.cents
  end
end
