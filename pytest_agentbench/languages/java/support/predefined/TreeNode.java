import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/** A binary tree node (predefined by pytest-agentbench). */
public class TreeNode {
  public int val;
  public TreeNode left;
  public TreeNode right;

  /** A node with value 0 and no children. */
  public TreeNode() {}

  /** A leaf with the given value. */
  public TreeNode(int val) {
    this.val = val;
  }

  /** A node with the given value and children. */
  public TreeNode(int val, TreeNode left, TreeNode right) {
    this.val = val;
    this.left = left;
    this.right = right;
  }

  /** The tree of a level-order list with null holes, as in TreeNode.of(3, 9, 20, null, 7). */
  public static TreeNode of(Integer... values) {
    if (values.length == 0 || values[0] == null) {
      return null;
    }
    TreeNode root = new TreeNode(values[0]);
    Queue<TreeNode> queue = new ArrayDeque<>();
    queue.add(root);
    int i = 1;
    while (!queue.isEmpty() && i < values.length) {
      TreeNode node = queue.poll();
      if (i < values.length && values[i] != null) {
        node.left = new TreeNode(values[i]);
        queue.add(node.left);
      }
      i++;
      if (i < values.length && values[i] != null) {
        node.right = new TreeNode(values[i]);
        queue.add(node.right);
      }
      i++;
    }
    return root;
  }

  /** The level-order list of this tree, without trailing nulls, e.g. [3, 9, 20, null, 7]. */
  @Override
  public String toString() {
    List<Integer> out = new ArrayList<>();
    List<TreeNode> level = new ArrayList<>();
    level.add(this);
    while (!level.isEmpty()) {
      List<TreeNode> next = new ArrayList<>();
      for (TreeNode node : level) {
        out.add(node == null ? null : node.val);
        if (node != null) {
          next.add(node.left);
          next.add(node.right);
        }
      }
      level = next;
    }
    while (!out.isEmpty() && out.get(out.size() - 1) == null) {
      out.remove(out.size() - 1);
    }
    return out.toString();
  }
}
