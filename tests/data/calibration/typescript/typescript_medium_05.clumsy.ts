function zigzagLevelOrder(root: TreeNode | null): number[][] {
  let result: number[][] = [];
  if (root == null) {
    return result;
  }
  let queue: TreeNode[] = [root];
  let level = 0;
  while (queue.length > 0) {
    let size = queue.length;
    let row: number[] = [];
    for (let i = 0; i < size; i++) {
      let node = queue.shift()!;
      if (level % 2 == 0) {
        row.push(node.val);
      } else {
        row.unshift(node.val);
      }
      if (node.left != null) {
        queue.push(node.left);
      }
      if (node.right != null) {
        queue.push(node.right);
      }
    }
    result.push(row);
    level = level + 1;
  }
  return result;
}
