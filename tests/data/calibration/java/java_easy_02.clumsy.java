import java.util.NoSuchElementException;

class MinStack {
    int[] data;
    int[] mins;
    int Size;

    public MinStack() {
        data = new int[10];
        mins = new int[10];
        Size = 0;
    }

    public void push(int value) {
        if (Size == data.length) {
            int[] newData = new int[data.length * 2];
            int[] newMins = new int[mins.length * 2];
            for (int i = 0; i < data.length; i++) {
                newData[i] = data[i];
                newMins[i] = mins[i];
            }
            data = newData;
            mins = newMins;
        }
        data[Size] = value;
        if (Size == 0) {
            mins[Size] = value;
        } else {
            if (value < mins[Size - 1]) {
                mins[Size] = value;
            } else {
                mins[Size] = mins[Size - 1];
            }
        }
        Size = Size + 1;
    }

    public int pop() {
        if (Size == 0) {
            throw new NoSuchElementException();
        }
        Size = Size - 1;
        return data[Size];
    }

    public int peek() {
        if (Size == 0) {
            throw new NoSuchElementException();
        }
        return data[Size - 1];
    }

    public int min() {
        if (Size == 0) {
            throw new NoSuchElementException();
        }
        return mins[Size - 1];
    }

    public int size() {
        return Size;
    }

    public boolean isEmpty() {
        if (Size == 0) {
            return true;
        } else {
            return false;
        }
    }
}
