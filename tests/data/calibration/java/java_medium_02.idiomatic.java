import java.util.Arrays;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A fixed set of accounts that many threads may use at once.
 *
 * <p>Each account has its own lock; a transfer takes the locks of its two accounts in index
 * order, so transfers between different accounts run in parallel and never deadlock.
 */
class Bank {
  private final long[] balances;

  private final Lock[] locks;

  /**
   * Opens one account per opening balance, numbered from 0.
   *
   * @param balances the opening balances; the array is copied
   * @throws IllegalArgumentException if an opening balance is negative
   */
  public Bank(long[] balances) {
    if (Arrays.stream(balances).anyMatch(balance -> balance < 0)) {
      throw new IllegalArgumentException("opening balances must not be negative");
    }
    this.balances = balances.clone();
    this.locks = Stream.generate(ReentrantLock::new).limit(balances.length).toArray(Lock[]::new);
  }

  /**
   * Moves {@code amount} from one account to another, atomically.
   *
   * @param from the account to debit
   * @param to the account to credit
   * @param amount the amount to move, positive
   * @throws IllegalArgumentException if an account does not exist, if {@code from == to} or if
   *     {@code amount} is not positive
   * @throws IllegalStateException if {@code from} holds less than {@code amount}
   */
  public void transfer(int from, int to, long amount) {
    checkAccount(from);
    checkAccount(to);
    if (from == to) {
      throw new IllegalArgumentException("cannot transfer from account " + from + " to itself");
    }
    if (amount <= 0) {
      throw new IllegalArgumentException("amount must be positive, was " + amount);
    }
    Lock first = locks[Math.min(from, to)];
    Lock second = locks[Math.max(from, to)];
    first.lock();
    try {
      second.lock();
      try {
        if (balances[from] < amount) {
          throw new IllegalStateException(
              "account " + from + " holds " + balances[from] + ", less than " + amount);
        }
        long credited = Math.addExact(balances[to], amount);
        balances[from] -= amount;
        balances[to] = credited;
      } finally {
        second.unlock();
      }
    } finally {
      first.unlock();
    }
  }

  /**
   * Returns the balance of an account.
   *
   * @param account the account number
   * @return its balance
   * @throws IllegalArgumentException if the account does not exist
   */
  public long balance(int account) {
    checkAccount(account);
    Lock lock = locks[account];
    lock.lock();
    try {
      return balances[account];
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the sum of all balances as of one instant, never during a transfer.
   *
   * @return the total of all balances
   */
  public long total() {
    Arrays.stream(locks).forEach(Lock::lock);
    try {
      return Arrays.stream(balances).sum();
    } finally {
      Arrays.stream(locks).forEach(Lock::unlock);
    }
  }

  private void checkAccount(int account) {
    if (account < 0 || account >= balances.length) {
      throw new IllegalArgumentException("no account " + account);
    }
  }
}
