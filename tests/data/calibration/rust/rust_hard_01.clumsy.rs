#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalError {
    UnexpectedChar { pos: usize, ch: char },
    UnexpectedEnd,
    DivisionByZero,
    Overflow,
}

fn skipSpaces(chars: &Vec<(usize, char)>, i: &mut usize) {
    while *i < chars.len() && chars[*i].1.is_whitespace() {
        *i = *i + 1;
    }
}

// first pass: only check the syntax
fn checkExpr(chars: &Vec<(usize, char)>, i: &mut usize) -> Result<(), EvalError> {
    let r = checkTerm(chars, i);
    if r.is_err() {
        return r;
    }
    loop {
        skipSpaces(chars, i);
        if *i < chars.len() && (chars[*i].1 == '+' || chars[*i].1 == '-') {
            *i = *i + 1;
            let r2 = checkTerm(chars, i);
            if r2.is_err() {
                return r2;
            }
        } else {
            break;
        }
    }
    return Ok(());
}

fn checkTerm(chars: &Vec<(usize, char)>, i: &mut usize) -> Result<(), EvalError> {
    let r = checkUnary(chars, i);
    if r.is_err() {
        return r;
    }
    loop {
        skipSpaces(chars, i);
        if *i < chars.len() && (chars[*i].1 == '*' || chars[*i].1 == '/' || chars[*i].1 == '%') {
            *i = *i + 1;
            let r2 = checkUnary(chars, i);
            if r2.is_err() {
                return r2;
            }
        } else {
            break;
        }
    }
    return Ok(());
}

fn checkUnary(chars: &Vec<(usize, char)>, i: &mut usize) -> Result<(), EvalError> {
    skipSpaces(chars, i);
    if *i >= chars.len() {
        return Err(EvalError::UnexpectedEnd);
    }
    let c = chars[*i].1;
    if c == '-' {
        *i = *i + 1;
        return checkUnary(chars, i);
    } else if c == '(' {
        *i = *i + 1;
        let r = checkExpr(chars, i);
        if r.is_err() {
            return r;
        }
        skipSpaces(chars, i);
        if *i >= chars.len() {
            return Err(EvalError::UnexpectedEnd);
        } else {
            if chars[*i].1 != ')' {
                return Err(EvalError::UnexpectedChar {
                    pos: chars[*i].0,
                    ch: chars[*i].1,
                });
            }
        }
        *i = *i + 1;
        return Ok(());
    } else if c.is_ascii_digit() {
        while *i < chars.len() && chars[*i].1.is_ascii_digit() {
            *i = *i + 1;
        }
        return Ok(());
    } else {
        return Err(EvalError::UnexpectedChar {
            pos: chars[*i].0,
            ch: c,
        });
    }
}

// second pass: the syntax is fine, compute the value
fn evalExpr(chars: &Vec<(usize, char)>, i: &mut usize) -> Result<i64, EvalError> {
    let mut value = evalTerm(chars, i)?;
    loop {
        skipSpaces(chars, i);
        if *i < chars.len() && (chars[*i].1 == '+' || chars[*i].1 == '-') {
            let op = chars[*i].1;
            *i = *i + 1;
            let right = evalTerm(chars, i)?;
            let result;
            if op == '+' {
                result = value.checked_add(right);
            } else {
                result = value.checked_sub(right);
            }
            match result {
                Some(v) => value = v,
                None => return Err(EvalError::Overflow),
            }
        } else {
            break;
        }
    }
    return Ok(value);
}

fn evalTerm(chars: &Vec<(usize, char)>, i: &mut usize) -> Result<i64, EvalError> {
    let mut value = evalUnary(chars, i)?;
    loop {
        skipSpaces(chars, i);
        if *i < chars.len() && (chars[*i].1 == '*' || chars[*i].1 == '/' || chars[*i].1 == '%') {
            let op = chars[*i].1;
            *i = *i + 1;
            let right = evalUnary(chars, i)?;
            if op == '*' {
                match value.checked_mul(right) {
                    Some(v) => value = v,
                    None => return Err(EvalError::Overflow),
                }
            } else {
                if right == 0 {
                    return Err(EvalError::DivisionByZero);
                }
                if op == '/' {
                    match value.checked_div(right) {
                        Some(v) => value = v,
                        None => return Err(EvalError::Overflow),
                    }
                } else {
                    match value.checked_rem(right) {
                        Some(v) => value = v,
                        None => return Err(EvalError::Overflow),
                    }
                }
            }
        } else {
            break;
        }
    }
    return Ok(value);
}

fn evalUnary(chars: &Vec<(usize, char)>, i: &mut usize) -> Result<i64, EvalError> {
    skipSpaces(chars, i);
    let c = chars[*i].1;
    if c == '-' {
        *i = *i + 1;
        let v = evalUnary(chars, i)?;
        match v.checked_neg() {
            Some(n) => return Ok(n),
            None => return Err(EvalError::Overflow),
        }
    } else if c == '(' {
        *i = *i + 1;
        let v = evalExpr(chars, i)?;
        skipSpaces(chars, i);
        *i = *i + 1;
        return Ok(v);
    } else {
        let mut digits = String::new();
        while *i < chars.len() && chars[*i].1.is_ascii_digit() {
            digits.push(chars[*i].1);
            *i = *i + 1;
        }
        match digits.parse::<i64>() {
            Ok(n) => return Ok(n),
            Err(_) => return Err(EvalError::Overflow),
        }
    }
}

pub fn evaluate(expr: &str) -> Result<i64, EvalError> {
    let chars: Vec<(usize, char)> = expr.char_indices().collect();
    let mut i: usize = 0;
    let check = checkExpr(&chars, &mut i);
    if check.is_err() {
        return Err(check.unwrap_err());
    }
    skipSpaces(&chars, &mut i);
    if i < chars.len() {
        return Err(EvalError::UnexpectedChar {
            pos: chars[i].0,
            ch: chars[i].1,
        });
    }
    let mut j: usize = 0;
    let result = evalExpr(&chars, &mut j);
    return result;
}
