import java.util.StringJoiner;

/** A singly linked list node (predefined by pytest-agentbench). */
public class ListNode {
  public int val;
  public ListNode next;

  /** A node with value 0 and no successor. */
  public ListNode() {}

  /** A last node with the given value. */
  public ListNode(int val) {
    this.val = val;
  }

  /** A node with the given value and successor. */
  public ListNode(int val, ListNode next) {
    this.val = val;
    this.next = next;
  }

  /** The list of the given values, as in ListNode.of(1, 2, 3); null for none. */
  public static ListNode of(int... values) {
    ListNode head = null;
    for (int i = values.length - 1; i >= 0; i--) {
      head = new ListNode(values[i], head);
    }
    return head;
  }

  /** The values from this node on, e.g. [1, 2, 3]. */
  @Override
  public String toString() {
    StringJoiner out = new StringJoiner(", ", "[", "]");
    int n = 0;
    for (ListNode node = this; node != null && n < 10_000; node = node.next, n++) {
      out.add(String.valueOf(node.val));
    }
    return out.toString();
  }
}
