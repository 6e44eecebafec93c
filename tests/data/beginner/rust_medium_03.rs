fn helper(node: &TreeNode, target: i64, sum: i64, path: Vec<i32>, result: &mut Vec<Vec<i32>>) {
    let mut new_path = path.clone();
    new_path.push(node.val.clone());
    let new_sum = sum + node.val as i64;
    if node.left.is_none() && node.right.is_none() {
        if new_sum == target {
            result.push(new_path.clone());
        }
        return;
    }
    if node.left.is_some() {
        helper(node.left.as_ref().unwrap(), target, new_sum, new_path.clone(), result);
    }
    if node.right.is_some() {
        helper(node.right.as_ref().unwrap(), target, new_sum, new_path.clone(), result);
    }
}

pub fn path_sums(root: Option<&TreeNode>, target: i64) -> Vec<Vec<i32>> {
    let mut result: Vec<Vec<i32>> = Vec::new();
    if root.is_none() {
        return result;
    }
    helper(root.unwrap(), target, 0, Vec::new(), &mut result);
    let mut answer = Vec::new();
    for i in 0..result.len() {
        answer.push(result[i].clone());
    }
    return answer;
}
