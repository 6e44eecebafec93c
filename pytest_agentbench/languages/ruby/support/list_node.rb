# frozen_string_literal: true

# A singly linked list node (predefined by pytest-agentbench).
class ListNode
  attr_accessor :val, :next

  def initialize(val = 0, next_node = nil)
    @val = val
    @next = next_node
  end

  # The list of an array: `ListNode.from_a([1, 2, 3])`.
  def self.from_a(values)
    values.reverse.reduce(nil) { |rest, value| new(value, rest) }
  end
end
