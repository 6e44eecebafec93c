class Solution {
    public TreeNode trimBst(TreeNode root, int low, int high) {
        if (low > high) {
            throw new IllegalArgumentException("low > high");
        }
        TreeNode result = null;
        if (root != null) {
            boolean inRange = root.val >= low && root.val <= high;
            if (inRange == true) {
                TreeNode new_node = new TreeNode(root.val);
                new_node.left = trimBst(root.left, low, high);
                new_node.right = trimBst(root.right, low, high);
                result = new_node;
            } else {
                if (root.val < low) {
                    TreeNode r = trimBst(root.right, low, high);
                    result = r;
                } else {
                    TreeNode l = trimBst(root.left, low, high);
                    result = l;
                }
            }
        }
        return result;
    }
}
