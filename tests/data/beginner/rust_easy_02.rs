pub fn run_lengths(s: &str) -> Vec<(char, usize)> {
    let mut result: Vec<(char, usize)> = Vec::new();
    if s.len() == 0 {
        return result;
    }
    let chars: Vec<char> = s.chars().collect();
    let mut current = chars.first().unwrap().clone();
    let mut count: usize = 0;
    for i in 0..chars.len() {
        if chars[i] == current {
            count = count + 1;
        } else {
            result.push((current.clone(), count));
            current = chars[i].clone();
            count = 1;
        }
    }
    result.push((current, count));
    return result;
}
