package org.convnet4j.train;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Builds a JSON document as text, one value at a time, indented two spaces per level (the JDK has
 * no JSON library and the core module depends on nothing else):
 *
 * <pre>{@code
 * String json = new JsonWriter().beginObject().name("loss").value(0.25).endObject().toString();
 * }</pre>
 *
 * Numbers that JSON cannot express (NaN, infinities) are written as {@code null}.
 */
public final class JsonWriter {

  private final StringBuilder out = new StringBuilder();
  // One entry per open object or array: whether it has a member yet.
  private final Deque<Boolean> hasMembers = new ArrayDeque<>();
  private boolean afterName;

  public JsonWriter beginObject() {
    return open('{');
  }

  public JsonWriter endObject() {
    return close('}');
  }

  public JsonWriter beginArray() {
    return open('[');
  }

  public JsonWriter endArray() {
    return close(']');
  }

  /** The name of the next object member. */
  public JsonWriter name(String name) {
    beforeValue();
    quote(name);
    out.append(": ");
    afterName = true;
    return this;
  }

  public JsonWriter value(String s) {
    if (s == null) {
      return nullValue();
    }
    beforeValue();
    quote(s);
    return this;
  }

  public JsonWriter value(long n) {
    beforeValue();
    out.append(n);
    return this;
  }

  JsonWriter value(boolean b) {
    beforeValue();
    out.append(b);
    return this;
  }

  /** A double, in its shortest round-trip form. */
  public JsonWriter value(double d) {
    if (!Double.isFinite(d)) {
      return nullValue();
    }
    beforeValue();
    out.append(d);
    return this;
  }

  /** A float, in its shortest round-trip form ({@code 0.1f} is written {@code 0.1}). */
  public JsonWriter value(float f) {
    if (!Float.isFinite(f)) {
      return nullValue();
    }
    beforeValue();
    out.append(f);
    return this;
  }

  /** An array of floats on one line, compact for long series such as per-step losses. */
  public JsonWriter values(float[] fs) {
    beforeValue();
    out.append('[');
    for (int i = 0; i < fs.length; i++) {
      out.append(i == 0 ? "" : ", ");
      out.append(Float.isFinite(fs[i]) ? Float.toString(fs[i]) : "null");
    }
    out.append(']');
    return this;
  }

  /** An array of integers on one line, such as a confusion matrix row. */
  public JsonWriter values(long[] ns) {
    beforeValue();
    out.append('[');
    for (int i = 0; i < ns.length; i++) {
      out.append(i == 0 ? "" : ", ").append(ns[i]);
    }
    out.append(']');
    return this;
  }

  public JsonWriter nullValue() {
    beforeValue();
    out.append("null");
    return this;
  }

  /** The document; call once every object and array is closed. */
  @Override
  public String toString() {
    if (!hasMembers.isEmpty()) {
      throw new IllegalStateException(
          "JSON: %d objects or arrays not closed".formatted(hasMembers.size()));
    }
    return out.append('\n').toString();
  }

  private JsonWriter open(char bracket) {
    beforeValue();
    out.append(bracket);
    hasMembers.push(false);
    return this;
  }

  private JsonWriter close(char bracket) {
    if (hasMembers.pop()) {
      newline();
    }
    out.append(bracket);
    return this;
  }

  private void beforeValue() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (!hasMembers.isEmpty()) {
      out.append(hasMembers.pop() ? "," : "");
      hasMembers.push(true);
      newline();
    }
  }

  private void newline() {
    out.append('\n').append("  ".repeat(hasMembers.size()));
  }

  private void quote(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u%04x".formatted((int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
