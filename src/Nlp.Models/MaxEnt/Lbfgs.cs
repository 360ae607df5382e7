namespace Nlp.Models.MaxEnt;

/// <summary>
/// Limited-memory BFGS for smooth unconstrained minimization: each step goes along the gradient bent by the
/// curvature seen over the last few steps (two-loop recursion), with a backtracking line search that only accepts
/// a sufficient decrease. Sequential and without randomness, so the result is reproducible.
/// </summary>
internal static class Lbfgs
{
    /// <summary>Minimizes <paramref name="f"/> (returns the value, writes the gradient) from <paramref name="x"/>, in place.</summary>
    public static void Minimize(Func<double[], double[], double> f, double[] x, int maxIterations, int memory, double tolerance,
        Action<int, double>? onIteration = null)
    {
        int dim = x.Length;
        var g = new double[dim];
        double fx = f(x, g);
        var s = new List<double[]>();
        var y = new List<double[]>();
        var rho = new List<double>();
        var d = new double[dim];
        var xNew = new double[dim];
        var gNew = new double[dim];
        var history = new List<double> { fx };
        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            Direction(g, s, y, rho, d);
            double slope = Dot(d, g);
            if (slope >= 0)
            {
                // The curvature memory no longer gives a descent direction: forget it and follow the gradient.
                s.Clear(); y.Clear(); rho.Clear();
                double norm = Math.Sqrt(Dot(g, g));
                for (int i = 0; i < dim; i++) d[i] = -g[i] / Math.Max(1, norm);
                slope = Dot(d, g);
                if (slope >= 0) break; // zero gradient: at the optimum
            }
            double step = 1, fNew;
            while (true)
            {
                for (int i = 0; i < dim; i++) xNew[i] = x[i] + step * d[i];
                fNew = f(xNew, gNew);
                if (fNew <= fx + 1e-4 * step * slope || step < 1e-12) break;
                step *= 0.5;
            }
            if (!(fNew < fx)) break; // no further decrease possible in floating point
            var si = s.Count == memory ? s[0] : new double[dim];
            var yi = y.Count == memory ? y[0] : new double[dim];
            for (int i = 0; i < dim; i++) { si[i] = xNew[i] - x[i]; yi[i] = gNew[i] - g[i]; }
            double sy = Dot(si, yi);
            if (s.Count == memory) { s.RemoveAt(0); y.RemoveAt(0); rho.RemoveAt(0); }
            if (sy > 1e-12) { s.Add(si); y.Add(yi); rho.Add(1 / sy); }
            Array.Copy(xNew, x, dim);
            Array.Copy(gNew, g, dim);
            fx = fNew;
            onIteration?.Invoke(iteration, fx);
            history.Add(fx);
            if (history.Count > 5 && history[^6] - fx < tolerance * Math.Max(1, Math.Abs(fx))) break;
        }
    }

    /// <summary>d = −H·g, H the inverse-Hessian approximation of the remembered steps (two-loop recursion).</summary>
    private static void Direction(double[] g, List<double[]> s, List<double[]> y, List<double> rho, double[] d)
    {
        Array.Copy(g, d, g.Length);
        int k = s.Count;
        var alpha = new double[k];
        for (int i = k - 1; i >= 0; i--)
        {
            alpha[i] = rho[i] * Dot(s[i], d);
            Axpy(-alpha[i], y[i], d);
        }
        // The initial Hessian scale: the last step's curvature, or a step of unit length along the gradient at the start.
        double gamma = k > 0 ? Dot(s[k - 1], y[k - 1]) / Dot(y[k - 1], y[k - 1]) : 1 / Math.Max(1, Math.Sqrt(Dot(g, g)));
        for (int i = 0; i < d.Length; i++) d[i] *= gamma;
        for (int i = 0; i < k; i++)
        {
            double beta = rho[i] * Dot(y[i], d);
            Axpy(alpha[i] - beta, s[i], d);
        }
        for (int i = 0; i < d.Length; i++) d[i] = -d[i];
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (int i = 0; i < x.Length; i++) y[i] += a * x[i];
    }
}
