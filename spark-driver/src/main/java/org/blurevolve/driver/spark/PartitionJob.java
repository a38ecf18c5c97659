package org.blurevolve.driver.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;
import org.apache.spark.api.java.JavaSparkContext;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * What one Spark job runs on each partition of a list of requests: a plain serialisable class handed
 * to {@code SparkContext.runJob}, with the partition's requests evaluated on the task's CPUs
 * ({@link TaskThreads}). Not a lambda through the Java RDD API: for every job, Spark's closure
 * cleaner reads with ASM the class file of the class that declared each lambda in the job (for
 * {@code JavaRDD.mapPartitions} and {@code collect}, Spark's own large RDD classes), several ms per
 * job on the driver's critical path (docs/performance.md, "Spark"). Spark passes a function that is
 * not a closure through unread.
 *
 * @param <Q> a request
 * @param <R> its reply
 */
abstract class PartitionJob<Q, R> extends AbstractFunction2<TaskContext, Iterator<Q>, R[]> implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The reply type: a task sends its replies back as an array of it. */
    private final Class<R> replyType;

    PartitionJob(Class<R> replyType) {
        this.replyType = replyType;
    }

    /** The reply to one request; runs on an executor. */
    abstract R reply(Q request);

    private R[] replies(int n) {
        @SuppressWarnings("unchecked")
        R[] array = (R[]) java.lang.reflect.Array.newInstance(replyType, n);
        return array;
    }

    @Override
    public final R[] apply(TaskContext task, Iterator<Q> requests) {
        try {
            List<R> out = TaskThreads.map(CollectionConverters.asJava(requests), this::reply, task.cpus(),
                    task::isInterrupted);
            return out.toArray(replies(out.size()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskKilledException(e.getMessage());
        }
    }

    /**
     * Runs {@code job} over {@code requests} in {@code slices} partitions (one Spark job under the
     * context's current job description) and returns the replies in request order. Spark's checked
     * SparkException comes out undeclared, as from {@code collect}.
     */
    static <Q, R> List<R> run(JavaSparkContext jsc, List<Q> requests, int slices, PartitionJob<Q, R> job) {
        var partitions = CollectionConverters.asScala(IntStream.range(0, slices).boxed().map(i -> (Object) i).toList()).toSeq();
        @SuppressWarnings("unchecked")
        Class<R[]> type = (Class<R[]>) job.replies(0).getClass();
        Object[] perPartition = (Object[]) jsc.sc().runJob(jsc.parallelize(requests, slices).rdd(), job, partitions,
                ClassTag$.MODULE$.apply(type));
        List<R> out = new ArrayList<>(requests.size());
        for (Object part : perPartition) {
            out.addAll(Arrays.asList(type.cast(part)));
        }
        return out;
    }
}
