package org.blurevolve.driver.evolution;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The (μ/μ_w, λ) covariance matrix adaptation evolution strategy (Hansen's standard formulation,
 * maximising), with the separable variant (diagonal covariance, learning rates scaled by (n+2)/3)
 * for large genomes. {@link #ask} draws λ candidates from a generator the caller seeds per
 * generation; {@link #tell} updates mean, step size, evolution paths and covariance from their
 * fitness. The whole state can be exported and restored bit for bit (checkpoints). Not thread-safe.
 */
public final class CmaEs {
    private final int n;
    private final int lambda;
    private final int mu;
    private final double[] weights;
    private final double muEff;
    private final double cSigma;
    private final double dSigma;
    private final double cC;
    private final double c1;
    private final double cMu;
    private final double chiN;
    private final boolean separable;
    private double[] mean;
    private double sigma;
    private double[] pC;
    private double[] pSigma;
    /** Full covariance (n×n, row-major), or its diagonal (n) when separable. */
    private double[] cov;
    /** Eigenvectors (columns, row-major n×n) and square roots of the eigenvalues of cov. */
    private double[] basis;
    private double[] scales;
    private long updates;
    private long eigenAt;

    public CmaEs(double[] initialMean, double initialSigma, int lambda, boolean separable) {
        this.n = initialMean.length;
        this.lambda = lambda;
        this.mu = lambda / 2;
        this.separable = separable;
        double[] w = IntStream.range(0, mu).mapToDouble(i -> Math.log(mu + 0.5) - Math.log(i + 1)).toArray();
        double sum = Arrays.stream(w).sum();
        this.weights = Arrays.stream(w).map(x -> x / sum).toArray();
        this.muEff = 1.0 / Arrays.stream(weights).map(x -> x * x).sum();
        this.cSigma = (muEff + 2) / (n + muEff + 5);
        this.dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
        this.cC = (4 + muEff / n) / (n + 4 + 2 * muEff / n);
        double scale = separable ? (n + 2) / 3.0 : 1.0;
        this.c1 = Math.min(1, scale * 2 / ((n + 1.3) * (n + 1.3) + muEff));
        this.cMu = Math.min(1 - c1, scale * 2 * (muEff - 2 + 1 / muEff) / ((n + 2) * (n + 2) + muEff));
        this.chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
        this.mean = initialMean.clone();
        this.sigma = initialSigma;
        this.pC = new double[n];
        this.pSigma = new double[n];
        this.cov = separable ? filled(n, 1.0) : JacobiEigen.identity(n);
        this.basis = separable ? null : JacobiEigen.identity(n);
        this.scales = filled(n, 1.0);
    }

    /** λ candidates x = m + σ·B·D·z with z ~ N(0, I); row i is candidate i. */
    public double[][] ask(SplittableRandom rng) {
        double[][] out = new double[lambda][n];
        for (int k = 0; k < lambda; k++) {
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = gaussian(rng) * scales[i];
            }
            double[] y = separable ? z : multiply(basis, z);
            for (int i = 0; i < n; i++) {
                out[k][i] = mean[i] + sigma * y[i];
            }
        }
        return out;
    }

    /**
     * Updates the distribution from the candidates of {@link #ask} and their fitness (higher is
     * better); candidates of equal fitness rank by {@code tieBreak} (higher first), then by index.
     */
    public void tell(double[][] candidates, double[] fitness, double[] tieBreak) {
        Integer[] order = IntStream.range(0, lambda).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -fitness[i])
                .thenComparingDouble(i -> -tieBreak[i]).thenComparingInt(i -> i));
        double[] old = mean;
        double[] next = new double[n];
        for (int r = 0; r < mu; r++) {
            for (int i = 0; i < n; i++) {
                next[i] += weights[r] * candidates[order[r]][i];
            }
        }
        double[] step = new double[n];
        for (int i = 0; i < n; i++) {
            step[i] = (next[i] - old[i]) / sigma;
        }
        double[] whitened = invSqrtC(step);
        double ps = Math.sqrt(cSigma * (2 - cSigma) * muEff);
        double psNorm = 0;
        for (int i = 0; i < n; i++) {
            pSigma[i] = (1 - cSigma) * pSigma[i] + ps * whitened[i];
            psNorm += pSigma[i] * pSigma[i];
        }
        psNorm = Math.sqrt(psNorm);
        updates++;
        boolean hSigma = psNorm / Math.sqrt(1 - Math.pow(1 - cSigma, 2.0 * updates)) / chiN < 1.4 + 2.0 / (n + 1);
        double pc = Math.sqrt(cC * (2 - cC) * muEff);
        for (int i = 0; i < n; i++) {
            pC[i] = (1 - cC) * pC[i] + (hSigma ? pc * step[i] : 0);
        }
        double[][] y = new double[mu][n];
        for (int r = 0; r < mu; r++) {
            for (int i = 0; i < n; i++) {
                y[r][i] = (candidates[order[r]][i] - old[i]) / sigma;
            }
        }
        double decay = 1 - c1 - cMu + (hSigma ? 0 : c1 * cC * (2 - cC));
        if (separable) {
            for (int i = 0; i < n; i++) {
                double rankMu = 0;
                for (int r = 0; r < mu; r++) {
                    rankMu += weights[r] * y[r][i] * y[r][i];
                }
                cov[i] = decay * cov[i] + c1 * pC[i] * pC[i] + cMu * rankMu;
                scales[i] = Math.sqrt(Math.max(cov[i], 1e-300));
            }
        } else {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double rankMu = 0;
                    for (int r = 0; r < mu; r++) {
                        rankMu += weights[r] * y[r][i] * y[r][j];
                    }
                    double v = decay * cov[i * n + j] + c1 * pC[i] * pC[j] + cMu * rankMu;
                    cov[i * n + j] = v;
                    cov[j * n + i] = v;
                }
            }
            if (updates - eigenAt >= Math.max(1, (long) (lambda / ((c1 + cMu) * n * 10)))) {
                decompose();
            }
        }
        sigma *= Math.exp((cSigma / dSigma) * (psNorm / chiN - 1));
        mean = next;
    }

    /** C^{-1/2}·v through the current eigendecomposition. */
    private double[] invSqrtC(double[] v) {
        if (separable) {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = v[i] / scales[i];
            }
            return out;
        }
        double[] t = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += basis[i * n + j] * v[i];
            }
            t[j] = s / scales[j];
        }
        return multiply(basis, t);
    }

    /** Eigendecomposition of the covariance: basis columns and square roots of the eigenvalues. */
    private void decompose() {
        double[] values = new double[n];
        basis = JacobiEigen.decompose(cov, n, values);
        for (int i = 0; i < n; i++) {
            scales[i] = Math.sqrt(Math.max(values[i], 1e-300));
        }
        eigenAt = updates;
    }

    private double[] multiply(double[] m, double[] x) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += m[i * n + j] * x[j];
            }
            out[i] = s;
        }
        return out;
    }

    /** Moves the mean to {@code x} (a hybrid refinement); everything else stays. */
    public void moveMean(double[] x) {
        if (x.length != mean.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " genes, got " + x.length);
        }
        mean = x.clone();
    }

    public double[] mean() {
        return mean.clone();
    }

    public double sigma() {
        return sigma;
    }

    /** The complete state, for checkpoints. */
    public Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", mean.clone());
        m.put("sigma", sigma);
        m.put("pC", pC.clone());
        m.put("pSigma", pSigma.clone());
        m.put("cov", cov.clone());
        m.put("basis", basis == null ? new double[0] : basis.clone());
        m.put("scales", scales.clone());
        m.put("updates", updates);
        m.put("eigenAt", eigenAt);
        return m;
    }

    /** Restores a state exported by {@link #state()} (lists of numbers as read from JSON). */
    public void restore(Map<String, Object> s) {
        mean = doubles(s.get("mean"));
        sigma = ((Number) s.get("sigma")).doubleValue();
        pC = doubles(s.get("pC"));
        pSigma = doubles(s.get("pSigma"));
        cov = doubles(s.get("cov"));
        double[] b = doubles(s.get("basis"));
        basis = b.length == 0 ? null : b;
        scales = doubles(s.get("scales"));
        updates = ((Number) s.get("updates")).longValue();
        eigenAt = ((Number) s.get("eigenAt")).longValue();
    }

    private static double[] doubles(Object o) {
        if (o instanceof double[] d) {
            return d.clone();
        }
        return ((List<?>) o).stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log1p(-rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
