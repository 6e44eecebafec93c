use std::collections::HashMap;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BankError {
    UnknownAccount(u32),
    InsufficientFunds { needed: u64, available: u64 },
    SameAccount,
    ZeroAmount,
    Overflow,
}

impl fmt::Display for BankError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BankError::UnknownAccount(id) => write!(f, "unknown account {}", id),
            BankError::InsufficientFunds { needed, available } => write!(
                f,
                "insufficient funds: needed {}, available {}",
                needed, available
            ),
            BankError::SameAccount => write!(f, "cannot transfer to the same account"),
            BankError::ZeroAmount => write!(f, "amount must be positive"),
            BankError::Overflow => write!(f, "balance would overflow"),
        }
    }
}

impl std::error::Error for BankError {}

pub struct Bank {
    accounts: HashMap<u32, u64>,
    nextId: u32,
}

impl Bank {
    pub fn new() -> Self {
        Bank {
            accounts: HashMap::new(),
            nextId: 1,
        }
    }

    pub fn open(&mut self) -> u32 {
        let id = self.nextId;
        self.accounts.insert(id, 0);
        self.nextId = self.nextId + 1;
        return id;
    }

    pub fn balance(&self, id: u32) -> Result<u64, BankError> {
        if self.accounts.contains_key(&id) {
            return Ok(*self.accounts.get(&id).unwrap());
        } else {
            return Err(BankError::UnknownAccount(id));
        }
    }

    pub fn deposit(&mut self, id: u32, amount: u64) -> Result<u64, BankError> {
        if amount == 0 {
            return Err(BankError::ZeroAmount);
        }
        if !self.accounts.contains_key(&id) {
            return Err(BankError::UnknownAccount(id));
        }
        let old = self.accounts.get(&id).unwrap().clone();
        if u64::MAX - old < amount {
            return Err(BankError::Overflow);
        }
        let new_balance = old + amount;
        self.accounts.insert(id, new_balance);
        return Ok(new_balance);
    }

    pub fn withdraw(&mut self, id: u32, amount: u64) -> Result<u64, BankError> {
        if amount == 0 {
            return Err(BankError::ZeroAmount);
        }
        if !self.accounts.contains_key(&id) {
            return Err(BankError::UnknownAccount(id));
        }
        let old = self.accounts.get(&id).unwrap().clone();
        if old < amount {
            return Err(BankError::InsufficientFunds {
                needed: amount,
                available: old,
            });
        }
        let new_balance = old - amount;
        self.accounts.insert(id, new_balance);
        return Ok(new_balance);
    }

    pub fn transfer(&mut self, from: u32, to: u32, amount: u64) -> Result<(), BankError> {
        if amount == 0 {
            return Err(BankError::ZeroAmount);
        }
        if !self.accounts.contains_key(&from) {
            return Err(BankError::UnknownAccount(from));
        }
        if !self.accounts.contains_key(&to) {
            return Err(BankError::UnknownAccount(to));
        }
        if from == to {
            return Err(BankError::SameAccount);
        }
        let fromBalance = self.accounts.get(&from).unwrap().clone();
        let toBalance = self.accounts.get(&to).unwrap().clone();
        if fromBalance < amount {
            return Err(BankError::InsufficientFunds {
                needed: amount,
                available: fromBalance,
            });
        }
        if u64::MAX - toBalance < amount {
            return Err(BankError::Overflow);
        }
        self.accounts.insert(from, fromBalance - amount);
        self.accounts.insert(to, toBalance + amount);
        return Ok(());
    }

    pub fn total(&self) -> u128 {
        let mut sum: u128 = 0;
        for (_id, b) in self.accounts.iter() {
            sum = sum + *b as u128;
        }
        return sum;
    }
}

impl Default for Bank {
    fn default() -> Self {
        return Bank::new();
    }
}
