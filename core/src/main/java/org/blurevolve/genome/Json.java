package org.blurevolve.genome;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** Minimal JSON rendering of maps, lists, strings, numbers and booleans for the files this project writes. */
public final class Json {
    private Json() {
    }

    /** Renders a value; maps render with sorted keys so output is stable. */
    public static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map<?, ?> m) {
            return object(m);
        }
        if (v instanceof Collection<?> c) {
            StringBuilder sb = new StringBuilder("[");
            int i = 0;
            for (Object o : c) {
                sb.append(i++ > 0 ? ", " : "").append(value(o));
            }
            return sb.append(']').toString();
        }
        if (v instanceof double[] d) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < d.length; i++) {
                sb.append(i > 0 ? ", " : "").append(value(d[i]));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Double d && !Double.isFinite(d)) {
            return "null";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return string(v.toString());
    }

    /** Renders a map as a JSON object with sorted keys. */
    public static String object(Map<?, ?> m) {
        StringBuilder sb = new StringBuilder("{");
        int i = 0;
        for (Map.Entry<String, Object> e : new TreeMap<String, Object>(stringKeys(m)).entrySet()) {
            sb.append(i++ > 0 ? ", " : "").append(string(e.getKey())).append(": ").append(value(e.getValue()));
        }
        return sb.append('}').toString();
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** A JSON string literal. */
    public static String string(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
