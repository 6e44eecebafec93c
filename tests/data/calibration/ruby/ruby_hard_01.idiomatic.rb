# frozen_string_literal: true

# A recursive-descent evaluator of integer arithmetic with variables. The grammar, loosest
# first; ^ is right-associative and binds tighter than unary minus:
#
#   sum     = product (("+" | "-") product)*
#   product = unary (("*" | "/" | "%") unary)*
#   unary   = "-" unary | power
#   power   = primary ("^" unary)?
#   primary = integer | name | "(" sum ")"
class IntegerExpression
  TOKEN = %r{\s*(?:(\d+)|([a-z_][a-z0-9_]*)|([-+*/%^()])|(\S))}

  # @param source [String]
  # @param variables [Hash{String => Integer}]
  # @raise [ArgumentError] for a character outside the grammar
  def initialize(source, variables)
    @tokens = tokenize(source)
    @variables = variables
  end

  # @return [Integer]
  # @raise [ArgumentError] if the expression is malformed or has a negative exponent
  # @raise [KeyError] for a name missing from the variables
  # @raise [ZeroDivisionError] for / or % by zero
  def value
    result = sum
    raise ArgumentError, "unexpected #{@tokens.first.inspect}" unless @tokens.empty?

    result
  end

  private

  def tokenize(source)
    source.scan(TOKEN).map do |number, name, operator, other|
      raise ArgumentError, "unexpected character #{other.inspect}" if other

      number ? Integer(number, 10) : name || operator
    end
  end

  def accept(*operators)
    @tokens.shift if operators.include?(@tokens.first)
  end

  # Folds a left-associative chain of +operators+ over the operands the block parses.
  def left_fold(operators)
    result = yield
    while (operator = accept(*operators))
      result = result.public_send(operator, yield)
    end
    result
  end

  def sum
    left_fold(%w[+ -]) { product }
  end

  def product
    left_fold(%w[* / %]) { unary }
  end

  def unary
    accept('-') ? -unary : power
  end

  def power
    base = primary
    return base unless accept('^')

    exponent = unary
    raise ArgumentError, "negative exponent #{exponent}" if exponent.negative?

    base**exponent
  end

  def primary
    token = @tokens.shift
    case token
    when Integer then token
    when '(' then parenthesized
    when /\A[a-z_]/ then @variables.fetch(token)
    else raise ArgumentError, "expected a number, a name or '(', got #{token.inspect}"
    end
  end

  def parenthesized
    inner = sum
    raise ArgumentError, "missing ')'" unless accept(')')

    inner
  end
end

# Evaluates an integer arithmetic +expression+; see IntegerExpression for the grammar.
#
# @param expression [String]
# @param variables [Hash{String => Integer}]
# @return [Integer]
# @raise [ArgumentError] if the expression is malformed or has a negative exponent
# @raise [KeyError] for an unknown variable
# @raise [ZeroDivisionError] for / or % by zero
def evaluate(expression, variables = {})
  IntegerExpression.new(expression, variables).value
end
