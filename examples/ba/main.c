/*
 * Uses the gradient bpgen generated from model.c, the bundle adjustment
 * objective of ADBench: on deterministic synthetic scenes (a fixed-seed
 * generator; camera 0 has no rotation, so Rodrigues' small-angle form runs
 * too) it evaluates the objective and its gradient in the cameras, points
 * and weights, and compares the gradient with central finite differences,
 * every coordinate on a small scene and a random sample on a larger one.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double ba_objective(int n, int m, int p, const double *cams, const double *X, const double *w,
                    const int *obs, const double *feats);
double ba_objective_grad(int n, int m, int p, const double *cams, double *d_cams,
                         const double *X, double *d_X, const double *w, double *d_w,
                         const int *obs, const double *feats);

/* splitmix64: the same numbers on every machine. */
static uint64_t rng_state;

static double uniform(double lo, double hi)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    return lo + (hi - lo) * (double)(z >> 11) / 9007199254740992.0;
}

/* A scene: n cameras, m points, p observations; the parameters in one
 * array (cameras, points, weights), so that finite differences can perturb
 * any coordinate. */
typedef struct {
    int n, m, p;
    double *theta, *feats;
    int *obs;
} Scene;

static Scene make_scene(int n, int m, int p, uint64_t seed)
{
    Scene s = {n, m, p, malloc(sizeof(double) * (11 * n + 3 * m + p)),
               malloc(sizeof(double) * 2 * p), malloc(sizeof(int) * 2 * p)};
    double *cams = s.theta, *X = cams + 11 * n, *w = X + 3 * m;
    rng_state = seed;
    for (int c = 0; c < n; c++) {
        double *cam = &cams[11 * c];
        for (int i = 0; i < 3; i++)
            cam[i] = c == 0 ? 0.0 : uniform(-0.2, 0.2);          /* rotation */
        cam[3] = uniform(-0.5, 0.5);                              /* centre, behind the points */
        cam[4] = uniform(-0.5, 0.5);
        cam[5] = uniform(-6.0, -5.0);
        cam[6] = uniform(0.8, 1.2);                               /* focal length */
        cam[7] = uniform(-0.05, 0.05);                            /* principal point */
        cam[8] = uniform(-0.05, 0.05);
        cam[9] = uniform(-0.1, 0.1);                              /* radial distortion */
        cam[10] = uniform(-0.05, 0.05);
    }
    for (int i = 0; i < 3 * m; i++)
        X[i] = uniform(-1, 1);
    for (int i = 0; i < p; i++) {
        s.obs[2 * i] = i < n ? i : (int)(uniform(0, 1) * n);      /* every camera sees a point */
        s.obs[2 * i + 1] = i < m ? i : (int)(uniform(0, 1) * m);  /* every point is seen */
        w[i] = uniform(0.5, 1.5);
        s.feats[2 * i] = uniform(-0.3, 0.3);
        s.feats[2 * i + 1] = uniform(-0.3, 0.3);
    }
    return s;
}

static double objective(const Scene *s, const double *theta)
{
    const double *cams = theta, *X = cams + 11 * s->n, *w = X + 3 * s->m;
    return ba_objective(s->n, s->m, s->p, cams, X, w, s->obs, s->feats);
}

/* Checks `count` coordinates of the gradient (all of them when count is 0)
 * and returns the number that disagree with finite differences. */
static int check(const Scene *s, int count)
{
    int len = 11 * s->n + 3 * s->m + s->p;
    double *grad = calloc(len, sizeof(double)), *t = malloc(sizeof(double) * len);
    double *cams = s->theta, *X = cams + 11 * s->n, *w = X + 3 * s->m;
    double f = objective(s, s->theta);
    double fg = ba_objective_grad(s->n, s->m, s->p, cams, grad, X, grad + 11 * s->n, w,
                                  grad + 11 * s->n + 3 * s->m, s->obs, s->feats);
    printf("ba %d cameras, %d points, %d observations: objective %.6f, the gradient's primal %s\n",
           s->n, s->m, s->p, f, fg == f ? "agrees" : "DIFFERS");
    int bad = fg != f, checked = count ? count : len;
    double worst = 0;
    for (int c = 0; c < checked; c++) {
        int i = count ? (int)(uniform(0, 1) * len) : c;
        double h = 1e-6;
        memcpy(t, s->theta, sizeof(double) * len);
        t[i] += h;
        double up = objective(s, t);
        t[i] -= 2 * h;
        double fd = (up - objective(s, t)) / (2 * h);
        double err = fabs(grad[i] - fd) / (1 + fabs(fd));
        if (err > worst)
            worst = err;
        if (err > 1e-5) {
            printf("  coordinate %d: gradient %.9g, finite differences %.9g\n", i, grad[i], fd);
            bad++;
        }
    }
    printf("  %d of %d coordinates checked, largest error %s 1e-5\n", checked, len,
           worst <= 1e-5 ? "below" : "ABOVE");
    free(grad);
    free(t);
    return bad;
}

int main(void)
{
    Scene small = make_scene(3, 8, 20, 1), large = make_scene(20, 500, 2000, 2);
    int bad = check(&small, 0) + check(&large, 60);
    Scene *scenes[2] = {&small, &large};
    for (int i = 0; i < 2; i++) {
        free(scenes[i]->theta);
        free(scenes[i]->feats);
        free(scenes[i]->obs);
    }
    printf(bad ? "gradient check: FAILED\n" : "gradient check: ok\n");
    return bad != 0;
}
