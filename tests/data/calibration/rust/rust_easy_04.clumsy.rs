pub fn parse_duration(s: &str) -> Option<u64> {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() == 0 {
        return None;
    }
    let mut Total: u128 = 0;
    let mut current: u128 = 0;
    let mut digitCount = 0;
    let mut seenH = false;
    let mut seenM = false;
    let mut seenS = false;
    for i in 0..chars.len() {
        let c = chars[i];
        if c >= '0' && c <= '9' {
            current = current * 10 + (c as u128 - '0' as u128);
            digitCount = digitCount + 1;
            if current > u64::MAX as u128 {
                return None;
            }
        } else {
            if digitCount == 0 {
                return None;
            }
            if c == 'h' {
                if seenH == true || seenM == true || seenS == true {
                    return None;
                }
                seenH = true;
                Total = Total + current * 3600;
            } else if c == 'm' {
                if seenM == true || seenS == true {
                    return None;
                }
                seenM = true;
                Total = Total + current * 60;
            } else if c == 's' {
                if seenS == true {
                    return None;
                }
                seenS = true;
                Total = Total + current;
            } else {
                return None;
            }
            if Total > u64::MAX as u128 {
                return None;
            }
            current = 0;
            digitCount = 0;
        }
    }
    if digitCount > 0 {
        return None;
    }
    return Some(Total as u64);
}
