package main

import "errors"

// ErrEmptyTree is returned for a tree without nodes.
var ErrEmptyTree = errors.New("empty tree")

// MaxPathSum returns the largest sum of node values along a path of the tree: one or more
// nodes, each the parent or a child of the next, going up to one highest node and down
// from it at most on both sides. An empty tree has no path: MaxPathSum returns
// ErrEmptyTree for it. The tree is not modified.
func MaxPathSum(root *TreeNode) (int, error) {
	if root == nil {
		return 0, ErrEmptyTree
	}
	best := root.Val
	// gain returns the largest sum of a path that starts at node and goes down (0 for
	// none), and updates best with the best path that bends at node.
	var gain func(node *TreeNode) int
	gain = func(node *TreeNode) int {
		if node == nil {
			return 0
		}
		left, right := nonNegative(gain(node.Left)), nonNegative(gain(node.Right))
		if sum := node.Val + left + right; sum > best {
			best = sum
		}
		if left > right {
			return node.Val + left
		}
		return node.Val + right
	}
	gain(root)
	return best, nil
}

// nonNegative returns n, or 0 if n is negative.
func nonNegative(n int) int {
	if n < 0 {
		return 0
	}
	return n
}
