pub fn path_sums(root: Option<&TreeNode>, target: i64) -> Vec<Vec<i32>> {
    let mut allPaths: Vec<Vec<i32>> = Vec::new();
    if root.is_some() {
        let r = root.unwrap();
        let current: Vec<i32> = Vec::new();
        findPaths(r, target, current, &mut allPaths);
    }
    return allPaths;
}

fn findPaths(node: &TreeNode, target: i64, path: Vec<i32>, allPaths: &mut Vec<Vec<i32>>) {
    let mut myPath = path.clone();
    myPath.push(node.val);
    let mut sum: i64 = 0;
    for i in 0..myPath.len() {
        sum = sum + myPath[i] as i64;
    }
    if node.left.is_none() && node.right.is_none() {
        if sum == target {
            allPaths.push(myPath.clone());
        }
    } else {
        if node.left.is_some() {
            let left = node.left.as_ref().unwrap();
            findPaths(left, target, myPath.clone(), allPaths);
        }
        if node.right.is_some() {
            let right = node.right.as_ref().unwrap();
            findPaths(right, target, myPath.clone(), allPaths);
        }
    }
}
