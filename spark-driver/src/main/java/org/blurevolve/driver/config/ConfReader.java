package org.blurevolve.driver.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueType;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Typed reads of one resolved config section that collect problems instead of throwing: each problem
 * names the file, the key, the value and the fix. A read that fails returns a placeholder; the
 * caller checks {@link #problems()} before using the values. Numbers are strict: a whole-number key
 * refuses 6.7 and values out of range instead of truncating or clamping.
 */
final class ConfReader {
    private final Config c;
    private final String file;
    private final String prefix;
    private final List<String> problems;

    ConfReader(Config c, String file, String prefix, List<String> problems) {
        this.c = c;
        this.file = file;
        this.prefix = prefix;
        this.problems = problems;
    }

    List<String> problems() {
        return problems;
    }

    Config config() {
        return c;
    }

    boolean has(String key) {
        return c.hasPath(key);
    }

    String str(String key) {
        String v = get(key, c::getString, "a string");
        if (v != null && v.indexOf('\0') >= 0) {
            bad(key, "(contains a NUL character)", "remove the NUL character");
        }
        return v == null ? "" : v;
    }

    boolean bool(String key) {
        Boolean b = get(key, c::getBoolean, "true or false");
        return b != null && b;
    }

    int integer(String key, long min, long max) {
        return (int) whole(key, min, Math.min(max, Integer.MAX_VALUE));
    }

    long whole(String key, long min, long max) {
        Number n = get(key, c::getNumber, "a whole number");
        if (n == null) {
            return min;
        }
        BigDecimal v = n instanceof Double d ? (Double.isFinite(d) ? new BigDecimal(d) : null) : new BigDecimal(n.toString());
        if (v == null || v.stripTrailingZeros().scale() > 0) {
            bad(key, render(key), "expected a whole number");
            return min;
        }
        if (v.compareTo(BigDecimal.valueOf(min)) < 0 || v.compareTo(BigDecimal.valueOf(max)) > 0) {
            bad(key, render(key), max == Long.MAX_VALUE || max == Integer.MAX_VALUE
                    ? "must be >= " + min : "must be in " + min + ".." + max);
            return min;
        }
        return v.longValueExact();
    }

    double dbl(String key, double min, double max) {
        Double v = get(key, c::getDouble, "a number");
        if (v == null) {
            return min;
        }
        if (!(v >= min && v <= max)) {
            bad(key, render(key), "must be in [" + min + ", " + max + "]");
            return min;
        }
        return v;
    }

    /** A number, or NaN when the key is null. */
    double optionalDbl(String key, double min, double max) {
        return c.getIsNull(key) ? Double.NaN : dbl(key, min, max);
    }

    List<Integer> intList(String key, int min, int max) {
        List<Number> v = get(key, c::getNumberList, "a list of whole numbers");
        List<Integer> out = new ArrayList<>();
        for (Number x : v == null ? List.<Number>of() : v) {
            if (!(x instanceof Integer i) || i < min || i > max) {
                bad(key, render(key), "every entry must be a whole number in " + min + ".." + max);
                return List.of();
            }
            out.add(i);
        }
        return out;
    }

    List<String> stringList(String key) {
        List<String> v = get(key, c::getStringList, "a list of strings");
        return v == null ? List.of() : v;
    }

    /** A value of {@code type} written in lower case with '-' or '_' (e.g. {@code cma-es}). */
    <E extends Enum<E>> E enumOf(String key, Class<E> type) {
        String v = get(key, c::getString, "a string");
        if (v == null) {
            return type.getEnumConstants()[0];
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            bad(key, render(key), "use one of " + Arrays.stream(type.getEnumConstants())
                    .map(x -> x.name().toLowerCase(Locale.ROOT)).toList());
            return type.getEnumConstants()[0];
        }
    }

    /** A string or a list of strings. */
    List<String> oneOrList(String key) {
        try {
            return c.getValue(key).valueType() == ConfigValueType.LIST ? c.getStringList(key) : List.of(c.getString(key));
        } catch (ConfigException e) {
            bad(key, render(key), "expected a name or a list of names");
            return List.of();
        }
    }

    /**
     * Runs a constructor that validates, once every read so far has succeeded (so no input is a
     * placeholder); its IllegalArgumentException becomes a problem at {@code key} (the key is not
     * repeated when the message starts with {@code key = }). Returns null when
     * there are problems.
     */
    <T> T build(String key, java.util.function.Supplier<T> constructor) {
        if (!problems.isEmpty()) {
            return null;
        }
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            problems.add(file + ": " + prefix + (message.startsWith(key + " = ") ? "" : key + ": ") + message);
            return null;
        }
    }

    private <T> T get(String key, Function<String, T> getter, String expected) {
        try {
            return getter.apply(key);
        } catch (ConfigException.Missing e) {
            bad(key, "(missing)", "expected " + expected);
        } catch (ConfigException e) {
            bad(key, render(key), "expected " + expected);
        }
        return null;
    }

    /** The value at {@code key} as written, shortened for messages. */
    String render(String key) {
        String s;
        try {
            s = c.hasPathOrNull(key) ? c.getValue(key).render(ConfigRenderOptions.concise()) : "(missing)";
        } catch (ConfigException e) {
            s = "null";
        }
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    void bad(String key, String value, String fix) {
        String where = file;
        try {
            where = c.hasPathOrNull(key) ? where(c.getValue(key).origin(), file) : file;
        } catch (ConfigException e) {
            // a null or unreadable value: name the experiment file
        }
        problems.add(where + ": " + prefix + key + " = " + value + ": " + fix);
    }

    /**
     * Where a value was written, for messages: {@code --set key=value} for an override, the included
     * file for a value from an include, else {@code file}.
     */
    static String where(ConfigOrigin origin, String file) {
        if (origin.description().startsWith("--set ")) {
            return origin.description().replaceFirst(": \\d+$", "");
        }
        String from = origin.filename();
        if (from != null && !Path.of(from).toAbsolutePath().normalize().equals(Path.of(file).toAbsolutePath().normalize())) {
            return from;
        }
        return file;
    }
}
