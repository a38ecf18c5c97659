package org.blurevolve.driver.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseable;
import java.io.File;
import java.net.URL;

/**
 * The only includes an experiment file may use: other files, resolved relative to the including
 * file. {@code include url(…)}, {@code include classpath(…)} and a quoted include that names a URL
 * are refused, so an experiment (or a checkpoint) can never make the program fetch anything.
 */
final class FileIncluder implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL, ConfigIncluderClasspath {

    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
        return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        if (what.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
            throw refused("include \"" + what + "\"");
        }
        return fileBeside(context, what);
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
        return fileBeside(context, what.getPath());
    }

    /** {@code what} relative to the including file (or absolute); never a classpath resource. */
    private static ConfigObject fileBeside(ConfigIncludeContext context, String what) {
        ConfigParseable p = context.relativeTo(what);
        if (p == null || p.origin().filename() == null) {
            throw new ConfigException.Generic("include \"" + what + "\": no such file beside the including file");
        }
        return p.parse(context.parseOptions().setAllowMissing(false));
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
        throw refused("include url(\"" + what + "\")");
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String what) {
        throw refused("include classpath(\"" + what + "\")");
    }

    private static ConfigException refused(String include) {
        return new ConfigException.Generic(include + " is refused: experiment files may include only files"
                + " (include \"other.conf\" or include file(\"other.conf\"), relative to the including file)");
    }
}
