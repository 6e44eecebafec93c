pub fn run_lengths(s: &str) -> Vec<(char, usize)> {
    let mut resultList: Vec<(char, usize)> = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].clone();
        let mut j = i;
        while j < chars.len() && chars[j] == c {
            j = j + 1;
        }
        let count = j - i;
        resultList.push((c, count));
        i = j;
    }
    return resultList;
}
