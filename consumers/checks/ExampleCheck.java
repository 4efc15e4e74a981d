package com.krakenfutures.ws.check;

import com.krakenfutures.ws.WireName;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses every message example of the bundled AsyncAPI document into the Modelina Java models, with the
 * JDK only (Maven Central is unreachable, so no Jackson): a small JSON reader, then a binder that fills
 * each field from the JSON key named by its {@code @WireName}. Constant fields must equal the example's
 * value, enums must know the value, integers must fit the field, date-times must parse. Prints one JSON
 * line per example.
 */
public final class ExampleCheck {
  public static void main(String[] args) throws Exception {
    String text = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
    @SuppressWarnings("unchecked")
    List<Object> rows = (List<Object>) new Json(text).parse();
    int failures = 0;
    for (Object r : rows) {
      @SuppressWarnings("unchecked")
      Map<String, Object> row = (Map<String, Object>) r;
      String message = (String) row.get("message");
      String example = (String) row.get("example");
      int[] fields = {0};
      String error = null;
      try {
        Class<?> cls = Class.forName("com.krakenfutures.ws." + row.get("model"));
        Object model = bind(cls, cls, row.get("payload"), "$", fields);
        if (model == null) throw new IllegalStateException("bound to null");
      } catch (Exception e) {
        error = e.getClass().getSimpleName() + ": " + e.getMessage();
        failures++;
      }
      StringBuilder out = new StringBuilder("{\"message\":").append(quote(message));
      out.append(",\"example\":").append(quote(example));
      out.append(",\"ok\":").append(error == null);
      out.append(",\"fields\":").append(fields[0]);
      if (error != null) out.append(",\"error\":").append(quote(error));
      System.out.println(out.append('}'));
    }
    System.exit(failures == 0 ? 0 : 1);
  }

  static Object bind(Class<?> cls, Type type, Object json, String at, int[] fields) throws Exception {
    if (json == null) {
      if (cls.isPrimitive()) throw new IllegalArgumentException(at + ": null for " + cls.getName());
      return null;
    }
    if (cls == Object.class) return json;
    if (cls == String.class) return expect(String.class, json, at);
    // `format: date-time` (the Unified WebSocket's RFC 3339 timestamps): the text must parse.
    if (cls == java.time.OffsetDateTime.class) {
      return java.time.OffsetDateTime.parse(expect(String.class, json, at));
    }
    if (cls == boolean.class || cls == Boolean.class) return expect(Boolean.class, json, at);
    if (cls == double.class || cls == Double.class) return expect(BigDecimal.class, json, at).doubleValue();
    if (cls == float.class || cls == Float.class) return expect(BigDecimal.class, json, at).floatValue();
    if (cls == long.class || cls == Long.class) return expect(BigDecimal.class, json, at).longValueExact();
    if (cls == int.class || cls == Integer.class) return expect(BigDecimal.class, json, at).intValueExact();
    if (cls.isEnum()) {
      Method fromValue = cls.getMethod("fromValue", cls.getMethod("getValue").getReturnType());
      Object raw = json instanceof BigDecimal ? numberFor(cls, (BigDecimal) json) : json;
      return fromValue.invoke(null, raw);
    }
    if (List.class.isAssignableFrom(cls)) {
      Type item = ((ParameterizedType) type).getActualTypeArguments()[0];
      List<Object> out = new ArrayList<>();
      int i = 0;
      List<?> elements = expect(List.class, json, at);
      for (Object element : elements) {
        out.add(bind(raw(item), item, element, at + "[" + i++ + "]", fields));
      }
      return out;
    }
    if (Map.class.isAssignableFrom(cls)) {
      Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
      Map<String, Object> out = new LinkedHashMap<>();
      Map<?, ?> object = expect(Map.class, json, at);
      for (Map.Entry<?, ?> e : object.entrySet()) {
        out.put((String) e.getKey(), bind(raw(value), value, e.getValue(), at + "." + e.getKey(), fields));
      }
      return out;
    }
    if (cls.isInterface()) return json; // a union of models: Modelina gives no way to pick the member
    Map<?, ?> object = expect(Map.class, json, at);
    Object instance = cls.getDeclaredConstructor().newInstance();
    Field rest = null;
    List<String> used = new ArrayList<>();
    for (Field f : cls.getDeclaredFields()) {
      WireName wire = f.getAnnotation(WireName.class);
      if (wire == null) continue;
      f.setAccessible(true);
      if (wire.value().equals("*")) {
        rest = f;
        continue;
      }
      used.add(wire.value());
      if (!object.containsKey(wire.value())) continue;
      Object value = bind(f.getType(), f.getGenericType(), object.get(wire.value()), at + "." + wire.value(), fields);
      if (Modifier.isFinal(f.getModifiers())) {
        Object constant = f.get(instance);
        if (!String.valueOf(constant).equals(String.valueOf(value))) {
          throw new IllegalArgumentException(at + "." + wire.value() + ": " + value + " is not the constant " + constant);
        }
      } else {
        f.set(instance, value);
      }
      fields[0]++;
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : object.entrySet()) {
      if (!used.contains((String) e.getKey())) extra.put((String) e.getKey(), e.getValue());
    }
    if (!extra.isEmpty()) {
      if (rest == null) throw new IllegalArgumentException(at + ": no field for " + extra.keySet());
      rest.set(instance, extra);
    }
    return instance;
  }

  static Object numberFor(Class<?> enumClass, BigDecimal n) throws Exception {
    Class<?> valueType = enumClass.getMethod("getValue").getReturnType();
    if (valueType == Integer.class || valueType == int.class) return n.intValueExact();
    if (valueType == Long.class || valueType == long.class) return n.longValueExact();
    if (valueType == Double.class || valueType == double.class) return n.doubleValue();
    return n;
  }

  static Class<?> raw(Type t) {
    if (t instanceof Class<?>) return (Class<?>) t;
    return (Class<?>) ((ParameterizedType) t).getRawType();
  }

  static <T> T expect(Class<T> cls, Object json, String at) {
    if (!cls.isInstance(json)) {
      throw new IllegalArgumentException(at + ": expected " + cls.getSimpleName() + ", got " + json.getClass().getSimpleName());
    }
    return cls.cast(json);
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }

  /** A minimal RFC 8259 reader: objects keep key order, numbers are BigDecimal. */
  static final class Json {
    private final String s;
    private int i;

    Json(String s) {
      this.s = s;
    }

    Object parse() {
      Object v = value();
      space();
      if (i != s.length()) throw error("trailing characters");
      return v;
    }

    private Object value() {
      space();
      if (i >= s.length()) throw error("unexpected end");
      char c = s.charAt(i);
      switch (c) {
        case '{': return object();
        case '[': return array();
        case '"': return string();
        case 't': return literal("true", Boolean.TRUE);
        case 'f': return literal("false", Boolean.FALSE);
        case 'n': return literal("null", null);
        default: return number();
      }
    }

    private Map<String, Object> object() {
      Map<String, Object> out = new LinkedHashMap<>();
      i++;
      space();
      if (s.charAt(i) == '}') {
        i++;
        return out;
      }
      while (true) {
        space();
        String key = string();
        space();
        if (s.charAt(i++) != ':') throw error("expected :");
        out.put(key, value());
        space();
        char c = s.charAt(i++);
        if (c == '}') return out;
        if (c != ',') throw error("expected , or }");
      }
    }

    private List<Object> array() {
      List<Object> out = new ArrayList<>();
      i++;
      space();
      if (s.charAt(i) == ']') {
        i++;
        return out;
      }
      while (true) {
        out.add(value());
        space();
        char c = s.charAt(i++);
        if (c == ']') return out;
        if (c != ',') throw error("expected , or ]");
      }
    }

    private String string() {
      if (s.charAt(i) != '"') throw error("expected string");
      StringBuilder b = new StringBuilder();
      i++;
      while (true) {
        char c = s.charAt(i++);
        if (c == '"') return b.toString();
        if (c != '\\') {
          b.append(c);
          continue;
        }
        char e = s.charAt(i++);
        switch (e) {
          case 'b': b.append('\b'); break;
          case 'f': b.append('\f'); break;
          case 'n': b.append('\n'); break;
          case 'r': b.append('\r'); break;
          case 't': b.append('\t'); break;
          case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
          default: b.append(e);
        }
      }
    }

    private Object literal(String word, Object value) {
      if (!s.startsWith(word, i)) throw error("expected " + word);
      i += word.length();
      return value;
    }

    private BigDecimal number() {
      int start = i;
      while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
      if (start == i) throw error("unexpected character");
      return new BigDecimal(s.substring(start, i));
    }

    private void space() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("JSON " + what + " at offset " + i);
    }
  }
}
