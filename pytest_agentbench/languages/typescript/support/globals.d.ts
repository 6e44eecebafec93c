// Predefined for solutions by pytest-agentbench, as on LeetCode; the harness defines them at
// run time (prelude.ts). A solution's own declaration of the same name takes precedence.

/** A binary tree node. */
declare class TreeNode {
  val: number;
  left: TreeNode | null;
  right: TreeNode | null;
  constructor(val?: number, left?: TreeNode | null, right?: TreeNode | null);
}

/** A singly linked list node. */
declare class ListNode {
  val: number;
  next: ListNode | null;
  constructor(val?: number, next?: ListNode | null);
}
