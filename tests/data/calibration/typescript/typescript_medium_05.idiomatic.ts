/**
 * Lists the values of a binary tree level by level, in alternating directions: left to right
 * on the root's level, right to left on the next, and so on.
 *
 * @param root - The root of the tree, or `null` for an empty tree; not modified.
 * @returns One array of values per level, root level first.
 */
export function zigzagLevelOrder(root: TreeNode | null): number[][] {
  const levels: number[][] = [];
  let current: TreeNode[] = root ? [root] : [];
  let leftToRight = true;
  while (current.length > 0) {
    const values = current.map(({ val }) => val);
    levels.push(leftToRight ? values : values.toReversed());
    current = current.flatMap(({ left, right }) =>
      [left, right].filter((child): child is TreeNode => child !== null),
    );
    leftToRight = !leftToRight;
  }
  return levels;
}
