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
import org.blurevolve.gradient.GradientResult;
import org.blurevolve.gradient.MetaGradientSettings;
import org.blurevolve.gradient.MetaLoss;

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
        kryo.register(GradientRequest.class, new GradientRequestSerializer());
        kryo.register(GradientRequest[].class);
        kryo.register(GradientReply.class, new GradientReplySerializer());
        kryo.register(GradientReply[].class);
        kryo.register(Object[].class);
    }

    private static void writeGenome(Output out, Genome genome) {
        GenomeLayout layout = genome.layout();
        out.writeInt(layout.k());
        out.writeInt(layout.blocks());
        out.writeInt(layout.scalars().size());
        for (OptionalScalar s : layout.scalars()) {
            out.writeByte(s.ordinal());
        }
        double[] genes = genome.genes();
        out.writeInt(genes.length);
        out.writeDoubles(genes);
    }

    private static Genome readGenome(Input in) {
        int k = in.readInt();
        int blocks = in.readInt();
        List<OptionalScalar> scalars = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            scalars.add(OptionalScalar.values()[in.readByte()]);
        }
        double[] genes = in.readDoubles(in.readInt());
        return new Genome(new GenomeLayout(k, blocks, scalars), genes);
    }

    private static void writeScores(Output out, FitnessResult r) {
        out.writeByte(r.status().ordinal());
        out.writeDouble(r.accuracy());
        out.writeDouble(r.negCrossEntropy());
        out.writeDouble(r.negL2());
        out.writeInt(r.steps());
    }

    private static FitnessResult readScores(Input in) {
        EvaluationStatus status = EvaluationStatus.values()[in.readByte()];
        return new FitnessResult(status, in.readDouble(), in.readDouble(), in.readDouble(), in.readInt());
    }

    private static final class RequestSerializer extends Serializer<EvaluationRequest> {
        @Override
        public void write(Kryo kryo, Output out, EvaluationRequest r) {
            out.writeInt(r.index());
            out.writeInt(r.task());
            out.writeByte(r.set().ordinal());
            out.writeLong(r.generation());
            writeGenome(out, r.genome());
        }

        @Override
        public EvaluationRequest read(Kryo kryo, Input in, Class<EvaluationRequest> type) {
            int index = in.readInt();
            int task = in.readInt();
            TaskSet set = TaskSet.values()[in.readByte()];
            long generation = in.readLong();
            return new EvaluationRequest(index, readGenome(in), set, task, generation);
        }
    }

    private static final class ReplySerializer extends Serializer<EvaluationReply> {
        @Override
        public void write(Kryo kryo, Output out, EvaluationReply r) {
            out.writeInt(r.index());
            out.writeInt(r.task());
            writeScores(out, r.result());
        }

        @Override
        public EvaluationReply read(Kryo kryo, Input in, Class<EvaluationReply> type) {
            int index = in.readInt();
            int task = in.readInt();
            return new EvaluationReply(index, task, readScores(in));
        }
    }

    private static final class GradientRequestSerializer extends Serializer<GradientRequest> {
        @Override
        public void write(Kryo kryo, Output out, GradientRequest r) {
            writeGenome(out, r.genome());
            out.writeInt(r.task());
            out.writeInt(r.replica());
            out.writeLong(r.generation());
            out.writeInt(r.step());
            MetaGradientSettings s = r.settings();
            out.writeByte(s.loss().ordinal());
            out.writeInt(s.horizons().size());
            for (int h : s.horizons()) {
                out.writeInt(h);
            }
            out.writeInt(s.truncation());
            out.writeInt(s.recomputeEvery());
            out.writeDouble(s.synapsePenalty());
        }

        @Override
        public GradientRequest read(Kryo kryo, Input in, Class<GradientRequest> type) {
            Genome genome = readGenome(in);
            int task = in.readInt();
            int replica = in.readInt();
            long generation = in.readLong();
            int step = in.readInt();
            MetaLoss loss = MetaLoss.values()[in.readByte()];
            Integer[] horizons = new Integer[in.readInt()];
            for (int i = 0; i < horizons.length; i++) {
                horizons[i] = in.readInt();
            }
            MetaGradientSettings settings = new MetaGradientSettings(loss, List.of(horizons), in.readInt(), in.readInt(),
                    in.readDouble());
            return new GradientRequest(genome, task, replica, generation, step, settings);
        }
    }

    private static final class GradientReplySerializer extends Serializer<GradientReply> {
        @Override
        public void write(Kryo kryo, Output out, GradientReply r) {
            out.writeInt(r.task());
            out.writeInt(r.replica());
            writeScores(out, r.result().scores());
            out.writeDouble(r.result().loss());
            out.writeDouble(r.result().synapseGrowth());
            double[] g = r.result().gradient();
            out.writeInt(g.length);
            out.writeDoubles(g);
        }

        @Override
        public GradientReply read(Kryo kryo, Input in, Class<GradientReply> type) {
            int task = in.readInt();
            int replica = in.readInt();
            FitnessResult scores = readScores(in);
            double loss = in.readDouble();
            double growth = in.readDouble();
            double[] gradient = in.readDoubles(in.readInt());
            return new GradientReply(task, replica, new GradientResult(scores, loss, growth, gradient));
        }
    }
}
