pub fn longest_common_prefix<'a>(words: &[&'a str]) -> &'a str {
    if words.len() == 0 {
        return "";
    }
    let first = words[0];
    let firstChars: Vec<char> = first.chars().collect();
    let mut allWords: Vec<Vec<char>> = Vec::new();
    for j in 0..words.len() {
        allWords.push(words[j].chars().collect());
    }
    let mut prefixBytes: usize = 0;
    let mut i = 0;
    while i < firstChars.len() {
        let c = firstChars[i];
        let mut same = true;
        for j in 1..allWords.len() {
            if i >= allWords[j].len() {
                same = false;
                break;
            } else {
                if allWords[j][i] != c {
                    same = false;
                    break;
                }
            }
        }
        if same == true {
            prefixBytes = prefixBytes + c.len_utf8();
        } else {
            break;
        }
        i = i + 1;
    }
    return &first[0..prefixBytes];
}
