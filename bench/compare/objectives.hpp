/*
 * The objectives of bench/compare in C++, templated on the scalar type, for
 * ADOL-C (adolc.cpp instantiates them on adouble to tape them, and on
 * double for its own primal).  Each is a line-for-line transcription of
 * the C in examples/ (gmm, ba, lstm, mlp/model.c with libbpgen's
 * primitives as loops, neuron/neuron.c): the same operations in the same
 * order, so that ADOL-C tapes the function bpgen differentiates; the
 * driver checks that the gradients agree.
 *
 * Branches on values (the maximum of logsumexp, the ReLU, the zero angle
 * of Rodrigues' rotation) are plain C++ comparisons: ADOL-C records the
 * branch taken, so a tape is valid at points that take the same branches,
 * which the benchmark's reuse of a tape at one point satisfies.
 */
#ifndef COMPARE_OBJECTIVES_HPP
#define COMPARE_OBJECTIVES_HPP

#include <cmath>
#include <vector>

namespace objectives {

using std::cos;
using std::exp;
using std::log;
using std::sin;
using std::sqrt;
using std::tanh;

/* ---- GMM: examples/gmm/model.c ---------------------------------------- */

template <class T> T gmm_logsumexp(const T *x, int n)
{
    T mx = x[0];
    for (int i = 1; i < n; i++)
        if (x[i] > mx)
            mx = x[i];
    T s = 0.0;
    for (int i = 0; i < n; i++)
        s += exp(x[i] - mx);
    return mx + log(s);
}

template <class T> T sqnorm(const T *x, int n)
{
    T s = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s;
}

template <class T>
void Qtimesx(int d, const T *qdiag, const T *ltri, const T *x, T *out)
{
    for (int i = 0; i < d; i++)
        out[i] = qdiag[i] * x[i];
    int idx = 0;
    for (int i = 0; i < d; i++)
        for (int j = i + 1; j < d; j++) {
            out[j] += ltri[idx] * x[i];
            idx++;
        }
}

template <class T> T sum_log_diag(int d, const T *icf)
{
    T s = 0.0;
    for (int i = 0; i < d; i++)
        s += icf[i];
    return s;
}

inline double log_gamma_distrib(double a, int p)
{
    double out = 0.25 * p * (p - 1) * std::log(M_PI);
    for (int j = 1; j <= p; j++)
        out += std::lgamma(a + 0.5 * (1 - j));
    return out;
}

template <class T>
T log_wishart_prior(int d, int k, double gamma, int m, const T *sum_qs, const T *qdiags,
                    const T *icf)
{
    int n = d + m + 1;
    int icf_sz = d * (d + 1) / 2;
    double C = n * d * (std::log(gamma) - 0.5 * std::log(2.0)) - log_gamma_distrib(0.5 * n, d);
    T out = 0.0;
    for (int j = 0; j < k; j++) {
        T frobenius = sqnorm(&qdiags[j * d], d) + sqnorm(&icf[j * icf_sz + d], icf_sz - d);
        out += 0.5 * gamma * gamma * frobenius - m * sum_qs[j];
    }
    return out - k * C;
}

template <class T>
T gmm(int d, int k, int n, const T *alphas, const T *means, const T *icf, const double *x,
      double gamma, int m)
{
    int icf_sz = d * (d + 1) / 2;
    std::vector<T> qdiags(d * k), sum_qs(k), xcentered(d), Qxcentered(d), main_term(k);
    for (int j = 0; j < k; j++) {
        sum_qs[j] = sum_log_diag(d, &icf[j * icf_sz]);
        for (int i = 0; i < d; i++)
            qdiags[j * d + i] = exp(icf[j * icf_sz + i]);
    }
    T slse = 0.0;
    for (int p = 0; p < n; p++) {
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < d; i++)
                xcentered[i] = x[p * d + i] - means[j * d + i];
            Qtimesx(d, &qdiags[j * d], &icf[j * icf_sz + d], xcentered.data(), Qxcentered.data());
            main_term[j] = alphas[j] + sum_qs[j] - 0.5 * sqnorm(Qxcentered.data(), d);
        }
        slse += gmm_logsumexp(main_term.data(), k);
    }
    double constant = -n * d * 0.5 * std::log(2 * M_PI);
    T lse_alphas = gmm_logsumexp(alphas, k);
    T prior = log_wishart_prior(d, k, gamma, m, sum_qs.data(), qdiags.data(), icf);
    return constant + slse - n * lse_alphas + prior;
}

/* ---- Bundle adjustment: examples/ba/model.c --------------------------- */

template <class T> T sqsum(const T *x, int n)
{
    T s = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s;
}

template <class T> void cross(const T *a, const T *b, T *out)
{
    out[0] = a[1] * b[2] - a[2] * b[1];
    out[1] = a[2] * b[0] - a[0] * b[2];
    out[2] = a[0] * b[1] - a[1] * b[0];
}

template <class T> void rodrigues_rotate_point(const T *rot, const T *pt, T *rotated)
{
    T sqtheta = sqsum(rot, 3);
    if (sqtheta != 0.0) {
        T theta = sqrt(sqtheta);
        T costheta = cos(theta);
        T sintheta = sin(theta);
        T theta_inverse = 1.0 / theta;
        T w[3], w_cross_pt[3];
        for (int i = 0; i < 3; i++)
            w[i] = rot[i] * theta_inverse;
        cross(w, pt, w_cross_pt);
        T tmp = (1.0 - costheta) * (w[0] * pt[0] + w[1] * pt[1] + w[2] * pt[2]);
        for (int i = 0; i < 3; i++)
            rotated[i] = pt[i] * costheta + w_cross_pt[i] * sintheta + w[i] * tmp;
    } else {
        T rot_cross_pt[3];
        cross(rot, pt, rot_cross_pt);
        for (int i = 0; i < 3; i++)
            rotated[i] = pt[i] + rot_cross_pt[i];
    }
}

template <class T> void radial_distort(const T *rad_params, T *proj)
{
    T rsq = sqsum(proj, 2);
    T L = 1.0 + rad_params[0] * rsq + rad_params[1] * rsq * rsq;
    proj[0] *= L;
    proj[1] *= L;
}

template <class T> void project_error(const T *cam, const T *X, const T &w, const double *feat, T *err)
{
    T Xo[3], Xcam[3], proj[2];
    for (int i = 0; i < 3; i++)
        Xo[i] = X[i] - cam[3 + i];
    rodrigues_rotate_point(&cam[0], Xo, Xcam);
    proj[0] = Xcam[0] / Xcam[2];
    proj[1] = Xcam[1] / Xcam[2];
    radial_distort(&cam[9], proj);
    for (int i = 0; i < 2; i++)
        err[i] = w * (proj[i] * cam[6] + cam[7 + i] - feat[i]);
}

template <class T>
T ba(int p, const T *cams, const T *X, const T *w, const int *obs, const double *feats)
{
    T total = 0.0;
    for (int i = 0; i < p; i++) {
        T err[2];
        project_error(&cams[obs[2 * i] * 11], &X[obs[2 * i + 1] * 3], w[i], &feats[2 * i], err);
        total += err[0] * err[0] + err[1] * err[1];
    }
    for (int i = 0; i < p; i++) {
        T e = 1.0 - w[i] * w[i];
        total += e * e;
    }
    return total;
}

/* ---- LSTM: examples/lstm/model.c -------------------------------------- */

template <class T> T sigmoid(const T &x)
{
    return 1.0 / (1.0 + exp(-x));
}

template <class T> T lstm_logsumexp(const T *x, int n)
{
    T sum = 0.0;
    for (int i = 0; i < n; i++)
        sum += exp(x[i]);
    sum += 2;
    return log(sum);
}

template <class T>
void lstm_model(int b, const T *weight, const T *bias, T *hidden, T *cell, const T *input)
{
    for (int i = 0; i < b; i++) {
        T forget = sigmoid<T>(input[i] * weight[i] + bias[i]);
        T ingate = sigmoid<T>(hidden[i] * weight[b + i] + bias[b + i]);
        T outgate = sigmoid<T>(input[i] * weight[2 * b + i] + bias[2 * b + i]);
        T change = tanh(hidden[i] * weight[3 * b + i] + bias[3 * b + i]);
        cell[i] = cell[i] * forget + ingate * change;
        hidden[i] = outgate * tanh(cell[i]);
    }
}

template <class T>
void lstm_predict(int l, int b, const T *w, const T *w2, T *s, const double *x, T *out)
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

template <class T>
T lstm(int l, int c, int b, const T *main_params, const T *extra_params, const double *state,
       const double *sequence)
{
    std::vector<T> s(2 * l * b), ypred(b);
    for (int i = 0; i < 2 * l * b; i++)
        s[i] = state[i];
    T total = 0.0;
    int count = 0;
    for (int t = 0; t < c - 1; t++) {
        lstm_predict(l, b, main_params, extra_params, s.data(), &sequence[t * b], ypred.data());
        T lse = lstm_logsumexp(ypred.data(), b);
        const double *ygold = &sequence[(t + 1) * b];
        for (int i = 0; i < b; i++)
            total += ygold[i] * (ypred[i] - lse);
        count += b;
    }
    return -total / count;
}

/* ---- MLP: examples/mlp/model.c, libbpgen's primitives as loops -------- */

/* C[m×n] = A[m×k]·B[k×n], row-major: the dot products of bp_matmul. */
template <class A, class B, class T>
void matmul(int m, int k, int n, const A *a, const B *b, T *c)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            T s = 0.0;
            for (int p = 0; p < k; p++)
                s += a[i * k + p] * b[p * n + j];
            c[i * n + j] = s;
        }
}

/* bp_add_bias in place, then (if relu) bp_relu in place, entry by entry:
 * the same operations on each entry as the two calls of model.c. */
template <class T> void add_bias_relu(int m, int n, T *y, const T *bias, bool relu)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            y[i * n + j] += bias[j];
            if (relu && y[i * n + j] < 0)
                y[i * n + j] = 0.0;
        }
}

/* bp_softmax_xent: the mean over the rows of (max - row[label]) +
 * log sum exp(row - max). */
template <class T> T softmax_xent(int m, int n, const T *logits, const int *labels)
{
    T total = 0.0;
    for (int i = 0; i < m; i++) {
        const T *row = &logits[i * n];
        T max = row[0];
        for (int j = 1; j < n; j++)
            if (row[j] > max)
                max = row[j];
        T sum = 0.0;
        for (int j = 0; j < n; j++)
            sum += exp(row[j] - max);
        total += (max - row[labels[i]]) + log(sum);
    }
    return total / m;
}

template <class T>
T mlp(int N, int D, int H, int C, const double *X, const int *labels, const T *W1, const T *b1,
      const T *W2, const T *b2, double reg)
{
    std::vector<T> hidden(N * H), scores(N * C);
    matmul(N, D, H, X, W1, hidden.data());
    add_bias_relu(N, H, hidden.data(), b1, true);
    matmul(N, H, C, hidden.data(), W2, scores.data());
    add_bias_relu(N, C, scores.data(), b2, false);
    T data_loss = softmax_xent(N, C, scores.data(), labels);
    T reg_loss = 0.5 * reg * (sqnorm(W1, D * H) + sqnorm(W2, H * C));
    return data_loss + reg_loss;
}

/* ---- The lectures' scalar models: examples/neuron/neuron.c ------------ */

template <class T> T neuron(const T &w0, const T &x0, const T &w1, const T &x1, const T &w2)
{
    T s = w0 * x0 + w1 * x1 + w2;
    return 1.0 / (1.0 + exp(-s));
}

template <class T> T logistic_loss(const T &w, const T &b, double x, double t, double lambda)
{
    T z = w * x + b;
    T y = 1.0 / (1.0 + exp(-z));
    T L = 0.5 * (y - t) * (y - t);
    T R = 0.5 * w * w;
    return L + lambda * R;
}

} // namespace objectives

#endif /* COMPARE_OBJECTIVES_HPP */
