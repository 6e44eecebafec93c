pub fn parse_duration(s: &str) -> Option<u64> {
    if s.len() == 0 { return None; }
    let chars: Vec<char> = s.chars().collect();
    let mut total: u64 = 0;
    let mut number = String::new();
    let mut last_rank = 0;
    for i in 0..chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() == true {
            number.push(c);
        } else {
            if number.len() == 0 { return None; }
            let rank;
            let scale: u64;
            if c == 'h' { rank = 1; scale = 3600; }
            else if c == 'm' { rank = 2; scale = 60; }
            else if c == 's' { rank = 3; scale = 1; }
            else { return None; }
            if rank <= last_rank { return None; }
            last_rank = rank;
            let parsed = number.clone().parse::<u64>();
            if parsed.is_err() { return None; }
            let value = parsed.unwrap();
            let seconds = match value.checked_mul(scale) { Some(x) => x, None => return None };
            total = match total.checked_add(seconds) { Some(x) => x, None => return None };
            number = String::new();
        }
    }
    if number.len() > 0 { return None; }
    return Some(total);
}
