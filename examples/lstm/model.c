/*
 * The LSTM next-symbol loss of ADBench (Srajer, Kukelova, Fitzgibbon 2018),
 * written from its formulas.
 *
 * l layers of b hidden units read a sequence of c vectors of length b.
 * main_params holds, per layer, the 4b gate weights and then the 4b gate
 * biases (forget, input, output, change); extra_params the input scaling
 * (b), the output scaling (b) and the output bias (b).  state holds, per
 * layer, the hidden and the cell vector the sequence starts from.  At each
 * step the model predicts the next vector; the loss is the negative mean
 * of the next vector times the log-softmax of the prediction (where the
 * log-sum-exp has ADBench's + 2 in its sum).
 *
 * bpgen writes its gradient in main_params and extra_params,
 * lstm_objective_grad.
 */
#include <math.h>
#include <stdlib.h>
#include <bpgen.h>

static double sigmoid(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

/* log(sum_i exp(x[i]) + 2), ADBench's normaliser. */
static double logsumexp(const double *x, int n)
{
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += exp(x[i]);
    sum += 2;
    return log(sum);
}

/* One LSTM cell step on b units: updates hidden and cell in place from
 * input.  weight and bias hold the four gates one after the other. */
static void lstm_model(int b, const double *weight, const double *bias, double *hidden,
                       double *cell, const double *input)
{
    for (int i = 0; i < b; i++) {
        double forget = sigmoid(input[i] * weight[i] + bias[i]);
        double ingate = sigmoid(hidden[i] * weight[b + i] + bias[b + i]);
        double outgate = sigmoid(input[i] * weight[2 * b + i] + bias[2 * b + i]);
        double change = tanh(hidden[i] * weight[3 * b + i] + bias[3 * b + i]);
        cell[i] = cell[i] * forget + ingate * change;
        hidden[i] = outgate * tanh(cell[i]);
    }
}

/* One step of the whole network: scales the input, runs it through the l
 * layers (updating their state), and scales the last hidden vector into
 * the prediction out.  out also carries each layer's input: the scaled
 * input for layer 0, a copy of the hidden vector of layer i - 1 for layer
 * i.  (Written so rather than as ADBench's `xp = &s[...]`, a pointer moved
 * from out into s, which bpgen 0.1.0 rejects; and passing &s[...] as the
 * input instead gave a wrong gradient: the reverse sweep read that input
 * from s after later steps had overwritten it.) */
static void lstm_predict(int l, int b, const double *w, const double *w2, double *s,
                         const double *x, double *out)
{
    for (int i = 0; i < b; i++)
        out[i] = x[i] * w2[i];
    for (int i = 0; i < l; i++) {
        lstm_model(b, &w[2 * i * 4 * b], &w[(2 * i + 1) * 4 * b], &s[2 * i * b],
                   &s[(2 * i + 1) * b], out);
        for (int j = 0; j < b; j++)
            out[j] = s[2 * i * b + j];
    }
    for (int i = 0; i < b; i++)
        out[i] = out[i] * w2[b + i] + w2[2 * b + i];
}

BP_GRAD(main_params, extra_params)
double lstm_objective(int l, int c, int b, const double *main_params, const double *extra_params,
                      const double *state, const double *sequence)
{
    double *s = malloc(sizeof(double) * 2 * l * b);
    double *ypred = malloc(sizeof(double) * b);
    for (int i = 0; i < 2 * l * b; i++)
        s[i] = state[i];

    double total = 0;
    int count = 0;
    for (int t = 0; t < c - 1; t++) {
        lstm_predict(l, b, main_params, extra_params, s, &sequence[t * b], ypred);
        double lse = logsumexp(ypred, b);
        const double *ygold = &sequence[(t + 1) * b];
        for (int i = 0; i < b; i++)
            total += ygold[i] * (ypred[i] - lse);
        count += b;
    }

    free(s);
    free(ypred);
    return -total / count;
}
