class Ledger
  class InsufficientFunds < StandardError
  end

  def initialize(overdraft: 0)
    if !overdraft.is_a?(Integer) || overdraft < 0
      raise ArgumentError
    end
    @overdraft = overdraft
    @balance = 0
    @history = []
  end

  def deposit(amount, memo: nil)
    if !amount.is_a?(Integer)
      raise ArgumentError
    end
    if amount <= 0
      raise ArgumentError
    end
    @balance = @balance + amount
    entry = Hash.new
    entry[:type] = :deposit
    entry[:amount] = amount
    entry[:memo] = memo
    entry[:balance] = @balance
    @history.push(entry)
    return @balance
  end

  def withdraw(amount, memo: nil)
    if !amount.is_a?(Integer)
      raise ArgumentError
    end
    if amount <= 0
      raise ArgumentError
    end
    if @balance - amount < 0 - @overdraft
      raise InsufficientFunds.new("not enough money")
    end
    @balance = @balance - amount
    entry = Hash.new
    entry[:type] = :withdrawal
    entry[:amount] = amount
    entry[:memo] = memo
    entry[:balance] = @balance
    @history.push(entry)
    return @balance
  end

  def balance
    return @balance
  end

  def history(limit: nil)
    result = []
    if limit == nil
      start = 0
    else
      if limit < 0
        raise ArgumentError
      end
      start = @history.length - limit
      if start < 0
        start = 0
      end
    end
    i = start
    while i < @history.length
      copy = {}
      @history[i].each do |k, v|
        copy[k] = v
      end
      result.push(copy)
      i += 1
    end
    return result
  end
end
