//! Root-to-leaf paths of a binary tree that add up to a target.

/// Returns every root-to-leaf path of `root` whose values add up to `target`, each as its
/// values from the root, ordered from the leftmost leaf to the rightmost.
///
/// Sums are computed in `i64`, so no path of `i32` values can overflow; the tree is walked
/// with an explicit stack, so deep trees cannot overflow the call stack either.
#[must_use]
pub fn path_sums(root: Option<&TreeNode>, target: i64) -> Vec<Vec<i32>> {
    let mut found = Vec::new();
    let mut path = Vec::new();
    // Each entry is a node still to visit, its depth and the sum its path still needs.
    let mut pending: Vec<(&TreeNode, usize, i64)> =
        root.map(|node| (node, 0, target)).into_iter().collect();
    while let Some((node, depth, needed)) = pending.pop() {
        path.truncate(depth);
        path.push(node.val);
        let needed = needed - i64::from(node.val);
        match (node.left.as_deref(), node.right.as_deref()) {
            (None, None) => {
                if needed == 0 {
                    found.push(path.clone());
                }
            }
            // Push the right child first so that the left subtree is visited first.
            (left, right) => pending.extend(
                [right, left]
                    .into_iter()
                    .flatten()
                    .map(|child| (child, depth + 1, needed)),
            ),
        }
    }
    found
}
