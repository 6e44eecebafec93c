package agentbench;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.BaseStream;

/**
 * JSON values to Java values of a declared (generic) type, and Java results back to JSON.
 *
 * <p>Trees come as level-order lists with {@code null} holes and linked lists as lists, both ways.
 * Records are read from objects (by component name) or lists (by position) and written as objects.
 * A value for a future ({@code CompletableFuture}, {@code CompletionStage}, {@code Future}) is a
 * future already completed with it.
 * Anything that cannot be carried as data is written as {@code {"$repr", "$type"}}.
 */
final class Values {
  private static final int MAX_DEPTH = 10_000;
  private static final int MAX_NODES = 1_000_000;

  private Values() {}

  /** The arguments do not fit the declared types (a problem of the case, not the solution). */
  static final class ArgumentError extends Exception {
    private static final long serialVersionUID = 1L;

    ArgumentError(String message) {
      super(message);
    }
  }

  /** Solution code (a record's or a node's constructor) threw while an argument was built. */
  static final class SolutionThrew extends Exception {
    private static final long serialVersionUID = 1L;

    SolutionThrew(Throwable cause) {
      super(cause);
    }
  }

  // ------------------------------------------------------------------ JSON -> Java

  static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (type instanceof GenericArrayType g) {
      return Array.newInstance(raw(g.getGenericComponentType()), 0).getClass();
    }
    if (type instanceof TypeVariable<?> v) {
      Type[] bounds = v.getBounds();
      return bounds.length == 0 ? Object.class : raw(bounds[0]);
    }
    if (type instanceof WildcardType w) {
      Type[] upper = w.getUpperBounds();
      return upper.length == 0 ? Object.class : raw(upper[0]);
    }
    return Object.class;
  }

  private static Type typeArg(Type type, int index) {
    if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
      return p.getActualTypeArguments()[index];
    }
    return Object.class;
  }

  static String describe(Object json) {
    String text = Json.write(json);
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }

  /** The JSON value {@code json} as a value of {@code type}. */
  static Object toJava(Object json, Type type) throws ArgumentError, SolutionThrew {
    return toJava(json, type, 0);
  }

  private static Object toJava(Object json, Type type, int depth)
      throws ArgumentError, SolutionThrew {
    if (depth > MAX_DEPTH) {
      throw new ArgumentError("argument nested too deeply");
    }
    Class<?> c = raw(type);
    if (isTree(c)) {
      return buildTree(json, c);
    }
    if (isList(c)) {
      return buildList(json, c);
    }
    if (json == null) {
      if (c.isPrimitive()) {
        throw new ArgumentError("null for a parameter of type " + c.getName());
      }
      return nullOf(c);
    }
    if (c == Optional.class) {
      return Optional.of(toJava(json, typeArg(type, 0), depth + 1));
    }
    if (c == OptionalInt.class) {
      return OptionalInt.of((Integer) number(json, int.class));
    }
    if (c == OptionalLong.class) {
      return OptionalLong.of((Long) number(json, long.class));
    }
    if (c == OptionalDouble.class) {
      return OptionalDouble.of((Double) number(json, double.class));
    }
    if (c == CompletableFuture.class || c == CompletionStage.class || c == Future.class) {
      // a future of a value: already completed with it
      return CompletableFuture.completedFuture(toJava(json, typeArg(type, 0), depth + 1));
    }
    Object scalar = scalar(json, c);
    if (scalar != NONE) {
      return scalar;
    }
    if (c.isArray()) {
      return array(json, type, c, depth);
    }
    if (Map.class.isAssignableFrom(c)) {
      return map(json, type, c, depth);
    }
    if (Collection.class.isAssignableFrom(c) || c == Iterable.class) {
      return collection(json, type, c, depth);
    }
    if (c.isEnum()) {
      return enumConstant(json, c);
    }
    if (c.isRecord()) {
      return record(json, c, depth);
    }
    if (c == Object.class || c.isInterface() || c == Number.class) {
      return natural(json, depth);
    }
    return pojo(json, c, depth);
  }

  private static final Object NONE = new Object();

  private static Object nullOf(Class<?> c) {
    if (c == Optional.class) {
      return Optional.empty();
    }
    if (c == OptionalInt.class) {
      return OptionalInt.empty();
    }
    if (c == OptionalLong.class) {
      return OptionalLong.empty();
    }
    if (c == OptionalDouble.class) {
      return OptionalDouble.empty();
    }
    return null;
  }

  /** Strings, characters, booleans and numbers; {@link #NONE} when {@code c} is none of them. */
  private static Object scalar(Object json, Class<?> c) throws ArgumentError {
    if (c == String.class || c == CharSequence.class) {
      if (json instanceof String) {
        return json;
      }
      throw mismatch(json, c);
    }
    if (c == char.class || c == Character.class) {
      if (json instanceof String s && s.length() == 1) {
        return s.charAt(0);
      }
      if (json instanceof Long n && n >= 0 && n <= Character.MAX_VALUE) {
        return (char) n.intValue();
      }
      throw mismatch(json, c);
    }
    if (c == boolean.class || c == Boolean.class) {
      if (json instanceof Boolean) {
        return json;
      }
      throw mismatch(json, c);
    }
    if (c.isPrimitive() || (Number.class.isAssignableFrom(c) && c != Number.class)) {
      return number(json, c);
    }
    return NONE;
  }

  private static ArgumentError mismatch(Object json, Type type) {
    return new ArgumentError("cannot read " + describe(json) + " as " + type.getTypeName());
  }

  private static Object number(Object json, Class<?> c) throws ArgumentError {
    if (!(json instanceof Number n)) {
      if (json instanceof String s && (c == BigInteger.class || c == BigDecimal.class)) {
        try {
          return c == BigInteger.class ? new BigInteger(s) : new BigDecimal(s);
        } catch (NumberFormatException e) {
          throw mismatch(json, c);
        }
      }
      throw mismatch(json, c);
    }
    if (c == double.class || c == Double.class) {
      return n.doubleValue();
    }
    if (c == float.class || c == Float.class) {
      return n.floatValue();
    }
    if (c == BigDecimal.class) {
      return n instanceof Double
          ? BigDecimal.valueOf(n.doubleValue())
          : new BigDecimal(n.toString());
    }
    BigInteger whole;
    if (n instanceof Double d) {
      if (d != Math.rint(d) || Double.isInfinite(d)) {
        throw mismatch(json, c);
      }
      whole = BigDecimal.valueOf(d).toBigInteger();
    } else {
      whole = new BigInteger(n.toString());
    }
    if (c == BigInteger.class) {
      return whole;
    }
    long min;
    long max;
    if (c == int.class || c == Integer.class) {
      min = Integer.MIN_VALUE;
      max = Integer.MAX_VALUE;
    } else if (c == long.class || c == Long.class) {
      min = Long.MIN_VALUE;
      max = Long.MAX_VALUE;
    } else if (c == short.class || c == Short.class) {
      min = Short.MIN_VALUE;
      max = Short.MAX_VALUE;
    } else if (c == byte.class || c == Byte.class) {
      min = Byte.MIN_VALUE;
      max = Byte.MAX_VALUE;
    } else {
      throw mismatch(json, c);
    }
    if (whole.bitLength() > 63 || whole.longValue() < min || whole.longValue() > max) {
      throw new ArgumentError(n + " is out of the range of " + c.getSimpleName());
    }
    long v = whole.longValue();
    if (c == int.class || c == Integer.class) {
      return (int) v;
    }
    if (c == short.class || c == Short.class) {
      return (short) v;
    }
    if (c == byte.class || c == Byte.class) {
      return (byte) v;
    }
    return v;
  }

  private static Object array(Object json, Type type, Class<?> c, int depth)
      throws ArgumentError, SolutionThrew {
    Class<?> component = c.getComponentType();
    if (component == char.class && json instanceof String s) {
      return s.toCharArray();
    }
    if (!(json instanceof List<?> list)) {
      throw mismatch(json, type);
    }
    Type componentType =
        type instanceof GenericArrayType g ? g.getGenericComponentType() : component;
    Object array = Array.newInstance(component, list.size());
    for (int i = 0; i < list.size(); i++) {
      Array.set(array, i, toJava(list.get(i), componentType, depth + 1));
    }
    return array;
  }

  @SuppressWarnings("unchecked")
  private static Object collection(Object json, Type type, Class<?> c, int depth)
      throws ArgumentError, SolutionThrew {
    if (!(json instanceof List<?> list)) {
      throw mismatch(json, type);
    }
    Type element = typeArg(type, 0);
    List<Object> items = new ArrayList<>(list.size());
    for (Object item : list) {
      items.add(toJava(item, element, depth + 1));
    }
    Collection<Object> out;
    if (c.isAssignableFrom(ArrayList.class)) {
      out = new ArrayList<>(items.size());
    } else if (c.isAssignableFrom(LinkedHashSet.class)) {
      out = new LinkedHashSet<>();
    } else if (c.isAssignableFrom(TreeSet.class)) {
      out = new TreeSet<>();
    } else if (c.isAssignableFrom(ArrayDeque.class) && !items.contains(null)) {
      out = new ArrayDeque<>();
    } else if (c.isAssignableFrom(LinkedList.class)) {
      out = new LinkedList<>();
    } else if (!c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
      try {
        out = (Collection<Object>) c.getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new ArgumentError("cannot create a " + c.getName() + ": " + e);
      }
    } else {
      throw new ArgumentError("cannot create a " + type.getTypeName());
    }
    out.addAll(items);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object map(Object json, Type type, Class<?> c, int depth)
      throws ArgumentError, SolutionThrew {
    Type keyType = typeArg(type, 0);
    Type valueType = typeArg(type, 1);
    Map<Object, Object> out;
    if (c.isAssignableFrom(LinkedHashMap.class)) {
      out = new LinkedHashMap<>();
    } else if (c.isAssignableFrom(TreeMap.class)) {
      out = new TreeMap<>();
    } else if (c.isAssignableFrom(ConcurrentHashMap.class)) {
      out = new ConcurrentHashMap<>();
    } else {
      try {
        out = (Map<Object, Object>) c.getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new ArgumentError("cannot create a " + type.getTypeName());
      }
    }
    if (json instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(
            key((String) e.getKey(), keyType, depth), toJava(e.getValue(), valueType, depth + 1));
      }
      return out;
    }
    if (json instanceof List<?> pairs) { // [[key, value], ...] for keys that are not strings
      for (Object pair : pairs) {
        if (!(pair instanceof List<?> kv) || kv.size() != 2) {
          throw mismatch(json, type);
        }
        out.put(toJava(kv.get(0), keyType, depth + 1), toJava(kv.get(1), valueType, depth + 1));
      }
      return out;
    }
    throw mismatch(json, type);
  }

  private static Object key(String text, Type keyType, int depth)
      throws ArgumentError, SolutionThrew {
    Class<?> k = raw(keyType);
    if (k == String.class || k == Object.class || k == CharSequence.class) {
      return text;
    }
    if (k == Character.class && text.length() == 1) {
      return text.charAt(0);
    }
    if (k == Boolean.class && (text.equals("true") || text.equals("false"))) {
      return Boolean.valueOf(text);
    }
    if (k.isEnum()) {
      return enumConstant(text, k);
    }
    try {
      return toJava(Json.parse(text), keyType, depth + 1);
    } catch (IllegalArgumentException e) {
      throw new ArgumentError("cannot read the key \"" + text + "\" as " + keyType.getTypeName());
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object enumConstant(Object json, Class<?> c) throws ArgumentError {
    if (json instanceof String s) {
      for (Object constant : c.getEnumConstants()) {
        if (((Enum) constant).name().equals(s)) {
          return constant;
        }
      }
      for (Object constant : c.getEnumConstants()) {
        if (((Enum) constant).name().equalsIgnoreCase(s)) {
          return constant;
        }
      }
    }
    throw mismatch(json, c);
  }

  /** A record class's components and canonical constructor, looked up once per class. */
  private record RecordShape(
      RecordComponent[] parts, Constructor<?> ctor, RuntimeException error) {}

  private static final ClassValue<RecordShape> RECORD_SHAPES =
      new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> c) {
          RecordComponent[] parts = c.getRecordComponents();
          Class<?>[] types = new Class<?>[parts.length];
          for (int i = 0; i < parts.length; i++) {
            types[i] = parts[i].getType();
          }
          try {
            Constructor<?> ctor = c.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return new RecordShape(parts, ctor, null);
          } catch (ReflectiveOperationException | RuntimeException e) {
            return new RecordShape(parts, null, new IllegalStateException(e.toString(), e));
          }
        }
      };

  private static Object record(Object json, Class<?> c, int depth)
      throws ArgumentError, SolutionThrew {
    RecordShape shape = RECORD_SHAPES.get(c);
    RecordComponent[] parts = shape.parts();
    Object[] args = new Object[parts.length];
    for (int i = 0; i < parts.length; i++) {
      Object item;
      if (json instanceof Map<?, ?> m) {
        if (!m.containsKey(parts[i].getName())) {
          throw new ArgumentError(
              "no field "
                  + parts[i].getName()
                  + " in "
                  + describe(json)
                  + " for the record "
                  + c.getSimpleName());
        }
        item = m.get(parts[i].getName());
      } else if (json instanceof List<?> list && list.size() == parts.length) {
        item = list.get(i);
      } else if (parts.length == 1 && !(json instanceof List<?>)) {
        item = json;
      } else {
        throw mismatch(json, c);
      }
      args[i] = toJava(item, parts[i].getGenericType(), depth + 1);
    }
    if (shape.ctor() == null) {
      throw new ArgumentError("cannot create the record " + c.getName() + ": " + shape.error());
    }
    try {
      return shape.ctor().newInstance(args);
    } catch (InvocationTargetException e) {
      throw new SolutionThrew(e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ArgumentError("cannot create the record " + c.getName() + ": " + e);
    }
  }

  /** A class that is neither a collection nor a record: fields by name, or a constructor. */
  private static Object pojo(Object json, Class<?> c, int depth)
      throws ArgumentError, SolutionThrew {
    try {
      if (json instanceof Map<?, ?> m) {
        Constructor<?> ctor = c.getDeclaredConstructor();
        ctor.setAccessible(true);
        Object obj = ctor.newInstance();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          Field f = field(c, (String) e.getKey());
          if (f == null) {
            throw new ArgumentError(c.getSimpleName() + " has no field " + e.getKey());
          }
          f.set(obj, toJava(e.getValue(), f.getGenericType(), depth + 1));
        }
        return obj;
      }
      List<?> args = json instanceof List<?> list ? list : List.of(json);
      for (Constructor<?> ctor : c.getDeclaredConstructors()) {
        if (ctor.getParameterCount() == args.size() && !ctor.isSynthetic()) {
          Type[] types = ctor.getGenericParameterTypes();
          Object[] values = new Object[types.length];
          for (int i = 0; i < types.length; i++) {
            values[i] = toJava(args.get(i), types[i], depth + 1);
          }
          ctor.setAccessible(true);
          return ctor.newInstance(values);
        }
      }
    } catch (InvocationTargetException e) {
      throw new SolutionThrew(e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ArgumentError("cannot create a " + c.getName() + " from " + describe(json));
    }
    throw mismatch(json, c);
  }

  /** A JSON value as the obvious Java value: Integer where it fits, List, Map, String... */
  static Object natural(Object json, int depth) throws ArgumentError {
    if (depth > MAX_DEPTH) {
      throw new ArgumentError("argument nested too deeply");
    }
    if (json instanceof Long n && n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
      return n.intValue();
    }
    if (json instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(natural(item, depth + 1));
      }
      return out;
    }
    if (json instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(e.getKey(), natural(e.getValue(), depth + 1));
      }
      return out;
    }
    return json;
  }

  // ------------------------------------------------------------------ trees and linked lists

  static Field field(Class<?> c, String name) {
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      try {
        Field f = k.getDeclaredField(name);
        f.setAccessible(true);
        return f;
      } catch (NoSuchFieldException | RuntimeException e) {
        // look further up
      }
    }
    return null;
  }

  private static boolean selfTyped(Class<?> c, String name) {
    Field f = field(c, name);
    return f != null && f.getType() == c;
  }

  /** Whether a class is a tree node, a list node or neither: asked for every value, so cached. */
  private static final ClassValue<String> NODE_KIND =
      new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> c) {
          if (c.isPrimitive() || c.isArray() || c.getName().startsWith("java.")) {
            return "";
          }
          if (selfTyped(c, "left") && selfTyped(c, "right")) {
            return "tree";
          }
          return selfTyped(c, "next") && valueField(c) != null ? "list" : "";
        }
      };

  static boolean isTree(Class<?> c) {
    return "tree".equals(NODE_KIND.get(c));
  }

  static boolean isList(Class<?> c) {
    return "list".equals(NODE_KIND.get(c));
  }

  private static Field valueField(Class<?> c) {
    for (String name : new String[] {"val", "value", "data", "key"}) {
      Field f = field(c, name);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  private static Object node(Class<?> c, Object json) throws ArgumentError, SolutionThrew {
    Field value = valueField(c);
    if (value == null) {
      throw new ArgumentError(c.getSimpleName() + " has no field val");
    }
    Object v = toJava(json, value.getGenericType());
    try {
      for (Constructor<?> ctor : c.getDeclaredConstructors()) {
        if (ctor.getParameterCount() == 0) {
          ctor.setAccessible(true);
          Object node = ctor.newInstance();
          value.set(node, v);
          return node;
        }
      }
      for (Constructor<?> ctor : c.getDeclaredConstructors()) {
        if (ctor.getParameterCount() == 1) {
          ctor.setAccessible(true);
          return ctor.newInstance(v);
        }
      }
    } catch (InvocationTargetException e) {
      throw new SolutionThrew(e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ArgumentError("cannot create a " + c.getSimpleName() + ": " + e);
    }
    throw new ArgumentError(c.getSimpleName() + " has no usable constructor");
  }

  private static Object buildTree(Object json, Class<?> c) throws ArgumentError, SolutionThrew {
    if (json == null) {
      return null;
    }
    if (!(json instanceof List<?> values)) {
      throw mismatch(json, c);
    }
    if (values.isEmpty() || values.get(0) == null) {
      return null;
    }
    Field left = field(c, "left");
    Field right = field(c, "right");
    Object root = node(c, values.get(0));
    Deque<Object> queue = new ArrayDeque<>();
    queue.add(root);
    int i = 1;
    try {
      while (!queue.isEmpty() && i < values.size()) {
        Object parent = queue.poll();
        for (Field side : new Field[] {left, right}) {
          if (i >= values.size()) {
            break;
          }
          Object v = values.get(i++);
          if (v != null) {
            Object child = node(c, v);
            side.set(parent, child);
            queue.add(child);
          }
        }
      }
    } catch (IllegalAccessException e) {
      throw new ArgumentError(e.toString());
    }
    return root;
  }

  private static Object buildList(Object json, Class<?> c) throws ArgumentError, SolutionThrew {
    if (json == null) {
      return null;
    }
    if (!(json instanceof List<?> values)) {
      throw mismatch(json, c);
    }
    Field next = field(c, "next");
    Object head = null;
    try {
      for (int i = values.size() - 1; i >= 0; i--) {
        Object node = node(c, values.get(i));
        next.set(node, head);
        head = node;
      }
    } catch (IllegalAccessException e) {
      throw new ArgumentError(e.toString());
    }
    return head;
  }

  // ------------------------------------------------------------------ Java -> JSON

  /** A result as plain JSON data (see the class comment). */
  static Object toPlain(Object value) {
    return toPlain(value, 0);
  }

  /** A result of a declared type: a null tree or linked list is the empty list. */
  static Object toPlain(Object value, Type declared) {
    if (value == null && declared != null) {
      Class<?> c = raw(declared);
      if (isTree(c) || isList(c)) {
        return List.of();
      }
    }
    return toPlain(value, 0);
  }

  private static Object toPlain(Object value, int depth) {
    if (value == null) {
      return null;
    }
    if (depth > MAX_DEPTH) {
      return opaque("<nested too deeply>", value);
    }
    try {
      return plain(value, depth);
    } catch (RuntimeException | StackOverflowError e) {
      return opaque("<" + e.getClass().getSimpleName() + " while reading the result>", value);
    }
  }

  private static Map<String, Object> opaque(String text, Object value) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("$repr", text.length() > 2000 ? text.substring(0, 2000) : text);
    out.put("$type", typeName(value.getClass()));
    return out;
  }

  static String typeName(Class<?> c) {
    String name = c.getSimpleName();
    return name.isEmpty() ? c.getName() : name;
  }

  private static Object plain(Object value, int depth) {
    if (value instanceof String
        || value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger) {
      return value;
    }
    if (value instanceof Character || value instanceof CharSequence) {
      return value.toString();
    }
    if (value instanceof AtomicBoolean b) {
      return b.get();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isFinite(d)) {
        return value;
      }
      return Map.of("$float", Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf");
    }
    if (value instanceof BigDecimal b) {
      return b;
    }
    if (value instanceof Number n) { // AtomicInteger, AtomicLong, LongAdder, DoubleAdder...
      return n.getClass().getSimpleName().contains("Double")
          ? plain(n.doubleValue(), depth)
          : (Object) n.longValue();
    }
    Class<?> c = value.getClass();
    if (c.isArray()) {
      int n = Array.getLength(value);
      List<Object> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(toPlain(Array.get(value, i), depth + 1));
      }
      return out;
    }
    if (isTree(c)) {
      return treeToList(value, c);
    }
    if (isList(c)) {
      return listToList(value, c);
    }
    if (value instanceof Optional<?> o) {
      return o.isPresent() ? toPlain(o.get(), depth + 1) : null;
    }
    if (value instanceof OptionalInt o) {
      return o.isPresent() ? (Object) o.getAsInt() : null;
    }
    if (value instanceof OptionalLong o) {
      return o.isPresent() ? (Object) o.getAsLong() : null;
    }
    if (value instanceof OptionalDouble o) {
      return o.isPresent() ? plain(o.getAsDouble(), depth) : null;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(keyText(e.getKey()), toPlain(e.getValue(), depth + 1));
      }
      return out;
    }
    if (value instanceof Map.Entry<?, ?> e) {
      return Arrays.asList(toPlain(e.getKey(), depth + 1), toPlain(e.getValue(), depth + 1));
    }
    if (value instanceof Iterable<?> items) {
      return iterate(items.iterator(), depth);
    }
    if (value instanceof BaseStream<?, ?> stream) {
      return iterate(stream.iterator(), depth);
    }
    if (value instanceof Iterator<?> it) {
      return iterate(it, depth);
    }
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    if (c.isRecord()) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (RecordComponent part : c.getRecordComponents()) {
        try {
          var accessor = part.getAccessor();
          accessor.setAccessible(true);
          out.put(part.getName(), toPlain(accessor.invoke(value), depth + 1));
        } catch (ReflectiveOperationException e) {
          return opaque(String.valueOf(value), value);
        }
      }
      return out;
    }
    return opaque(String.valueOf(value), value);
  }

  private static List<Object> iterate(Iterator<?> it, int depth) {
    List<Object> out = new ArrayList<>();
    while (it.hasNext()) {
      if (out.size() > MAX_NODES) {
        out.add(Map.of("$repr", "<too many elements>", "$type", "truncated"));
        break;
      }
      out.add(toPlain(it.next(), depth + 1));
    }
    return out;
  }

  static String keyText(Object key) {
    if (key instanceof Enum<?> e) {
      return e.name();
    }
    return String.valueOf(key);
  }

  private static List<Object> treeToList(Object root, Class<?> c) {
    Field left = field(c, "left");
    Field right = field(c, "right");
    Field val = valueField(c);
    List<Object> out = new ArrayList<>();
    List<Object> level = new ArrayList<>();
    level.add(root);
    try {
      // a list per level keeps null holes (ArrayDeque takes no nulls)
      while (!level.isEmpty() && out.size() <= MAX_NODES) {
        List<Object> next = new ArrayList<>();
        for (Object node : level) {
          if (node == null) {
            out.add(null);
            continue;
          }
          out.add(val == null ? null : toPlain(val.get(node), 1));
          next.add(left.get(node));
          next.add(right.get(node));
        }
        level = next;
      }
    } catch (IllegalAccessException e) {
      return List.of(e.toString());
    }
    while (!out.isEmpty() && out.get(out.size() - 1) == null) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  private static Object listToList(Object head, Class<?> c) {
    Field next = field(c, "next");
    Field val = valueField(c);
    List<Object> out = new ArrayList<>();
    try {
      for (Object node = head; node != null; node = next.get(node)) {
        if (out.size() >= MAX_NODES) {
          return opaque("<a linked list of more than " + MAX_NODES + " nodes (a cycle?)>", head);
        }
        out.add(toPlain(val.get(node), 1));
      }
    } catch (IllegalAccessException e) {
      return opaque(e.toString(), head);
    }
    return out;
  }
}
