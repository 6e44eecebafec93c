pub fn merge_k_lists(lists: Vec<Option<Box<ListNode>>>) -> Option<Box<ListNode>> {
    let mut heads = lists;
    let mut nodes: Vec<Box<ListNode>> = Vec::new();
    loop {
        let mut best: i32 = -1;
        for i in 0..heads.len() {
            if heads[i].is_some() {
                if best == -1 {
                    best = i as i32;
                } else {
                    if heads[i].as_ref().unwrap().val < heads[best as usize].as_ref().unwrap().val {
                        best = i as i32;
                    }
                }
            }
        }
        if best == -1 {
            break;
        }
        let mut node = heads[best as usize].take().unwrap();
        heads[best as usize] = node.next.take();
        nodes.push(node);
    }
    let mut result: Option<Box<ListNode>> = None;
    let mut i = nodes.len();
    while i > 0 {
        i = i - 1;
        let mut node = nodes.pop().unwrap();
        node.next = result;
        result = Some(node);
    }
    return result;
}
