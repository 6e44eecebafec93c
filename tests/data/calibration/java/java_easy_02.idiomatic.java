import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NoSuchElementException;

/**
 * A last-in-first-out stack of {@code int} values that also reports its minimum.
 *
 * <p>Every operation runs in constant time: each element remembers the minimum of the stack
 * below and including it.
 */
class MinStack {
  /** A value on the stack, with the smallest value at or below it. */
  private record Element(int value, int min) {}

  private final Deque<Element> elements = new ArrayDeque<>();

  /** Creates an empty stack. */
  public MinStack() {}

  /**
   * Pushes a value on top of the stack.
   *
   * @param value the value to push
   */
  public void push(int value) {
    Element top = elements.peek();
    elements.push(new Element(value, top == null ? value : Math.min(value, top.min())));
  }

  /**
   * Removes the top value and returns it.
   *
   * @return the value that was on top
   * @throws NoSuchElementException if the stack is empty
   */
  public int pop() {
    return elements.pop().value();
  }

  /**
   * Returns the top value without removing it.
   *
   * @return the value on top
   * @throws NoSuchElementException if the stack is empty
   */
  public int peek() {
    return elements.element().value();
  }

  /**
   * Returns the smallest value on the stack.
   *
   * @return the minimum of all values on the stack
   * @throws NoSuchElementException if the stack is empty
   */
  public int min() {
    return elements.element().min();
  }

  /**
   * Returns the number of values on the stack.
   *
   * @return the number of values, duplicates included
   */
  public int size() {
    return elements.size();
  }

  /**
   * Returns whether the stack holds no value.
   *
   * @return {@code true} if the stack is empty
   */
  public boolean isEmpty() {
    return elements.isEmpty();
  }
}
