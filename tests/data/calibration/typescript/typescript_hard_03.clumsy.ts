function mergeKLists(lists: (ListNode | null)[]): ListNode | null {
  let heap: ListNode[] = [];
  for (let i = 0; i < lists.length; i++) {
    if (lists[i] != null) {
      heap.push(lists[i]!);
      let c = heap.length - 1;
      while (c > 0) {
        let p = Math.floor((c - 1) / 2);
        if (heap[c].val < heap[p].val) {
          let tmp = heap[c];
          heap[c] = heap[p];
          heap[p] = tmp;
          c = p;
        } else {
          break;
        }
      }
    }
  }
  let dummy = new ListNode(0);
  let tail = dummy;
  while (heap.length > 0) {
    let smallest = heap[0];
    let last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let p = 0;
      while (true) {
        let l = 2 * p + 1;
        let r = 2 * p + 2;
        let m = p;
        if (l < heap.length && heap[l].val < heap[m].val) {
          m = l;
        }
        if (r < heap.length && heap[r].val < heap[m].val) {
          m = r;
        }
        if (m == p) {
          break;
        }
        let tmp = heap[m];
        heap[m] = heap[p];
        heap[p] = tmp;
        p = m;
      }
    }
    tail.next = smallest;
    tail = smallest;
    if (smallest.next != null) {
      heap.push(smallest.next);
      let c = heap.length - 1;
      while (c > 0) {
        let p = Math.floor((c - 1) / 2);
        if (heap[c].val < heap[p].val) {
          let tmp = heap[c];
          heap[c] = heap[p];
          heap[p] = tmp;
          c = p;
        } else {
          break;
        }
      }
    }
  }
  tail.next = null;
  return dummy.next;
}
