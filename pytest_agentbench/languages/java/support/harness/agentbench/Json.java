package agentbench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.ToNumberStrategy;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * The harnesses' JSON, read and written by Gson.
 *
 * <p>Reading (strict JSON, one document) gives maps that keep their keys' order, lists, {@link
 * String}, {@link Long} (or {@link BigInteger} past the long range: a whole number never becomes a
 * double), {@link Double} (a number with a fraction or an exponent), {@link Boolean} and {@code
 * null}. Writing takes the same types plus any {@link Number}: nulls are written (in maps too),
 * NaN and infinities as {@code null} (the caller tags them, JSON has no literal for them), a value
 * of any other type as the string of its {@code toString()}, never by reflection over its fields.
 * What Gson does not do itself is here: the number strategy, and strings with an unpaired
 * surrogate, which Gson would write raw and UTF-8 would then turn into {@code ?}; they are written
 * with {@code \\uXXXX} escapes so that the plugin reads the very same string.
 */
final class Json {
  private static final Gson GSON =
      new GsonBuilder()
          .serializeNulls()
          .disableHtmlEscaping()
          .setObjectToNumberStrategy(Json::number)
          .registerTypeAdapterFactory(new PlainValues())
          .create();
  private static final TypeAdapter<Object> READER = GSON.getAdapter(Object.class);

  private Json() {}

  /** Parses one JSON document; malformed text is an {@link IllegalArgumentException}. */
  static Object parse(String text) {
    try (JsonReader reader = new JsonReader(new StringReader(text))) {
      reader.setLenient(false);
      Object value = READER.read(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new IllegalArgumentException("malformed JSON: trailing characters");
      }
      return value;
    } catch (IOException | JsonParseException | IllegalStateException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
    }
  }

  /** The JSON text of a plain value (maps with string keys, lists, strings, numbers...). */
  static String write(Object value) {
    return GSON.toJson(value);
  }

  /** A whole number as a long, or a BigInteger past the long range; any other as a double. */
  private static Number number(JsonReader in) throws IOException {
    String digits = in.nextString();
    try {
      if (digits.indexOf('.') >= 0 || digits.indexOf('e') >= 0 || digits.indexOf('E') >= 0) {
        return Double.parseDouble(digits);
      }
      BigInteger big = new BigInteger(digits);
      return big.bitLength() < 64 ? (Number) big.longValue() : big;
    } catch (NumberFormatException e) {
      throw new JsonParseException("bad number " + digits, e);
    }
  }

  /**
   * Writes the types of the class comment its way; maps and collections are left to Gson
   * (which asks this factory again for their values).
   */
  private static final class PlainValues implements TypeAdapterFactory {
    @Override
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
      Class<? super T> raw = type.getRawType();
      if (Map.class.isAssignableFrom(raw) || Collection.class.isAssignableFrom(raw)
          || raw == Object.class) {
        return null;
      }
      TypeAdapter<T> adapter =
          new TypeAdapter<T>() {
            @Override
            public void write(JsonWriter out, T value) throws IOException {
              writePlain(out, value);
            }

            @Override
            public T read(JsonReader in) {
              throw new UnsupportedOperationException("the harness reads JSON as plain values");
            }
          };
      return adapter;
    }
  }

  private static void writePlain(JsonWriter out, Object value) throws IOException {
    if (value == null) {
      out.nullValue();
    } else if (value instanceof Boolean b) {
      out.value(b);
    } else if (value instanceof Number n) {
      boolean finite = !(n instanceof Double || n instanceof Float) || Double.isFinite(n.doubleValue());
      if (finite) {
        out.value(n);
      } else {
        out.nullValue();
      }
    } else {
      String s = value.toString();
      if (s.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
        out.jsonValue(quoteSurrogates(s));
      } else {
        out.value(s);
      }
    }
  }

  /** A JSON string whose surrogates (paired or not) and control characters are escaped. */
  private static String quoteSurrogates(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
