package main

import (
	"errors"
	"math"
)

var ErrEmptyTree = errors.New("empty tree")

var max_sum int

func max_of(a int, b int) int {
	if a > b {
		return a
	} else {
		return b
	}
}

func helper(node *TreeNode) int {
	if node == nil {
		return 0
	}
	var left int = helper(node.Left)
	var right int = helper(node.Right)
	if left < 0 {
		left = 0
	}
	if right < 0 {
		right = 0
	}
	var total int = node.Val + left + right
	if total > max_sum {
		max_sum = total
	}
	return node.Val + max_of(left, right)
}

func MaxPathSum(root *TreeNode) (int, error) {
	if root == nil {
		return 0, ErrEmptyTree
	}
	max_sum = math.MinInt64
	helper(root)
	var result int = max_sum
	return result, nil
}
