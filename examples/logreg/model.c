/*
 * Binary logistic regression: n points of d features in the rows of X,
 * labels y[i] in {0, 1}, weights w and bias b, and the mean log-loss of
 * the sigmoid with an L2 term,
 *
 *   z_i  = w·x_i + b,   p_i = sigmoid(z_i)
 *   loss = mean_i -(y_i log p_i + (1 - y_i) log(1 - p_i)) + reg/2 |w|²
 *
 * written with loops, exp and log1p.  bpgen writes its gradient in w and
 * b, logreg_loss_grad.
 */
#include <math.h>
#include <bpgen.h>

/*
 * -(y log p + (1 - y) log(1 - p)) for p = sigmoid(z), which is
 * log(1 + exp(z)) - y z.  Why the two branches: log(1 + exp(z)) written
 * as it stands overflows for large z, and 1 - p rounds to 0 long before;
 * each branch calls exp of a non-positive number only, and both are
 * smooth, so the derivative is sigmoid(z) - y on either side and at 0.
 */
static double log_loss(double z, double y)
{
    double softplus = z > 0 ? z + log1p(exp(-z)) : log1p(exp(z));
    return softplus - y * z;
}

BP_GRAD(w, b)
double logreg_loss(int n, int d, const double *X, const double *y, const double *w, double b,
                   double reg)
{
    double total = 0;
    for (int i = 0; i < n; i++) {
        double z = b;
        for (int j = 0; j < d; j++)
            z += w[j] * X[i * d + j];
        total += log_loss(z, y[i]);
    }
    double norm2 = 0;
    for (int j = 0; j < d; j++)
        norm2 += w[j] * w[j];
    return total / n + 0.5 * reg * norm2;
}
