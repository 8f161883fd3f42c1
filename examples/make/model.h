/* The model and its gradient, for main.c; model.c takes its size from here,
 * so that changing N remakes model_grad.c. */
#ifndef MODEL_H
#define MODEL_H

#define N 3

double quadratic(const double *x, const double *a);
double quadratic_grad(const double *x, double *d_x, const double *a);

#endif
