"""Zigzag level-order traversal of a binary tree."""

from typing import List, Optional


def zigzag_level_order(root: Optional[TreeNode]) -> List[List[int]]:
    """Return the tree's values level by level, alternating the reading direction.

    The root's level reads left to right, the next one right to left, and so on.
    An empty tree gives an empty list.
    """
    levels: list[list[int]] = []
    level = [root] if root is not None else []
    left_to_right = True
    while level:
        values = [node.val for node in level]
        levels.append(values if left_to_right else values[::-1])
        left_to_right = not left_to_right
        level = [child for node in level for child in (node.left, node.right) if child]
    return levels
