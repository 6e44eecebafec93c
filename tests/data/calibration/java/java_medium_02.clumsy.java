class Bank {
    public long[] accounts;

    public Bank(long[] balances) {
        accounts = new long[balances.length];
        for (int i = 0; i < balances.length; i++) {
            if (balances[i] < 0) {
                throw new IllegalArgumentException("negative balance");
            }
            accounts[i] = balances[i];
        }
    }

    public synchronized void transfer(int from, int to, long amount) {
        if (from >= 0 && from < accounts.length) {
            if (to >= 0 && to < accounts.length) {
                if (from != to) {
                    if (amount > 0) {
                        if (accounts[from] >= amount) {
                            accounts[from] = accounts[from] - amount;
                            accounts[to] = accounts[to] + amount;
                        } else {
                            throw new IllegalStateException("not enough money");
                        }
                    } else {
                        throw new IllegalArgumentException("bad amount");
                    }
                } else {
                    throw new IllegalArgumentException("same account");
                }
            } else {
                throw new IllegalArgumentException("bad account");
            }
        } else {
            throw new IllegalArgumentException("bad account");
        }
    }

    public synchronized long balance(int account) {
        if (account < 0 || account >= accounts.length) {
            throw new IllegalArgumentException("bad account");
        }
        return accounts[account];
    }

    public synchronized long total() {
        long sum = 0;
        for (int i = 0; i < accounts.length; i++) {
            sum = sum + accounts[i];
        }
        return sum;
    }
}
