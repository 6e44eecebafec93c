// TreeNode and ListNode as LeetCode defines them, installed as globals for solutions and native
// tests (`node --require prelude.js`); their types come from globals.d.ts.

/** A binary tree node. */
export class TreeNode {
  val: number;
  left: TreeNode | null;
  right: TreeNode | null;

  constructor(val?: number, left?: TreeNode | null, right?: TreeNode | null) {
    this.val = val ?? 0;
    this.left = left ?? null;
    this.right = right ?? null;
  }
}

/** A singly linked list node. */
export class ListNode {
  val: number;
  next: ListNode | null;

  constructor(val?: number, next?: ListNode | null) {
    this.val = val ?? 0;
    this.next = next ?? null;
  }
}

Object.assign(globalThis, { TreeNode, ListNode });
