package agentbench;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.MethodDescriptor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.MethodOrdererContext;

/**
 * Native tests run in the order they are written: methods, and classes by their first test. JUnit
 * makes this orderer by its name ({@link NativeRunner} configures it) and passes the methods'
 * names in source order as the configuration parameter {@link #KEY}.
 */
public final class SourceOrder implements MethodOrderer, ClassOrderer {
  static final String KEY = "agentbench.source.order";

  /** Where a method stands among {@code order}'s names (after them all when it is not there). */
  private static int position(List<String> order, Method method) {
    int at = order.indexOf(method.getName());
    return at < 0 ? Integer.MAX_VALUE : at;
  }

  private static List<String> order(Optional<String> parameter) {
    return Arrays.asList(parameter.orElse("").split(","));
  }

  /** Sorts {@code items} by their position, then by name. */
  private static <T> void sort(
      List<? extends T> items, ToIntFunction<T> position, Function<T, String> name) {
    items.sort(Comparator.comparingInt(position).thenComparing(name));
  }

  @Override
  public void orderMethods(MethodOrdererContext context) {
    List<String> order = order(context.getConfigurationParameter(KEY));
    sort(
        context.getMethodDescriptors(),
        (MethodDescriptor d) -> position(order, d.getMethod()),
        (MethodDescriptor d) -> d.getMethod().getName());
  }

  /** A class stands where its first method does. */
  @Override
  public void orderClasses(ClassOrdererContext context) {
    List<String> order = order(context.getConfigurationParameter(KEY));
    sort(
        context.getClassDescriptors(),
        (ClassDescriptor d) ->
            Arrays.stream(d.getTestClass().getDeclaredMethods())
                .mapToInt(m -> position(order, m))
                .min()
                .orElse(Integer.MAX_VALUE),
        (ClassDescriptor d) -> d.getTestClass().getName());
  }
}
