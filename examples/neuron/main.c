/*
 * Uses the gradients bpgen generated from neuron.c: first the sigmoid neuron
 * at the point of the lecture notes (gradients -0.20, 0.39, -0.39, -0.59,
 * 0.20), checked against central finite differences; then a logistic
 * regression trained by minibatch gradient descent, where each minibatch's
 * gradient is the sum that the adjoints accumulate over the calls.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

double neuron(double w0, double x0, double w1, double x1, double w2);
double neuron_grad(double w0, double *d_w0, double x0, double *d_x0, double w1, double *d_w1,
                   double x1, double *d_x1, double w2, double *d_w2);
double logistic_loss(double w, double b, double x, double t, double lambda);
double logistic_loss_grad(double w, double *d_w, double b, double *d_b, double x, double t,
                          double lambda);

static double neuron_at(const double *p) {
    return neuron(p[0], p[1], p[2], p[3], p[4]);
}

static int check_neuron(void) {
    double p[5] = {2, -1, -3, -2, -3}, g[5] = {0};
    double f = neuron_grad(p[0], &g[0], p[1], &g[1], p[2], &g[2], p[3], &g[3], p[4], &g[4]);
    const char *names[5] = {"w0", "x0", "w1", "x1", "w2"};
    printf("sigmoid neuron at w0=2 x0=-1 w1=-3 x1=-2 w2=-3: f = %.2f\n", f);
    int bad = 0;
    for (int i = 0; i < 5; i++) {
        double h = 1e-6, q[5];
        for (int k = 0; k < 5; k++)
            q[k] = p[k];
        q[i] = p[i] + h;
        double up = neuron_at(q);
        q[i] = p[i] - h;
        double fd = (up - neuron_at(q)) / (2 * h);
        bad |= fabs(g[i] - fd) > 1e-8;
        printf("  df/d%s = %5.2f   (finite differences %5.2f)\n", names[i], g[i], fd);
    }
    return bad;
}

/* Points x on [-3, 3], label 1 when 1.5 x - 0.5 + noise > 0. */
static void make_data(int n, double *x, double *t) {
    srand(7);
    for (int i = 0; i < n; i++) {
        x[i] = 6.0 * rand() / RAND_MAX - 3.0;
        double noise = 0.6 * rand() / RAND_MAX - 0.3;
        t[i] = 1.5 * x[i] - 0.5 + noise > 0 ? 1.0 : 0.0;
    }
}

static void train(void) {
    enum { N = 200, BATCH = 20, EPOCHS = 60 };
    double x[N], t[N], w = 0.0, b = 0.0, lambda = 1e-3, rate = 2.0;
    make_data(N, x, t);
    printf("\nlogistic regression, %d points, minibatches of %d:\n", N, BATCH);
    for (int epoch = 1; epoch <= EPOCHS; epoch++) {
        double loss = 0;
        for (int start = 0; start < N; start += BATCH) {
            double d_w = 0, d_b = 0;     /* the gradient of the batch: adjoints add up */
            for (int i = start; i < start + BATCH; i++)
                loss += logistic_loss_grad(w, &d_w, b, &d_b, x[i], t[i], lambda);
            w -= rate * d_w / BATCH;
            b -= rate * d_b / BATCH;
        }
        if (epoch % 20 == 0 || epoch == 1) {
            int correct = 0;
            for (int i = 0; i < N; i++)
                correct += ((w * x[i] + b > 0) == (t[i] > 0.5));
            printf("  epoch %2d: loss %.4f, accuracy %.1f%%, w = %.3f, b = %.3f\n", epoch,
                   loss / N, 100.0 * correct / N, w, b);
        }
    }
}

int main(void) {
    int bad = check_neuron();
    train();
    printf(bad ? "\ngradient check: FAILED\n" : "\ngradient check: ok\n");
    return bad;
}
