# frozen_string_literal: true

# A binary tree node (predefined by pytest-agentbench).
class TreeNode
  attr_accessor :val, :left, :right

  def initialize(val = 0, left = nil, right = nil)
    @val = val
    @left = left
    @right = right
  end

  # The tree of a level-order array with nil holes: `TreeNode.from_a([1, nil, 2])`.
  def self.from_a(values)
    nodes = Array(values).map { |value| value.nil? ? nil : new(value) }
    nodes.compact.zip(nodes.drop(1).each_slice(2).to_a) do |node, (left, right)|
      node.left = left
      node.right = right
    end
    nodes.first
  end
end
