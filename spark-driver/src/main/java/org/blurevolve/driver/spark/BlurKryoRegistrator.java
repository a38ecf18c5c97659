package org.blurevolve.driver.spark;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers every class that crosses the wire, so the job runs with
 * {@code spark.kryo.registrationRequired=true}: requests in, replies out, and the arrays that carry them.
 */
public final class BlurKryoRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(EvaluationRequest.class);
        kryo.register(EvaluationRequest[].class);
        kryo.register(EvaluationReply.class);
        kryo.register(EvaluationReply[].class);
        kryo.register(double[].class);
        kryo.register(Object[].class);
    }
}
