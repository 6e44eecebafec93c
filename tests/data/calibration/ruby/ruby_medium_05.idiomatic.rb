# frozen_string_literal: true

# A running account of deposits and withdrawals, in Integer cents.
class Ledger
  # Raised when a withdrawal would take the balance below the overdraft limit.
  class InsufficientFunds < StandardError; end

  # @return [Integer] the current balance
  attr_reader :balance

  # @param overdraft [Integer] how far below zero the balance may go, at least 0
  # @raise [ArgumentError] unless +overdraft+ is a non-negative Integer
  def initialize(overdraft: 0)
    unless overdraft.is_a?(Integer) && overdraft >= 0
      raise ArgumentError, "overdraft must be a non-negative Integer, got #{overdraft.inspect}"
    end

    @overdraft = overdraft
    @balance = 0
    @entries = []
  end

  # @param amount [Integer] positive
  # @param memo [String, nil]
  # @return [Integer] the new balance
  # @raise [ArgumentError] unless +amount+ is a positive Integer
  def deposit(amount, memo: nil)
    validate_amount(amount)
    post(:deposit, amount, memo)
  end

  # @param amount [Integer] positive
  # @param memo [String, nil]
  # @return [Integer] the new balance
  # @raise [ArgumentError] unless +amount+ is a positive Integer
  # @raise [InsufficientFunds] if the balance would go below -overdraft; nothing changes then
  def withdraw(amount, memo: nil)
    validate_amount(amount)
    if balance - amount < -@overdraft
      raise InsufficientFunds, "cannot withdraw #{amount} from #{balance} with an overdraft of #{@overdraft}"
    end

    post(:withdrawal, amount, memo)
  end

  # @param limit [Integer, nil] only the last +limit+ entries; all of them when nil
  # @return [Array<Hash{Symbol => Object}>] copies of the entries, oldest first, each with
  #   :type (:deposit or :withdrawal), :amount, :memo and :balance (after the entry)
  # @raise [ArgumentError] if +limit+ is negative
  def history(limit: nil)
    raise ArgumentError, "limit must not be negative, got #{limit}" if limit&.negative?

    (limit ? @entries.last(limit) : @entries).map(&:dup)
  end

  private

  def validate_amount(amount)
    return if amount.is_a?(Integer) && amount.positive?

    raise ArgumentError, "amount must be a positive Integer, got #{amount.inspect}"
  end

  def post(type, amount, memo)
    @balance += type == :deposit ? amount : -amount
    @entries << { type:, amount:, memo:, balance: }.freeze
    balance
  end
end
