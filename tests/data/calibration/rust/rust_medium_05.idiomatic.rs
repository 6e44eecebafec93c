//! An in-memory bank ledger whose operations succeed completely or change nothing.

use std::fmt;

/// Why a bank operation was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BankError {
    /// No account has this id.
    UnknownAccount(u32),
    /// The account holds less than the amount asked for.
    InsufficientFunds {
        /// The amount asked for.
        needed: u64,
        /// The balance of the account.
        available: u64,
    },
    /// A transfer from an account to itself.
    SameAccount,
    /// An amount of zero.
    ZeroAmount,
    /// A balance would exceed `u64::MAX`.
    Overflow,
}

impl fmt::Display for BankError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownAccount(id) => write!(f, "unknown account {id}"),
            Self::InsufficientFunds { needed, available } => {
                write!(
                    f,
                    "insufficient funds: needed {needed}, available {available}"
                )
            }
            Self::SameAccount => f.write_str("cannot transfer to the same account"),
            Self::ZeroAmount => f.write_str("amount must be positive"),
            Self::Overflow => f.write_str("balance would overflow"),
        }
    }
}

impl std::error::Error for BankError {}

/// A ledger of accounts numbered `1, 2, 3, ...` in the order they are opened.
#[derive(Debug, Clone, Default)]
pub struct Bank {
    /// The balance of account `id` is at index `id - 1`.
    balances: Vec<u64>,
}

impl Bank {
    /// Creates a bank without accounts.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Opens an account with a balance of 0 and returns its id.
    ///
    /// # Panics
    ///
    /// If `u32::MAX` accounts are already open.
    pub fn open(&mut self) -> u32 {
        self.balances.push(0);
        u32::try_from(self.balances.len()).expect("no more than u32::MAX accounts")
    }

    /// Returns the balance of account `id`.
    ///
    /// # Errors
    ///
    /// [`BankError::UnknownAccount`] if no account has this id.
    pub fn balance(&self, id: u32) -> Result<u64, BankError> {
        self.index(id).map(|index| self.balances[index])
    }

    /// Adds `amount` to account `id` and returns the new balance.
    ///
    /// # Errors
    ///
    /// [`BankError::ZeroAmount`], [`BankError::UnknownAccount`] or [`BankError::Overflow`],
    /// checked in that order; the account is then unchanged.
    pub fn deposit(&mut self, id: u32, amount: u64) -> Result<u64, BankError> {
        ensure_positive(amount)?;
        let index = self.index(id)?;
        let balance = &mut self.balances[index];
        *balance = credit(*balance, amount)?;
        Ok(*balance)
    }

    /// Takes `amount` from account `id` and returns the new balance.
    ///
    /// # Errors
    ///
    /// [`BankError::ZeroAmount`], [`BankError::UnknownAccount`] or
    /// [`BankError::InsufficientFunds`], checked in that order; the account is then unchanged.
    pub fn withdraw(&mut self, id: u32, amount: u64) -> Result<u64, BankError> {
        ensure_positive(amount)?;
        let index = self.index(id)?;
        let balance = &mut self.balances[index];
        *balance = debit(*balance, amount)?;
        Ok(*balance)
    }

    /// Moves `amount` from account `from` to account `to`, all or nothing.
    ///
    /// # Errors
    ///
    /// [`BankError::ZeroAmount`], [`BankError::UnknownAccount`] (of `from`, then of `to`),
    /// [`BankError::SameAccount`], [`BankError::InsufficientFunds`] or
    /// [`BankError::Overflow`], checked in that order; both accounts are then unchanged.
    pub fn transfer(&mut self, from: u32, to: u32, amount: u64) -> Result<(), BankError> {
        ensure_positive(amount)?;
        let source = self.index(from)?;
        let target = self.index(to)?;
        if source == target {
            return Err(BankError::SameAccount);
        }
        let debited = debit(self.balances[source], amount)?;
        let credited = credit(self.balances[target], amount)?;
        self.balances[source] = debited;
        self.balances[target] = credited;
        Ok(())
    }

    /// Returns the sum of all balances, which cannot overflow a `u128`.
    #[must_use]
    pub fn total(&self) -> u128 {
        self.balances.iter().copied().map(u128::from).sum()
    }

    /// The index of account `id` in `balances`.
    fn index(&self, id: u32) -> Result<usize, BankError> {
        usize::try_from(id)
            .ok()
            .and_then(|id| id.checked_sub(1))
            .filter(|&index| index < self.balances.len())
            .ok_or(BankError::UnknownAccount(id))
    }
}

/// Refuses an amount of zero.
fn ensure_positive(amount: u64) -> Result<(), BankError> {
    if amount == 0 {
        Err(BankError::ZeroAmount)
    } else {
        Ok(())
    }
}

/// `balance + amount`, or [`BankError::Overflow`].
fn credit(balance: u64, amount: u64) -> Result<u64, BankError> {
    balance.checked_add(amount).ok_or(BankError::Overflow)
}

/// `balance - amount`, or [`BankError::InsufficientFunds`].
fn debit(balance: u64, amount: u64) -> Result<u64, BankError> {
    balance
        .checked_sub(amount)
        .ok_or(BankError::InsufficientFunds {
            needed: amount,
            available: balance,
        })
}
