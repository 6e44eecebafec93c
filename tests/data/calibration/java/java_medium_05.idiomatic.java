/** Trimming of binary search trees. */
class Solution {
  /**
   * Removes every node whose value lies outside {@code [low, high]}.
   *
   * <p>The remaining nodes keep their relative structure. The tree is trimmed in place.
   *
   * @param root the root of a binary search tree with distinct values, or {@code null}
   * @param low the smallest value to keep
   * @param high the largest value to keep
   * @return the root of the trimmed tree, or {@code null} if no node is left
   * @throws IllegalArgumentException if {@code low > high}
   */
  public TreeNode trimBst(TreeNode root, int low, int high) {
    if (low > high) {
      throw new IllegalArgumentException("low " + low + " is greater than high " + high);
    }
    return trim(root, low, high);
  }

  private static TreeNode trim(TreeNode node, int low, int high) {
    if (node == null) {
      return null;
    }
    if (node.val < low) {
      return trim(node.right, low, high);
    }
    if (node.val > high) {
      return trim(node.left, low, high);
    }
    node.left = trim(node.left, low, high);
    node.right = trim(node.right, low, high);
    return node;
  }
}
