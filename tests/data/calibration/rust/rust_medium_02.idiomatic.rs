//! Merging sorted linked lists by moving their nodes, without recursion.

/// A singly linked list: its head node, or `None` when empty.
type List = Option<Box<ListNode>>;

/// Merges `lists`, each sorted in non-decreasing order, into one sorted list made of their
/// nodes.
///
/// The lists are merged in pairs, round after round, which takes `O(n log k)` for `n`
/// nodes in `k` lists; no node is allocated and nothing recurses, so long lists are fine.
#[must_use]
pub fn merge_k_lists(mut lists: Vec<Option<Box<ListNode>>>) -> Option<Box<ListNode>> {
    while lists.len() > 1 {
        let mut round = Vec::with_capacity(lists.len().div_ceil(2));
        let mut pending = lists.into_iter();
        while let Some(first) = pending.next() {
            round.push(merge_two(first, pending.next().flatten()));
        }
        lists = round;
    }
    lists.pop().flatten()
}

/// Merges two sorted lists; on equal values the node of `a` comes first.
fn merge_two(mut a: List, mut b: List) -> List {
    let mut head = None;
    let mut tail = &mut head;
    loop {
        let source = match (&a, &b) {
            (Some(x), Some(y)) if y.val < x.val => &mut b,
            (Some(_), Some(_)) => &mut a,
            _ => break,
        };
        if let Some(mut node) = source.take() {
            *source = node.next.take();
            tail = &mut tail.insert(node).next;
        }
    }
    *tail = a.or(b);
    head
}
