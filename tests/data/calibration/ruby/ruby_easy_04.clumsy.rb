class Money
  include Comparable

  def initialize(cents, currency = "USD")
    if cents.class != Integer
      raise ArgumentError.new("bad cents")
    end
    if currency.class != String
      raise ArgumentError.new("bad currency")
    end
    if currency.length != 3
      raise ArgumentError.new("bad currency")
    end
    for i in 0..2
      c = currency[i].downcase
      if c < "a" || c > "z"
        raise ArgumentError.new("bad currency")
      end
    end
    @cents = cents
    @currency = currency.upcase
    @currency.freeze
    self.freeze
  end

  def cents
    return @cents
  end

  def currency
    return @currency
  end

  def to_s
    if @cents < 0
      sign = "-"
      amount = -@cents
    else
      sign = ""
      amount = @cents
    end
    units = amount / 100
    rest = amount % 100
    if rest < 10
      restString = "0" + rest.to_s
    else
      restString = rest.to_s
    end
    return sign + units.to_s + "." + restString + " " + @currency
  end

  def +(other)
    if !other.is_a?(Money)
      raise TypeError.new("not money")
    end
    if other.currency != @currency
      raise ArgumentError.new("different currency")
    end
    return Money.new(@cents + other.cents, @currency)
  end

  def -(other)
    if !other.is_a?(Money)
      raise TypeError.new("not money")
    end
    if other.currency != @currency
      raise ArgumentError.new("different currency")
    end
    return Money.new(@cents - other.cents, @currency)
  end

  def <=>(other)
    if other.is_a?(Money)
      if other.currency == @currency
        if @cents < other.cents
          return -1
        elsif @cents > other.cents
          return 1
        else
          return 0
        end
      else
        return nil
      end
    else
      return nil
    end
  end

  def eql?(other)
    return self == other
  end

  def hash
    return (@cents.to_s + @currency).hash
  end
end
