//! An integer expression evaluator: a recursive-descent parser builds a syntax tree, which
//! is then evaluated with checked arithmetic, so syntax errors always come first.

use std::iter::Peekable;
use std::str::CharIndices;

/// Why an expression could not be evaluated. Positions are byte offsets into the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalError {
    /// A character that cannot appear where it is (a `)` without `(` included).
    UnexpectedChar {
        /// The byte offset of the character.
        pos: usize,
        /// The character.
        ch: char,
    },
    /// The input ended where an operand or a `)` was expected.
    UnexpectedEnd,
    /// Division or remainder by zero.
    DivisionByZero,
    /// A literal or a result outside the range of `i64`.
    Overflow,
}

/// A binary operator.
#[derive(Debug, Clone, Copy)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

impl Op {
    /// `a op b` in checked arithmetic.
    fn apply(self, a: i64, b: i64) -> Result<i64, EvalError> {
        if b == 0 && matches!(self, Self::Div | Self::Rem) {
            return Err(EvalError::DivisionByZero);
        }
        match self {
            Self::Add => a.checked_add(b),
            Self::Sub => a.checked_sub(b),
            Self::Mul => a.checked_mul(b),
            Self::Div => a.checked_div(b),
            Self::Rem => a.checked_rem(b),
        }
        .ok_or(EvalError::Overflow)
    }
}

/// A syntax tree. A chain of left-associative operations is kept flat, so that evaluating
/// a long expression does not recurse once per operator.
#[derive(Debug)]
enum Expr<'a> {
    /// The digits of a literal, whose range is checked when it is evaluated.
    Literal(&'a str),
    Negate(Box<Expr<'a>>),
    Chain(Box<Expr<'a>>, Vec<(Op, Expr<'a>)>),
}

impl Expr<'_> {
    /// The value of the expression, left operands evaluated before right ones.
    fn eval(&self) -> Result<i64, EvalError> {
        match self {
            Self::Literal(digits) => digits.parse().map_err(|_| EvalError::Overflow),
            Self::Negate(operand) => operand.eval()?.checked_neg().ok_or(EvalError::Overflow),
            Self::Chain(first, rest) => rest.iter().try_fold(first.eval()?, |left, (op, right)| {
                op.apply(left, right.eval()?)
            }),
        }
    }
}

/// A recursive-descent parser with one method per rule of the grammar.
struct Parser<'a> {
    text: &'a str,
    chars: Peekable<CharIndices<'a>>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            chars: text.char_indices().peekable(),
        }
    }

    /// The next character that is not whitespace, with its offset, left unconsumed.
    fn peek(&mut self) -> Option<(usize, char)> {
        while self.chars.next_if(|&(_, c)| c.is_whitespace()).is_some() {}
        self.chars.peek().copied()
    }

    /// The error for the next character, or for the end of the input.
    fn unexpected(&mut self) -> EvalError {
        self.peek().map_or(EvalError::UnexpectedEnd, |(pos, ch)| {
            EvalError::UnexpectedChar { pos, ch }
        })
    }

    /// `operand (op operand)*` for the operators that `op_of` recognises.
    fn chain(
        &mut self,
        op_of: fn(char) -> Option<Op>,
        operand: fn(&mut Self) -> Result<Expr<'a>, EvalError>,
    ) -> Result<Expr<'a>, EvalError> {
        let first = operand(self)?;
        let mut rest = Vec::new();
        while let Some(op) = self.peek().and_then(|(_, c)| op_of(c)) {
            self.chars.next();
            rest.push((op, operand(self)?));
        }
        Ok(if rest.is_empty() {
            first
        } else {
            Expr::Chain(Box::new(first), rest)
        })
    }

    /// `expr := term (('+' | '-') term)*`
    fn expr(&mut self) -> Result<Expr<'a>, EvalError> {
        self.chain(
            |c| match c {
                '+' => Some(Op::Add),
                '-' => Some(Op::Sub),
                _ => None,
            },
            Self::term,
        )
    }

    /// `term := unary (('*' | '/' | '%') unary)*`
    fn term(&mut self) -> Result<Expr<'a>, EvalError> {
        self.chain(
            |c| match c {
                '*' => Some(Op::Mul),
                '/' => Some(Op::Div),
                '%' => Some(Op::Rem),
                _ => None,
            },
            Self::unary,
        )
    }

    /// `unary := '-' unary | '(' expr ')' | integer`
    fn unary(&mut self) -> Result<Expr<'a>, EvalError> {
        match self.peek() {
            Some((_, '-')) => {
                self.chars.next();
                Ok(Expr::Negate(Box::new(self.unary()?)))
            }
            Some((_, '(')) => {
                self.chars.next();
                let inner = self.expr()?;
                match self.peek() {
                    Some((_, ')')) => {
                        self.chars.next();
                        Ok(inner)
                    }
                    _ => Err(self.unexpected()),
                }
            }
            Some((start, c)) if c.is_ascii_digit() => {
                while self.chars.next_if(|(_, c)| c.is_ascii_digit()).is_some() {}
                let end = self.chars.peek().map_or(self.text.len(), |&(i, _)| i);
                Ok(Expr::Literal(&self.text[start..end]))
            }
            _ => Err(self.unexpected()),
        }
    }
}

/// Evaluates an integer expression of `+ - * / %`, unary minus, parentheses and decimal
/// literals, in `i64`.
///
/// # Errors
///
/// The first syntax error from the left; only a valid expression is evaluated, and then the
/// first evaluation error, left operands before right ones.
pub fn evaluate(expr: &str) -> Result<i64, EvalError> {
    let mut parser = Parser::new(expr);
    let tree = parser.expr()?;
    if parser.peek().is_some() {
        return Err(parser.unexpected());
    }
    tree.eval()
}
