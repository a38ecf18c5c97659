package org.blurevolve.driver.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.blurevolve.data.DataFiles;
import scala.Tuple2;

/**
 * The {@link DataFiles} of the driver and its executors: a location with a URI scheme
 * ({@code hdfs://}, {@code s3a://}, {@code file:}, ...) is read through the Hadoop FileSystem with
 * Spark's Hadoop configuration (the Hadoop files on the classpath plus the {@code spark.hadoop.*}
 * keys), a {@link ShippedData} location from the data shipped with the application, and a plain path
 * from the local file system. Stateless and thread-safe.
 */
public final class DriverDataFiles implements DataFiles {
    /** The one instance. */
    public static final DriverDataFiles INSTANCE = new DriverDataFiles();

    private DriverDataFiles() {
    }

    @Override
    public boolean isFolder(String folder) throws IOException {
        if (ShippedData.isShipped(folder)) {
            return LOCAL.isFolder(ShippedData.localFolder(folder));
        }
        if (!DataLocation.isUri(folder)) {
            return LOCAL.isFolder(folder);
        }
        try {
            return fileSystem(folder).getFileStatus(new Path(folder)).isDirectory();
        } catch (FileNotFoundException e) {
            return false;
        }
    }

    @Override
    public Optional<byte[]> read(String folder, String name) throws IOException {
        if (ShippedData.isShipped(folder)) {
            return LOCAL.read(ShippedData.localFolder(folder), name);
        }
        if (!DataLocation.isUri(folder)) {
            return LOCAL.read(folder, name);
        }
        Path file = new Path(new Path(folder), name);
        try (InputStream in = fileSystem(folder).open(file)) {
            return Optional.of(in.readAllBytes());
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    private static FileSystem fileSystem(String location) throws IOException {
        return FileSystem.get(URI.create(location), hadoopConfiguration());
    }

    /**
     * Spark's Hadoop configuration in this JVM: the Hadoop files on the classpath and every
     * {@code spark.hadoop.*} key of the application's Spark conf (the running context's, else the one
     * spark-submit passed as system properties).
     */
    static Configuration hadoopConfiguration() {
        SparkEnv env = SparkEnv.get();
        SparkConf spark = env != null ? env.conf() : new SparkConf();
        Configuration conf = new Configuration();
        for (Tuple2<String, String> kv : spark.getAllWithPrefix("spark.hadoop.")) {
            conf.set(kv._1(), kv._2());
        }
        return conf;
    }
}
