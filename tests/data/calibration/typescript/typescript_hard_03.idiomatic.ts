/** Merges two sorted lists into one by relinking their nodes; both inputs are consumed. */
function mergeTwo(a: ListNode | null, b: ListNode | null): ListNode | null {
  const head = new ListNode();
  let tail = head;
  let left = a;
  let right = b;
  while (left !== null && right !== null) {
    if (left.val <= right.val) {
      tail.next = left;
      left = left.next;
    } else {
      tail.next = right;
      right = right.next;
    }
    tail = tail.next;
  }
  tail.next = left ?? right;
  return head.next;
}

/**
 * Merges `k` sorted linked lists into one sorted list, relinking the given nodes.
 *
 * The lists are merged pairwise in rounds, halving their number each time, which takes
 * O(N log k) for N nodes in all.
 *
 * @param lists - Sorted lists, `null` for an empty one; consumed.
 * @returns The head of the merged list, or `null` if there are no nodes.
 */
export function mergeKLists(lists: (ListNode | null)[]): ListNode | null {
  let round = lists;
  while (round.length > 1) {
    round = Array.from({ length: Math.ceil(round.length / 2) }, (_, i) =>
      mergeTwo(round[2 * i], round[2 * i + 1] ?? null),
    );
  }
  return round[0] ?? null;
}
