package org.blurevolve.driver.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.serializer.KryoRegistrator;
import org.blurevolve.fitness.EvaluationPlan;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.fitness.TaskSet;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.genome.OptionalScalar;

/**
 * Registers every class that crosses the wire, so jobs run with
 * {@code spark.kryo.registrationRequired=true}. Requests and replies have explicit serialisers (they
 * travel once per evaluation); the {@link EvaluationPlan} is broadcast once per run with Java
 * serialisation, which rebuilds its records through their validating constructors.
 */
public final class BlurKryoRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(EvaluationPlan.class, new JavaSerializer());
        kryo.register(EvaluationRequest.class, new RequestSerializer());
        kryo.register(EvaluationRequest[].class);
        kryo.register(EvaluationReply.class, new ReplySerializer());
        kryo.register(EvaluationReply[].class);
        kryo.register(Object[].class);
    }

    private static final class RequestSerializer extends Serializer<EvaluationRequest> {
        @Override
        public void write(Kryo kryo, Output out, EvaluationRequest r) {
            out.writeInt(r.index());
            out.writeInt(r.task());
            out.writeByte(r.set().ordinal());
            out.writeLong(r.generation());
            GenomeLayout layout = r.genome().layout();
            out.writeInt(layout.k());
            out.writeInt(layout.blocks());
            out.writeInt(layout.scalars().size());
            for (OptionalScalar s : layout.scalars()) {
                out.writeByte(s.ordinal());
            }
            double[] genes = r.genome().genes();
            out.writeInt(genes.length);
            out.writeDoubles(genes);
        }

        @Override
        public EvaluationRequest read(Kryo kryo, Input in, Class<EvaluationRequest> type) {
            int index = in.readInt();
            int task = in.readInt();
            TaskSet set = TaskSet.values()[in.readByte()];
            long generation = in.readLong();
            int k = in.readInt();
            int blocks = in.readInt();
            List<OptionalScalar> scalars = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                scalars.add(OptionalScalar.values()[in.readByte()]);
            }
            double[] genes = in.readDoubles(in.readInt());
            return new EvaluationRequest(index, new Genome(new GenomeLayout(k, blocks, scalars), genes), set, task,
                    generation);
        }
    }

    private static final class ReplySerializer extends Serializer<EvaluationReply> {
        @Override
        public void write(Kryo kryo, Output out, EvaluationReply r) {
            out.writeInt(r.index());
            out.writeInt(r.task());
            out.writeByte(r.result().status().ordinal());
            out.writeDouble(r.result().accuracy());
            out.writeDouble(r.result().negCrossEntropy());
            out.writeDouble(r.result().negL2());
        }

        @Override
        public EvaluationReply read(Kryo kryo, Input in, Class<EvaluationReply> type) {
            int index = in.readInt();
            int task = in.readInt();
            EvaluationStatus status = EvaluationStatus.values()[in.readByte()];
            return new EvaluationReply(index, task, new FitnessResult(status, in.readDouble(), in.readDouble(),
                    in.readDouble()));
        }
    }
}
