/*
 * Trains the two-layer classifier of model.c on the spiral of CS231n's
 * neural network case study (three interleaved arms in the plane, which no
 * linear classifier separates) with minibatch SGD, using the gradient bpgen
 * generated, mlp_loss_grad.
 *
 * Before training it checks that gradient three ways: against the
 * hand-written backward pass of backward.c (the same VJPs, so they agree to
 * rounding), against central finite differences on a sample of
 * coordinates (an oracle that shares no code with either), and by taking
 * one SGD step, which must lower the loss.  Then it prints the loss and the
 * training accuracy after each epoch, and last the final accuracy.  The
 * data and the initial weights come from a fixed-seed generator, so every
 * run prints the same numbers.
 */
#include <bpgen.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mlp.h"

enum {
    CLASSES = 3,
    PER_CLASS = 100,
    POINTS = CLASSES * PER_CLASS,
    DIM = 2,
    HIDDEN = 100,
    BATCH = 10,
    EPOCHS = 30,
};

static const double PI = 3.14159265358979323846;
static const double REG = 1e-3;          /* weight of the L2 term */
static const double RATE = 1.0;          /* SGD step size in the first epoch */
static const double DECAY = 0.9;         /* the step's factor from one epoch to the next */

/* ---- Deterministic random numbers ------------------------------------- */

/* splitmix64: the same numbers on every machine. */
static uint64_t rng_state = 42;

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

/* ---- The data --------------------------------------------------------- */

/* Arm c of the spiral: PER_CLASS points whose radius grows from 0 to 1
 * while their angle sweeps [4c, 4c + 4] radians, with noise of 0.2 on the
 * angle, as in CS231n. */
static void make_spiral(double *X, int *labels)
{
    for (int c = 0; c < CLASSES; c++)
        for (int i = 0; i < PER_CLASS; i++) {
            int p = c * PER_CLASS + i;
            double r = (double)i / (PER_CLASS - 1);
            double t = 4.0 * c + 4.0 * i / (PER_CLASS - 1) + 0.2 * gaussian();
            X[p * DIM] = r * sin(t);
            X[p * DIM + 1] = r * cos(t);
            labels[p] = c;
        }
}

/* ---- Parameters ------------------------------------------------------- */

/* W1, b1, W2 and b2 one after the other in one array, so that zeroing,
 * the SGD update and finite differences are loops over one vector. */
typedef struct {
    int len;                             /* D H + H + H C + C */
    double *all;                         /* the len values */
    double *W1, *b1, *W2, *b2;           /* the four blocks of all */
} Params;

static Params new_params(void)
{
    Params p;
    p.len = DIM * HIDDEN + HIDDEN + HIDDEN * CLASSES + CLASSES;
    p.all = calloc(p.len, sizeof(double));
    p.W1 = p.all;
    p.b1 = p.W1 + DIM * HIDDEN;
    p.W2 = p.b1 + HIDDEN;
    p.b2 = p.W2 + HIDDEN * CLASSES;
    return p;
}

/* Weights N(0, 2 / fan-in) (He et al., which keeps the scale of the
 * activations through a ReLU layer), biases N(0, bias_scale²). */
static void init_params(Params *p, double bias_scale)
{
    for (int i = 0; i < DIM * HIDDEN; i++)
        p->W1[i] = sqrt(2.0 / DIM) * gaussian();
    for (int i = 0; i < HIDDEN; i++)
        p->b1[i] = bias_scale * gaussian();
    for (int i = 0; i < HIDDEN * CLASSES; i++)
        p->W2[i] = sqrt(2.0 / HIDDEN) * gaussian();
    for (int i = 0; i < CLASSES; i++)
        p->b2[i] = bias_scale * gaussian();
}

/* ---- Loss, gradients, accuracy ---------------------------------------- */

static double loss_at(const Params *p, int n, const double *X, const int *labels)
{
    return mlp_loss(n, DIM, HIDDEN, CLASSES, X, labels, p->W1, p->b1, p->W2, p->b2, REG);
}

/* The generated gradient into g (zeroed first: the gradient adds). */
static double generated_gradient(const Params *p, Params *g, int n, const double *X,
                                 const int *labels)
{
    memset(g->all, 0, sizeof(double) * g->len);
    return mlp_loss_grad(n, DIM, HIDDEN, CLASSES, X, labels, p->W1, g->W1, p->b1, g->b1, p->W2,
                         g->W2, p->b2, g->b2, REG);
}

static double handwritten_gradient(const Params *p, Params *g, int n, const double *X,
                                   const int *labels)
{
    memset(g->all, 0, sizeof(double) * g->len);
    return mlp_loss_backward(n, DIM, HIDDEN, CLASSES, X, labels, p->W1, g->W1, p->b1, g->b1,
                             p->W2, g->W2, p->b2, g->b2, REG);
}

static int argmax(const double *row, int n)
{
    int best = 0;
    for (int j = 1; j < n; j++)
        if (row[j] > row[best])
            best = j;
    return best;
}

/* Percentage of the n points whose largest score is their label's: the
 * forward pass of model.c, up to the scores. */
static double accuracy(const Params *p, int n, const double *X, const int *labels)
{
    double *hidden = malloc(sizeof(double) * n * HIDDEN);
    double *scores = malloc(sizeof(double) * n * CLASSES);
    bp_matmul(n, DIM, HIDDEN, X, p->W1, hidden);
    bp_add_bias(n, HIDDEN, hidden, p->b1, hidden);
    bp_relu(n * HIDDEN, hidden, hidden);
    bp_matmul(n, HIDDEN, CLASSES, hidden, p->W2, scores);
    bp_add_bias(n, CLASSES, scores, p->b2, scores);
    int correct = 0;
    for (int i = 0; i < n; i++)
        correct += argmax(&scores[i * CLASSES], CLASSES) == labels[i];
    free(hidden);
    free(scores);
    return 100.0 * correct / n;
}

/* ---- Checks ----------------------------------------------------------- */

/* |a - b| relative to the larger of the two; 0 when both are 0. */
static double relative_difference(double a, double b)
{
    double scale = fmax(fabs(a), fabs(b));
    return scale > 0 ? fabs(a - b) / scale : 0;
}

/* The generated gradient against the hand-written one, every coordinate,
 * and its returned loss against mlp_loss.  Returns 1 if they disagree. */
static int check_against_handwritten(const Params *p, int n, const double *X, const int *labels)
{
    Params g = new_params(), h = new_params();
    double loss = generated_gradient(p, &g, n, X, labels);
    double hand_loss = handwritten_gradient(p, &h, n, X, labels);
    double worst = 0;
    for (int i = 0; i < g.len; i++)
        worst = fmax(worst, relative_difference(g.all[i], h.all[i]));
    int bad = worst > 1e-10 || loss != loss_at(p, n, X, labels) || loss != hand_loss;
    printf("generated gradient vs hand-written backward, %d coordinates: "
           "max relative difference %.1e, loss %s\n",
           g.len, worst, loss == hand_loss ? "agrees" : "DIFFERS");
    free(g.all);
    free(h.all);
    return bad;
}

/* The generated gradient against central finite differences on `count`
 * coordinates drawn at random.  Returns 1 if one disagrees. */
static int check_against_differences(Params *p, int count, int n, const double *X,
                                     const int *labels)
{
    Params g = new_params();
    generated_gradient(p, &g, n, X, labels);
    double worst = 0, h = 1e-6;
    for (int c = 0; c < count; c++) {
        int i = (int)(uniform() * p->len);
        double saved = p->all[i];
        p->all[i] = saved + h;
        double up = loss_at(p, n, X, labels);
        p->all[i] = saved - h;
        double down = loss_at(p, n, X, labels);
        p->all[i] = saved;
        double fd = (up - down) / (2 * h);
        worst = fmax(worst, fabs(g.all[i] - fd) / (1 + fabs(fd)));
    }
    printf("generated gradient vs finite differences, %d coordinates: largest error %s 1e-6\n",
           count, worst <= 1e-6 ? "below" : "ABOVE");
    free(g.all);
    return worst > 1e-6;
}

/* One SGD step on all the points from p must lower the loss. */
static int check_one_step(const Params *p, int n, const double *X, const int *labels)
{
    Params g = new_params(), q = new_params();
    double before = generated_gradient(p, &g, n, X, labels);
    for (int i = 0; i < p->len; i++)
        q.all[i] = p->all[i] - RATE * g.all[i];
    double after = loss_at(&q, n, X, labels);
    printf("one SGD step on all points: loss %.6f -> %.6f, %s\n", before, after,
           after < before ? "lower" : "NOT LOWER");
    free(g.all);
    free(q.all);
    return !(after < before);
}

/* ---- Training --------------------------------------------------------- */

static void shuffle(int *order, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int)(uniform() * (i + 1));
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
}

/* One pass over the points in a new random order, BATCH at a time (the
 * last batch may be smaller), with step `rate`; returns the mean of the
 * batches' losses. */
static double train_epoch(Params *p, Params *g, double rate, int *order, const double *X,
                          const int *labels)
{
    double Xb[BATCH * DIM], total = 0;
    int yb[BATCH], batches = 0;
    shuffle(order, POINTS);
    for (int start = 0; start < POINTS; start += BATCH, batches++) {
        int n = POINTS - start < BATCH ? POINTS - start : BATCH;
        for (int i = 0; i < n; i++) {
            memcpy(&Xb[i * DIM], &X[order[start + i] * DIM], sizeof(double) * DIM);
            yb[i] = labels[order[start + i]];
        }
        total += generated_gradient(p, g, n, Xb, yb);
        for (int i = 0; i < p->len; i++)
            p->all[i] -= rate * g->all[i];
    }
    return total / batches;
}

/* SGD with a step that shrinks by DECAY each epoch, so that the last
 * epochs settle instead of bouncing around the minimum.  Returns the final
 * training accuracy. */
static double train(Params *p, const double *X, const int *labels)
{
    Params g = new_params();
    int order[POINTS];
    for (int i = 0; i < POINTS; i++)
        order[i] = i;
    printf("training a %d-%d-%d network, minibatches of %d, step %g times %g per epoch, "
           "reg %g\n", DIM, HIDDEN, CLASSES, BATCH, RATE, DECAY, REG);
    double first = 0, last = 0, acc = 0, rate = RATE;
    for (int epoch = 1; epoch <= EPOCHS; epoch++, rate *= DECAY) {
        last = train_epoch(p, &g, rate, order, X, labels);
        if (epoch == 1)
            first = last;
        acc = accuracy(p, POINTS, X, labels);
        printf("epoch %3d: loss %.4f, accuracy %5.1f%%\n", epoch, last, acc);
    }
    printf("the loss fell from %.4f (epoch 1) to %.4f (epoch %d): %s\n", first, last, EPOCHS,
           last < first ? "lower" : "NOT LOWER");
    free(g.all);
    return acc;
}

int main(void)
{
    double X[POINTS * DIM];
    int labels[POINTS];
    make_spiral(X, labels);
    printf("spiral: %d classes of %d points in the plane\n", CLASSES, PER_CLASS);

    /* The gradient checks run with biases too, so that no gradient is
     * checked only at zero; training starts from zero biases. */
    Params p = new_params();
    init_params(&p, 0.1);
    int bad = check_against_handwritten(&p, POINTS, X, labels);
    bad |= check_against_differences(&p, 40, POINTS, X, labels);
    init_params(&p, 0.0);
    bad |= check_one_step(&p, POINTS, X, labels);
    printf("gradient check: %s\n\n", bad ? "FAILED" : "ok");

    double acc = train(&p, X, labels);
    printf("final training accuracy: %.1f%%\n", acc);
    free(p.all);
    return bad || acc < 95.0;
}
