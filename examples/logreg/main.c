/*
 * Trains the logistic regression of model.c by full-batch gradient
 * descent, using the gradient bpgen generated, logreg_loss_grad.  The data
 * are two overlapping Gaussian clouds in the plane, one per class, from a
 * fixed-seed generator, so every run prints the same numbers; about 7% of
 * the points lie on the other class's side of the best line.
 *
 * Before training it checks the gradient against the closed form
 * mean_i (sigmoid(z_i) - y_i) x_i + reg w (and mean_i (sigmoid(z_i) - y_i)
 * for b), and that one step lowers the loss.  Then it prints the loss and
 * the accuracy every few steps, and last the final accuracy.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

double logreg_loss(int n, int d, const double *X, const double *y, const double *w, double b,
                   double reg);
double logreg_loss_grad(int n, int d, const double *X, const double *y, const double *w,
                        double *d_w, double b, double *d_b, double reg);

enum { POINTS = 200, DIM = 2, STEPS = 100, REPORT_EVERY = 10 };

static const double PI = 3.14159265358979323846;
static const double REG = 1e-3;          /* weight of the L2 term */
static const double RATE = 1.0;          /* gradient descent step */

/* splitmix64: the same numbers on every machine. */
static uint64_t rng_state = 7;

static double uniform(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    return (double)(z >> 11) / 9007199254740992.0;
}

/* A standard normal sample (Box-Muller; 1 - u keeps the log finite). */
static double gaussian(void)
{
    double u = 1.0 - uniform(), v = uniform();
    return sqrt(-2.0 * log(u)) * cos(2.0 * PI * v);
}

/* Points alternate between the classes: class 1 around (1, 0.6), class 0
 * around (-1, -0.6), each coordinate with standard deviation 0.8. */
static void make_data(double *X, double *y)
{
    const double centre[DIM] = {1.0, 0.6};
    for (int i = 0; i < POINTS; i++) {
        y[i] = i % 2;
        double side = y[i] > 0.5 ? 1.0 : -1.0;
        for (int j = 0; j < DIM; j++)
            X[i * DIM + j] = side * centre[j] + 0.8 * gaussian();
    }
}

static double score(const double *x, const double *w, double b)
{
    double z = b;
    for (int j = 0; j < DIM; j++)
        z += w[j] * x[j];
    return z;
}

static double accuracy(const double *X, const double *y, const double *w, double b)
{
    int correct = 0;
    for (int i = 0; i < POINTS; i++)
        correct += (score(&X[i * DIM], w, b) > 0) == (y[i] > 0.5);
    return 100.0 * correct / POINTS;
}

/* The generated gradient into d_w and d_b (zeroed first: it adds). */
static double gradient(const double *X, const double *y, const double *w, double b,
                       double *d_w, double *d_b)
{
    for (int j = 0; j < DIM; j++)
        d_w[j] = 0;
    *d_b = 0;
    return logreg_loss_grad(POINTS, DIM, X, y, w, d_w, b, d_b, REG);
}

/* The gradient of the log-loss of a sigmoid, written out: the residual
 * sigmoid(z) - y times the input, averaged, plus the L2 term's reg w. */
static void closed_form_gradient(const double *X, const double *y, const double *w, double b,
                                 double *g_w, double *g_b)
{
    for (int j = 0; j < DIM; j++)
        g_w[j] = REG * w[j];
    *g_b = 0;
    for (int i = 0; i < POINTS; i++) {
        double residual = 1 / (1 + exp(-score(&X[i * DIM], w, b))) - y[i];
        for (int j = 0; j < DIM; j++)
            g_w[j] += residual * X[i * DIM + j] / POINTS;
        *g_b += residual / POINTS;
    }
}

/* |a - b| relative to the larger of the two; 0 when both are 0. */
static double relative_difference(double a, double b)
{
    double scale = fmax(fabs(a), fabs(b));
    return scale > 0 ? fabs(a - b) / scale : 0;
}

/* At a point away from the origin, where no score is 0: returns 1 if
 * the generated gradient or its loss disagrees. */
static int check_gradient(const double *X, const double *y)
{
    double w[DIM] = {0.7, -1.3}, b = 0.4, d_w[DIM], d_b, g_w[DIM], g_b;
    double loss = gradient(X, y, w, b, d_w, &d_b);
    closed_form_gradient(X, y, w, b, g_w, &g_b);
    double worst = relative_difference(d_b, g_b);
    for (int j = 0; j < DIM; j++)
        worst = fmax(worst, relative_difference(d_w[j], g_w[j]));
    int same_loss = loss == logreg_loss(POINTS, DIM, X, y, w, b, REG);
    printf("generated gradient vs closed form: max relative difference %.1e, loss %s\n", worst,
           same_loss ? "agrees" : "DIFFERS");
    return worst > 1e-10 || !same_loss;
}

/* One gradient step from w = 0, b = 0 must lower the loss from log 2. */
static int check_one_step(const double *X, const double *y)
{
    double w[DIM] = {0}, b = 0, d_w[DIM], d_b;
    double before = gradient(X, y, w, b, d_w, &d_b);
    for (int j = 0; j < DIM; j++)
        w[j] -= RATE * d_w[j];
    b -= RATE * d_b;
    double after = logreg_loss(POINTS, DIM, X, y, w, b, REG);
    printf("one gradient step: loss %.6f -> %.6f, %s\n", before, after,
           after < before ? "lower" : "NOT LOWER");
    return !(after < before);
}

static void report(const char *when, const double *X, const double *y, const double *w,
                   double b)
{
    printf("%-15s loss %.4f, accuracy %5.1f%%\n", when,
           logreg_loss(POINTS, DIM, X, y, w, b, REG), accuracy(X, y, w, b));
}

/* Gradient descent from w = 0, b = 0, reporting the loss and accuracy
 * every REPORT_EVERY steps; returns the final accuracy. */
static double train(const double *X, const double *y)
{
    double w[DIM] = {0}, b = 0, d_w[DIM], d_b, first = 0, loss = 0;
    char when[32];
    printf("gradient descent on %d points, step %g, reg %g\n", POINTS, RATE, REG);
    report("at the start:", X, y, w, b);
    for (int step = 1; step <= STEPS; step++) {
        loss = gradient(X, y, w, b, d_w, &d_b);
        if (step == 1)
            first = loss;
        for (int j = 0; j < DIM; j++)
            w[j] -= RATE * d_w[j];
        b -= RATE * d_b;
        if (step % REPORT_EVERY == 0) {
            snprintf(when, sizeof when, "after step %d:", step);
            report(when, X, y, w, b);
        }
    }
    loss = logreg_loss(POINTS, DIM, X, y, w, b, REG);
    printf("the loss fell from %.4f to %.4f in %d steps: %s\n", first, loss, STEPS,
           loss < first ? "lower" : "NOT LOWER");
    printf("w = (%.3f, %.3f), b = %.3f\n", w[0], w[1], b);
    return accuracy(X, y, w, b);
}

int main(void)
{
    double X[POINTS * DIM], y[POINTS];
    make_data(X, y);
    int bad = check_gradient(X, y) | check_one_step(X, y);
    printf("gradient check: %s\n\n", bad ? "FAILED" : "ok");
    double acc = train(X, y);
    printf("final training accuracy: %.1f%%\n", acc);
    return bad || acc < 90.0;
}
