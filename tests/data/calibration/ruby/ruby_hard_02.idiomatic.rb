# frozen_string_literal: true

# A set of Integers kept as sorted, disjoint, non-touching half-open Ranges (from...to).
# Updates and lookups find their place by binary search.
class IntervalSet
  include Enumerable

  # Creates an empty set.
  def initialize
    @ranges = []
  end

  # Adds every Integer in from...to, merging the intervals it overlaps or touches.
  #
  # @param from [Integer]
  # @param to [Integer]
  # @return [IntervalSet] self
  # @raise [ArgumentError] if +from+ > +to+
  def add(from, to)
    validate_interval(from, to)
    return self if from == to

    first = first_index { |range| range.end >= from }
    last = first_index { |range| range.begin > to }
    merged = @ranges[first...last].push(from...to)
    @ranges[first...last] = [merged.map(&:begin).min...merged.map(&:end).max]
    self
  end

  # Removes every Integer in from...to, splitting the intervals it cuts.
  #
  # @param from [Integer]
  # @param to [Integer]
  # @return [IntervalSet] self
  # @raise [ArgumentError] if +from+ > +to+
  def remove(from, to)
    validate_interval(from, to)
    return self if from == to

    first = first_index { |range| range.end > from }
    last = first_index { |range| range.begin >= to }
    cut = @ranges[first...last]
    return self if cut.empty?

    pieces = [cut.first.begin...from, to...cut.last.end]
    @ranges[first...last] = pieces.select { |range| range.begin < range.end }
    self
  end

  # @param value [Integer]
  # @return [Boolean] whether +value+ is in the set
  def cover?(value)
    range = @ranges.bsearch { |candidate| candidate.end > value }
    !range.nil? && range.cover?(value)
  end

  # Yields each interval as a Range (from...to), lowest first.
  #
  # @yieldparam range [Range]
  # @return [IntervalSet, Enumerator] self, or an Enumerator without a block
  def each(&)
    return to_enum(:each) { @ranges.size } unless block_given?

    @ranges.each(&)
    self
  end

  # @return [Array<Array(Integer, Integer)>] [from, to] pairs, lowest first
  def intervals
    @ranges.map { |range| [range.begin, range.end] }
  end

  # @return [Integer] how many Integers the set holds
  def size
    @ranges.sum(&:size)
  end

  private

  def validate_interval(from, to)
    raise ArgumentError, "invalid interval #{from}...#{to}" if from > to
  end

  # The index of the first range for which the block, false then true along the ranges,
  # holds; the number of ranges if there is none.
  def first_index(&)
    @ranges.bsearch_index(&) || @ranges.size
  end
end
